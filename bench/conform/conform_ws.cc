// `pushbench conform`'s WebSocket reader.
#include "conform_ws.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "clock.h"
#include "fd.h"
#include "tls_client.h"

namespace pushbench {
namespace {

// The connection: the socket, and over it a TLS session for wss://. Blocking, with the socket's
// send and receive timeouts set to what is left before the deadline before each call.
class Conn {
 public:
  explicit Conn(Fd fd) : fd_(std::move(fd)) {}
  bool open() const noexcept { return fd_.get() >= 0; }

  // The TLS handshake, verifying the server's certificate for `host`; "" or why it failed.
  std::string start_tls(const std::string& host, const std::string& ca, int64_t deadline_ns) {
    std::string error;
    ctx_ = make_tls_client_context(ca, error);
    if (!ctx_) {
      return error;
    }
    static constexpr unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(ctx_.get(), kAlpn, sizeof kAlpn);
    ssl_ = make_tls_client_session(ctx_.get(), host, fd_.get());
    if (!ssl_) {
      return "SSL_new failed";
    }
    set_timeouts(deadline_ns);
    if (SSL_connect(ssl_.get()) != 1) {
      return fmt::format("the TLS handshake failed: {}", tls_failure(ssl_.get()));
    }
    return "";
  }

  bool send_all(const std::string& data, int64_t deadline_ns) {
    set_timeouts(deadline_ns);
    if (ssl_) {
      size_t written = 0;
      return SSL_write_ex(ssl_.get(), data.data(), data.size(), &written) == 1 &&
             written == data.size();
    }
    return ::send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(data.size());
  }

  // Reads exactly n bytes (appending them to out) before deadline_ns; false on EOF, error or
  // time.
  bool read_exactly(size_t n, std::string& out, int64_t deadline_ns) {
    while (n > 0) {
      if (!set_timeouts(deadline_ns)) {
        return false;
      }
      char buf[4096];
      const size_t want = std::min(n, sizeof buf);
      ssize_t got = 0;
      if (ssl_) {
        size_t read = 0;
        got = SSL_read_ex(ssl_.get(), buf, want, &read) == 1 ? static_cast<ssize_t>(read) : -1;
      } else {
        got = ::recv(fd_.get(), buf, want, 0);
        if (got < 0 && errno == EINTR) {
          continue;
        }
      }
      if (got <= 0) {
        return false;
      }
      out.append(buf, static_cast<size_t>(got));
      n -= static_cast<size_t>(got);
    }
    return true;
  }

 private:
  // False once the deadline has passed.
  bool set_timeouts(int64_t deadline_ns) const noexcept {
    const int64_t left_ns = deadline_ns - mono_ns();
    if (left_ns <= 0) {
      return false;
    }
    timeval tv{.tv_sec = left_ns / 1'000'000'000, .tv_usec = left_ns % 1'000'000'000 / 1000};
    setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return true;
  }

  Fd fd_;
  SslCtxPtr ctx_;
  SslPtr ssl_;
};

Fd connect_to(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
      rc != 0) {
    error = fmt::format("cannot resolve {}: {}", host, gai_strerror(rc));
    return Fd();
  }
  Fd fd;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    Fd s(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (s.get() >= 0 && ::connect(s.get(), a->ai_addr, a->ai_addrlen) == 0) {
      fd = std::move(s);
      break;
    }
    error = fmt::format("cannot connect to {}:{}: {}", host, port, std::strerror(errno));
  }
  freeaddrinfo(found);
  return fd;
}
}  // namespace

WsRead ws_read(const std::string& host, int port, const std::string& target, size_t count,
               double timeout_s, const WsTls& tls) {
  WsRead r;
  const int64_t deadline = mono_ns() + static_cast<int64_t>(timeout_s * 1e9);
  Conn conn(connect_to(host, port, r.error));
  if (!conn.open()) {
    return r;
  }
  r.error.clear();
  if (tls.on) {
    r.error = conn.start_tls(host, tls.ca, deadline);
    if (!r.error.empty()) {
      return r;
    }
  }
  const std::string request = fmt::format(
      "GET {} HTTP/1.1\r\nHost: {}:{}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      target, host, port);
  if (!conn.send_all(request, deadline)) {
    r.error = fmt::format("cannot send the handshake: {}", std::strerror(errno));
    return r;
  }
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > 16 * 1024 || !conn.read_exactly(1, head, deadline)) {
      r.error = head.empty() ? "no answer to the handshake" : "the handshake's answer never ended";
      return r;
    }
  }
  r.status = head.substr(0, head.find("\r\n"));
  if (r.status.find(" 101") == std::string::npos) {
    r.error = fmt::format("the handshake was answered '{}', not 101", r.status);
    return r;
  }
  while (r.messages.size() < count) {
    std::string header;
    if (!conn.read_exactly(2, header, deadline)) {
      r.error = fmt::format("{} message(s) in {:g} s", r.messages.size(), timeout_s);
      return r;
    }
    const auto b0 = static_cast<unsigned char>(header[0]);
    const auto b1 = static_cast<unsigned char>(header[1]);
    uint64_t length = b1 & 0x7f;
    const size_t extra = length == 126 ? 2 : length == 127 ? 8 : 0;
    std::string ext;
    if (extra > 0 && !conn.read_exactly(extra, ext, deadline)) {
      r.error = "a frame header was cut off";
      return r;
    }
    if (extra > 0) {
      length = 0;
      for (char c : ext) {
        length = length << 8 | static_cast<unsigned char>(c);
      }
    }
    if ((b1 & 0x80) != 0 || length > 16 * 1024 * 1024) {
      r.error = (b1 & 0x80) != 0 ? "a server frame was masked" : "a frame over 16 MiB";
      return r;
    }
    std::string payload;
    if (!conn.read_exactly(static_cast<size_t>(length), payload, deadline)) {
      r.error = "a frame was cut off";
      return r;
    }
    const unsigned opcode = b0 & 0x0f;
    if (opcode == 0x1 && (b0 & 0x80) != 0) {
      r.messages.push_back(std::move(payload));
    } else if (opcode == 0x8) {
      r.error = "the server closed the WebSocket";
      return r;
    } else if (opcode == 0x0 || opcode == 0x2 || (opcode == 0x1 && (b0 & 0x80) == 0)) {
      r.error = "an event came as a binary or fragmented message, not one text frame";
      return r;
    }  // ping and pong frames are skipped
  }
  return r;
}

}  // namespace pushbench
