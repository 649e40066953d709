// HPACK header blocks of the HTTP/2 clients' requests, through libnghttp2's deflater.
#include "hpack_replay.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace pushbench {
namespace {
// libnghttp2's deflater table (NGHTTP2_DEFAULT_HEADER_TABLE_SIZE): libcurl keeps the default.
constexpr size_t kDeflateTable = 4096;
// The server's SETTINGS_HEADER_TABLE_SIZE (lws 4.1.6: 65536). libnghttp2 applies any value the
// peer sends by signalling a table size update at the start of its next block (3 bytes for
// 4096), whatever the size: libcurl sends a connection's first request before it has read the
// server's SETTINGS, so the update rides on the second.
constexpr size_t kServerTable = 65536;

// Headers HTTP/2 does not carry (RFC 9113 §8.2.2) or libcurl turns into pseudo-headers.
bool dropped(std::string_view lower_name) noexcept {
  return lower_name == "host" || lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "proxy-connection" || lower_name == "transfer-encoding" ||
         lower_name == "upgrade" || lower_name == "te";
}

nghttp2_nv nv(std::string_view name, std::string_view value) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}
}  // namespace

void HpackReplay::DeflaterDelete::operator()(nghttp2_hd_deflater* d) const noexcept {
  nghttp2_hd_deflate_del(d);
}

HpackReplay::HpackReplay() = default;
HpackReplay::~HpackReplay() = default;

std::string_view HpackReplay::target_of(std::string_view url) noexcept {
  const size_t scheme = url.find("://");
  const size_t from = scheme == std::string_view::npos ? 0 : scheme + 3;
  const size_t slash = url.find('/', from);
  return slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
}

HpackReplay::Block HpackReplay::encode(int conn, const Request& request) {
  Connection& c = by_conn_[conn];
  if (!c.deflater) {
    nghttp2_hd_deflater* d = nullptr;
    if (nghttp2_hd_deflate_new(&d, kDeflateTable) != 0) {
      throw std::runtime_error("nghttp2_hd_deflate_new failed");
    }
    c.deflater.reset(d);
  } else if (c.blocks == 1) {
    nghttp2_hd_deflate_change_table_size(c.deflater.get(), kServerTable);
  }
  // libcurl 7.88's order: the pseudo-headers, then its own and the handle's headers as its
  // HTTP/1.1 request would carry them, names lower-cased.
  std::vector<std::string> names;
  std::vector<std::string_view> values;
  names.reserve(8);
  values.reserve(8);
  std::string_view authority = request.authority;
  bool accept = false;
  bool content_type = false;
  for (const curl_slist* h = request.headers; h != nullptr; h = h->next) {
    std::string_view line(h->data);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    if (name == "host" && !value.empty()) {
      authority = value;  // libcurl sends a Host header's value as :authority
      continue;
    }
    if (value.empty() || dropped(name) || name == "expect") {
      continue;  // "Name:" with no value removes a header libcurl would add
    }
    accept = accept || name == "accept";
    content_type = content_type || name == "content-type";
    names.push_back(std::move(name));
    values.push_back(value);
  }
  std::vector<nghttp2_nv> nva = {nv(":method", request.method), nv(":path", request.target),
                                 nv(":scheme", "https"), nv(":authority", authority)};
  if (!accept) {
    nva.push_back(nv("accept", "*/*"));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    nva.push_back(nv(names[i], values[i]));
  }
  std::string length;
  if (request.body_bytes >= 0) {
    if (!content_type) {
      nva.push_back(nv("content-type", "application/x-www-form-urlencoded"));
    }
    length = std::to_string(request.body_bytes);
    nva.push_back(nv("content-length", length));
  }
  out_.resize(nghttp2_hd_deflate_bound(c.deflater.get(), nva.data(), nva.size()));
  const ssize_t n =
      nghttp2_hd_deflate_hd(c.deflater.get(), out_.data(), out_.size(), nva.data(), nva.size());
  if (n < 0) {
    throw std::runtime_error("nghttp2_hd_deflate_hd failed");
  }
  return {static_cast<uint64_t>(n), c.blocks++ == 0};
}

void HpackReplay::forget(int conn) noexcept { by_conn_.erase(conn); }

}  // namespace pushbench
