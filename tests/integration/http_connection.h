// A blocking HTTP/1.1 client on one loopback socket for the server tests: raw requests out, one
// parsed response at a time back (status line, headers, Content-Length body).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace pushbench::test {

constexpr int kIoTimeoutS = 5;

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

std::string lower(std::string s);

// Connects to ipv4:port (loopback by default); reads time out after io_timeout_s.
class HttpConnection {
 public:
  explicit HttpConnection(int port, int io_timeout_s = kIoTimeoutS, const char* ipv4 = "127.0.0.1");
  ~HttpConnection() { close(); }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void close() noexcept;
  // Abortive close: the server sees a reset instead of a FIN.
  void reset() noexcept;
  void shutdown_write() noexcept;         // FIN after what was sent; reading goes on
  void send(const std::string& request);  // throws when the server closed the connection
  bool try_send(const std::string& request) noexcept;  // false instead of throwing

  // The next response; nullopt when the peer closes or the read times out first
  // (last_read_closed() tells which).
  std::optional<HttpResponse> read_response(bool expect_body = true);
  std::optional<HttpResponse> get(const std::string& target, const std::string& extra_headers = "");
  std::optional<HttpResponse> post(const std::string& target, const std::string& body);
  // True when the server closed the connection (read returns 0, or a reset) with no more bytes.
  bool peer_closed();
  bool last_read_closed() const noexcept { return closed_; }
  // Bytes received but not parsed as a response (after a nullopt: what the server sent).
  const std::string& unparsed() const noexcept { return buf_; }

 private:
  bool fill();

  int fd_;
  std::string buf_;
  bool closed_ = false;
};

}  // namespace pushbench::test
