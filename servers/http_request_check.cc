// Request-line and header checks lws does not make.
#include "http_request_check.h"

#include <libwebsockets.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "http_response.h"

namespace pushbench {
namespace {
// The header's value, cut to the buffer; "" when absent.
std::string header(lws* wsi, lws_token_indexes token) {
  std::array<char, 64> buf{};
  const int n = lws_hdr_copy(wsi, buf.data(), static_cast<int>(buf.size()), token);
  return n > 0 ? std::string(buf.data(), static_cast<size_t>(n)) : std::string();
}

// Printable for the reason line: at most 32 bytes, anything else as '?'.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 32)) {
    out.push_back(c > 0x20 && c < 0x7f ? c : '?');
  }
  return out;
}

// Decoded by lws, so a space is a space.
bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7f;
  });
}
}  // namespace

std::string request_problem(lws* wsi, std::string_view path) {
  if (is_h2_stream(wsi)) {
    // HTTP/2 (lws checked the frames and pseudo-headers): :authority stands for Host.
    if (lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_COLON_AUTHORITY) <= 0 &&
        lws_hdr_total_length(wsi, WSI_TOKEN_HOST) <= 0) {
      return "an HTTP/2 request needs :authority or Host";
    }
  } else {
    const std::string version = header(wsi, WSI_TOKEN_HTTP);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
      return fmt::format("unsupported HTTP version '{}' (HTTP/1.0 and HTTP/1.1 are served)",
                         printable(version));
    }
    if (version == "HTTP/1.1" && lws_hdr_total_length(wsi, WSI_TOKEN_HOST) <= 0) {
      return "an HTTP/1.1 request needs a Host header";
    }
  }
  if (lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) <= 0) {
    const std::string length = header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH);
    if ((!length.empty() && length != "0") ||
        lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) > 0) {
      return "only POST /send takes a request body";
    }
  }
  if (!printable_ascii(path)) {
    return "the path has bytes outside printable ASCII";
  }
  std::array<char, 256> arg{};
  for (int i = 0;; ++i) {
    const int n = lws_hdr_copy_fragment(wsi, arg.data(), static_cast<int>(arg.size()),
                                        WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0) {
      break;  // no more arguments (an overlong one is request_args' 400)
    }
    if (!printable_ascii(std::string_view(arg.data(), static_cast<size_t>(n)))) {
      return "the query has bytes outside printable ASCII";
    }
  }
  return {};
}

}  // namespace pushbench
