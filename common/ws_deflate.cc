// permessage-deflate: the extension list and reading the server's answer.
#include "ws_deflate.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include <array>

#include "config_error.h"
#include "parse.h"

namespace pushbench {
namespace {
constexpr char kName[] = "permessage-deflate";
constexpr int kMaxHeader = 256;  // lws' own client offer is 64 bytes

}  // namespace

std::string_view name(DeflateOffer o) noexcept {
  return o == DeflateOffer::kBrowser ? "browser" : "lws";
}

DeflateOffer parse_deflate_offer(std::string_view text) {
  if (text == "lws") {
    return DeflateOffer::kLws;
  }
  if (text == "browser") {
    return DeflateOffer::kBrowser;
  }
  throw ConfigError(fmt::format("unknown --deflate-offer '{}' (known: lws, browser)", text));
}

LwsExtensions permessage_deflate_extensions(DeflateOffer offer) noexcept {
  const char* text = offer == DeflateOffer::kBrowser
                         ? "permessage-deflate; client_max_window_bits"
                         : "permessage-deflate; client_no_context_takeover; client_max_window_bits";
  return {{{kName, &lws_extension_callback_pm_deflate, text}, {nullptr, nullptr, nullptr}}};
}

bool accepts_permessage_deflate(std::string_view header) noexcept {
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view entry = header.substr(0, comma);
    if (trim_ows(entry.substr(0, entry.find(';'))) == std::string_view(kName)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    header.remove_prefix(comma + 1);
  }
  return false;
}

bool server_accepted_permessage_deflate(lws* wsi) noexcept {
  std::array<char, kMaxHeader> buf{};
  const int n = lws_hdr_copy(wsi, buf.data(), kMaxHeader, WSI_TOKEN_EXTENSIONS);
  return n > 0 && accepts_permessage_deflate(std::string_view(buf.data(), static_cast<size_t>(n)));
}

std::string DeflateParams::problem(bool upstream) const {
  if (window_bits != kAutoWindow && (window_bits < 9 || window_bits > 15)) {
    return fmt::format("--deflate-window-bits must be 9..15, or 0 for automatic (got {})",
                       window_bits);
  }
  if (mem_level < 1 || mem_level > 9) {
    return fmt::format("--deflate-mem-level must be 1..9 (got {})", mem_level);
  }
  if (upstream && window_for(upstream) < 15) {
    return "--deflate-window-bits below 15 does not go with chat or game: lws 4.1.6 inflates "
           "what clients send with the server's window, too small for a client's 15-bit one";
  }
  return "";
}

void DeflateParams::apply(lws* wsi, bool upstream) const noexcept {
  const std::string bits = std::to_string(window_for(upstream));
  const std::string level = std::to_string(mem_level);
  lws_set_extension_option(wsi, "permessage-deflate", "server_max_window_bits", bits.c_str());
  lws_set_extension_option(wsi, "permessage-deflate", "mem_level", level.c_str());
}

void add_deflate_options(CLI::App& app, DeflateParams& params) {
  app.add_option("--deflate-window-bits", params.window_bits,
                 "ws-deflate: the server's zlib window, 9..15 (its state is about 2^(bits+2) + "
                 "2^(mem-level+9) bytes per connection; below 15 not with chat/game); 0: 11, "
                 "or 15 with chat/game")
      ->capture_default_str();
  app.add_option("--deflate-mem-level", params.mem_level,
                 "ws-deflate: the server's zlib memLevel, 1..9")
      ->capture_default_str();
}

}  // namespace pushbench
