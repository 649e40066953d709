// The opening handshake of the lean WebSocket client.
#include "ws_handshake.h"

#include <openssl/evp.h>
#include <strings.h>

#include <fmt/format.h>

#include "parse.h"

namespace pushbench {
namespace {
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

std::string base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

bool iequal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::string ws_key(const std::array<uint8_t, 16>& nonce) {
  return base64(nonce.data(), nonce.size());
}

std::string ws_accept_for(std::string_view key) {
  std::string text(key);
  text += kGuid;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha1(), nullptr) != 1) {
    return {};  // no accept value matches: the handshake is refused
  }
  return base64(digest.data(), len);
}

std::string ws_upgrade_request(std::string_view path, std::string_view host_port,
                               std::string_view key) {
  return fmt::format(
      "GET {} HTTP/1.1\r\n"
      "Pragma: no-cache\r\n"
      "Cache-Control: no-cache\r\n"
      "Host: {}\r\n"
      "Origin: http://{}\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Key: {}\r\n"
      "Sec-WebSocket-Version: 13\r\n"
      "\r\n",
      path, host_port, host_port, key);
}

void WsHandshakeResponse::reset(std::string_view key) {
  expected_accept_ = ws_accept_for(key);
  head_.clear();
  frames_offset_ = 0;
  why_.clear();
}

WsHandshakeResponse::Status WsHandshakeResponse::add(std::string_view bytes) {
  const size_t before = head_.size();
  head_.append(bytes.substr(0, kMaxHeaderBytes + 4 - std::min(before, kMaxHeaderBytes + 4)));
  // The end may straddle two reads: look from 3 bytes before this one's start.
  const size_t end = head_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
  if (end == std::string::npos) {
    if (head_.size() > kMaxHeaderBytes) {
      why_ = fmt::format("the handshake response's headers pass {} bytes", kMaxHeaderBytes);
      return Status::kRefused;
    }
    return Status::kPartial;
  }
  frames_offset_ = end + 4 - before;
  head_.resize(end + 2);  // each line, the last one too, ends with CRLF
  return check();
}

WsHandshakeResponse::Status WsHandshakeResponse::check() {
  std::string_view rest = head_;
  const size_t eol = rest.find("\r\n");
  const std::string_view status = rest.substr(0, eol);
  rest.remove_prefix(eol + 2);
  if (status.substr(0, 13) != "HTTP/1.1 101 " && status != "HTTP/1.1 101") {
    why_ = fmt::format("the handshake was answered '{}', not 101", status.substr(0, 80));
    return Status::kRefused;
  }
  bool upgrade = false;
  bool connection = false;
  bool accept = false;
  while (!rest.empty()) {
    const size_t end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      why_ = "a handshake response header without a colon";
      return Status::kRefused;
    }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (iequal(name, "upgrade")) {
      upgrade = iequal(value, "websocket");
    } else if (iequal(name, "connection")) {
      connection = iequal(value, "upgrade");
    } else if (iequal(name, "sec-websocket-accept")) {
      accept = !expected_accept_.empty() && value == expected_accept_;
    } else if (iequal(name, "sec-websocket-extensions") || iequal(name, "sec-websocket-protocol")) {
      why_ = fmt::format("the server chose '{}' though none was offered", name);
      return Status::kRefused;
    }
  }
  if (!upgrade || !connection || !accept) {
    why_ = !accept ? "Sec-WebSocket-Accept is missing or not the key's"
                   : "the 101 lacks Upgrade: websocket or Connection: Upgrade";
    return Status::kRefused;
  }
  return Status::kAccepted;
}

}  // namespace pushbench
