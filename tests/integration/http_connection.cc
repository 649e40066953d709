// The tests' blocking HTTP/1.1 client.
#include "http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "test_support.h"

namespace pushbench::test {
namespace {
std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
}  // namespace

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

HttpConnection::HttpConnection(int port, int io_timeout_s, const char* ipv4)
    : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  if (fd_ < 0) {
    throw std::runtime_error("socket() failed");
  }
  timeval tv{io_timeout_s, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, ipv4, &a.sin_addr) != 1) {
    ::close(fd_);
    throw std::runtime_error("not an IPv4 address");
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot connect to the server");
  }
}

void HttpConnection::close() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

void HttpConnection::reset() noexcept {
  linger l{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close();
}

void HttpConnection::shutdown_write() noexcept { ::shutdown(fd_, SHUT_WR); }

bool HttpConnection::try_send(const std::string& request) noexcept {
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

void HttpConnection::send(const std::string& request) {
  if (!try_send(request)) {
    throw std::runtime_error("send failed");
  }
}

std::optional<HttpResponse> HttpConnection::read_response(bool expect_body) {
  size_t end = 0;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) {
      return std::nullopt;
    }
  }
  HttpResponse r;
  std::vector<std::string> lines = split_lines(buf_.substr(0, end));
  // "HTTP/1.1 200 OK"; lws answers a refused upgrade with "HTTP/1.0 ...".
  if (lines.empty() || lines[0].rfind("HTTP/1.", 0) != 0 || lines[0].size() < 12) {
    return std::nullopt;
  }
  buf_.erase(0, end + 4);
  r.version = lines[0].substr(0, 8);
  r.status = std::atoi(lines[0].c_str() + 9);
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon != std::string::npos) {
      r.headers[lower(lines[i].substr(0, colon))] = trim(lines[i].substr(colon + 1));
    }
  }
  const size_t len =
      expect_body ? std::strtoul(r.header("content-length").c_str(), nullptr, 10) : 0;
  while (buf_.size() < len) {
    if (!fill()) {
      return std::nullopt;
    }
  }
  r.body = buf_.substr(0, len);
  buf_.erase(0, len);
  return r;
}

std::optional<HttpResponse> HttpConnection::get(const std::string& target,
                                                const std::string& extra_headers) {
  send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n");
  return read_response();
}

std::optional<HttpResponse> HttpConnection::post(const std::string& target,
                                                 const std::string& body) {
  send("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
       std::to_string(body.size()) + "\r\n\r\n" + body);
  return read_response();
}

bool HttpConnection::peer_closed() {
  char c = 0;
  const ssize_t n = ::recv(fd_, &c, 1, 0);
  return buf_.empty() && (n == 0 || (n < 0 && errno == ECONNRESET));
}

bool HttpConnection::fill() {
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    closed_ = n == 0 || errno == ECONNRESET;
    return false;
  }
  buf_.append(chunk, static_cast<size_t>(n));
  return true;
}

}  // namespace pushbench::test
