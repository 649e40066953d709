// One libcurl multi handle driven by curl_multi_socket_action over epoll, so an HTTP client
// process stays O(active sockets) at thousands of connections. Every socket curl opens goes
// through the window's socket meter (TCP_INFO bytes and segments, connections opened).
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "curl_handles.h"
#include "fd.h"
#include "h2c_connections.h"
#include "hpack_replay.h"

namespace pushbench {

class Measurement;

class CurlLoop {
 public:
  // on_done(owner, easy, result) runs for every finished transfer, after it left the multi.
  using DoneFn = void (*)(void* owner, CURL* easy, CURLcode result);

  CurlLoop(Measurement& m, long max_connections, void* owner, DoneFn on_done);
  ~CurlLoop();
  CurlLoop(const CurlLoop&) = delete;
  CurlLoop& operator=(const CurlLoop&) = delete;

  // HTTP/2: every request to one host name is a stream on that name's one connection, at most
  // kH2ClientMaxStreams at once (more wait in curl for a stream to end).
  void multiplex_streams();
  // HTTP/2 without TLS (h2c, prior knowledge): each request's HTTP version is chosen by
  // h2c_connections.h, around libcurl 7.88's broken reuse of such connections.
  void h2c_prior_knowledge() { h2c_.emplace(); }
  // With h2c: `easy`'s requests go on connection `name`.
  void name_connection(CURL* easy, std::string name) {
    if (h2c_) {
      h2c_->name(easy, std::move(name));
    }
  }
  // Options every client handle gets: metered sockets, no signals, TCP_NODELAY.
  void prepare(CURL* easy);
  void add(CURL* easy);
  void remove(CURL* easy) noexcept;
  // HTTP/2 request header blocks, one HPACK state per connection (keyed by its local port,
  // forgotten when its socket closes).
  HpackReplay& hpack() noexcept { return hpack_; }
  // Waits for socket events or curl's timer until at most until_ns (CLOCK_MONOTONIC), lets curl
  // act on them, then reports finished transfers.
  void run_once(int64_t until_ns);

 private:
  void report_done();
  static int on_socket(CURL* easy, curl_socket_t s, int what, void* self, void* socketp) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;
  static curl_socket_t on_open(void* self, curlsocktype purpose, curl_sockaddr* addr) noexcept;
  static int on_close(void* self, curl_socket_t fd) noexcept;

  Measurement& m_;
  void* owner_;
  DoneFn on_done_;
  CurlGlobal curl_global_;
  Fd epoll_;
  std::vector<bool> registered_;  // by fd: in the epoll set
  int64_t curl_due_ns_ = -1;      // CURLMOPT_TIMERFUNCTION's deadline, -1 = none
  HpackReplay hpack_;
  std::optional<H2cConnections> h2c_;
  CurlMulti multi_;
};

}  // namespace pushbench
