// poll, poll-close and longpoll clients on the HTTP share of the connection layer
// (CurlClientSession): --http-engine curl. Each client has its own easy handle, reused for every
// request, and, for poll and longpoll, its own keep-alive connection, as a browser tab would
// (curl_client_handle.h). When each request goes out is the PollTimeline's. Chat and game
// messages go up as POST /send through the HttpSender, on a second connection per client.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "client_options.h"
#include "clock.h"
#include "curl_client_handle.h"
#include "curl_client_session.h"
#include "measurement.h"
#include "poll_response.h"
#include "poll_timeline.h"
#include "session.h"
#include "tls_config.h"

namespace pushbench {
namespace {

constexpr int64_t kTimeoutSlackNs = 10 * kNsPerSec;

struct PollClient {
  int id = 0;
  CurlEasy easy;
  std::string host;   // "c<id>.pushbench.test": the name of this client's own connection
  CurlSlist resolve;  // "c<id>.pushbench.test:<port>:<host>"
  std::string body;
  int64_t after = -1;      // highest seq received: acknowledges everything up to it
  int64_t last_rx_ns = 0;  // when the latest response bytes were read
  bool ready = false;      // connected once: reported to the measurement
  Measurement* m = nullptr;
};

class HttpPollSession final : public CurlClientSession {
 public:
  HttpPollSession(const ClientOptions& options, Measurement& m);
  ~HttpPollSession() override;
  HttpPollSession(const HttpPollSession&) = delete;
  HttpPollSession& operator=(const HttpPollSession&) = delete;

 private:
  void start_due(int64_t now) override;
  int64_t next_due_ns() const noexcept override;
  void churn(int index) override;
  void on_transfer_done(CURL* easy, CURLcode result) noexcept override;
  void setup_client(PollClient& c);
  void start_request(int index);
  void finish(PollClient& c, CURLcode result);
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static int on_connected(void* client, char*, char*, int, int) noexcept;

  const char* path_;
  PollTimeline timeline_;
  CurlSlist headers_;
  std::vector<PollClient> clients_;
};

HttpPollSession::HttpPollSession(const ClientOptions& options, Measurement& m)
    : CurlClientSession(options, m),
      path_(http1_of(options.transport) == Transport::kLongPoll ? "longpoll" : "poll"),
      timeline_(options, mono_ns()) {
  // The request a minimal client sends: Host (the server's real address) and Accept: */*.
  append(headers_, fmt::format("Host: {}:{}", options.host, options.port).c_str());
  if (options.transport == Transport::kPollClose) {
    append(headers_, "Connection: close");
  }
  clients_.resize(static_cast<size_t>(options.count));
  for (int i = 0; i < options.count; ++i) {
    PollClient& c = clients_[static_cast<size_t>(i)];
    c.id = options.first_client + i;
    c.m = &m;
    setup_client(c);
  }
}

HttpPollSession::~HttpPollSession() {
  for (size_t i = 0; i < clients_.size(); ++i) {
    if (timeline_.in_flight(static_cast<int>(i))) {
      loop_.remove(clients_[i].easy.get());
    }
  }
}

void HttpPollSession::setup_client(PollClient& c) {
  c.host = client_connection_name(options_, 'c', c.id);
  c.easy = make_own_connection_handle(loop_, options_, c.host, c.resolve,
                                      {&c, &on_write, &on_connected});
  CURL* e = c.easy.get();
  const long timeout_ms = (options_.longpoll_timeout_ns + kTimeoutSlackNs) / kNsPerMs;
  check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms), "CURLOPT_TIMEOUT_MS");
  if (options_.transport == Transport::kPollClose) {
    check(curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L), "CURLOPT_FORBID_REUSE");
  }
}

void HttpPollSession::start_request(int index) {
  PollClient& c = clients_[static_cast<size_t>(index)];
  const std::string url = own_connection_url(
      options_, c.host, fmt::format("/{}?client={}&after={}", path_, c.id, c.after));
  check(curl_easy_setopt(c.easy.get(), CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  c.body.clear();
  loop_.add(c.easy.get());
}

void HttpPollSession::start_due(int64_t now) {
  timeline_.start_due(now, [this](int index) { start_request(index); });
}

int64_t HttpPollSession::next_due_ns() const noexcept { return timeline_.next_due_ns(); }

void HttpPollSession::finish(PollClient& c, CURLcode result) {
  long status = 0;
  curl_easy_getinfo(c.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result == CURLE_OK) {
    count_header_bytes(loop_, m_, options_, c.easy.get(), headers_.get(), "GET");
  }
  if (result != CURLE_OK) {
    m_.on_connect_error();
  } else {
    record_poll_response(m_, c.id, status, c.body, c.last_rx_ns, c.after);
  }
}

// --churn (long polls only): the held poll is dropped (curl closes a connection whose transfer
// is cut short) and asked again at once on a new connection; `after` still acknowledges what
// the client has, so the server answers from there.
void HttpPollSession::churn(int index) {
  if (!timeline_.in_flight(index)) {
    return;  // waiting to retry a failed poll
  }
  loop_.remove(clients_[static_cast<size_t>(index)].easy.get());
  ++m_.counters().churn_reconnects;
  start_request(index);
}

void HttpPollSession::on_transfer_done(CURL* easy, CURLcode result) noexcept {
  PollClient* c = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &c);
  finish(*c, result);
  const auto index = static_cast<int>(c - clients_.data());
  if (stopping()) {
    timeline_.abandoned(index);
    return;
  }
  try {
    timeline_.finished(index, result == CURLE_OK, mono_ns(), m_.counters(),
                       [this](int i) { start_request(i); });
  } catch (...) {
    m_.on_connect_error();
  }
}

size_t HttpPollSession::on_write(char* data, size_t size, size_t n, void* client) noexcept {
  auto* c = static_cast<PollClient*>(client);
  try {
    c->body.append(data, size * n);
  } catch (...) {
    return 0;  // curl aborts this transfer (CURLE_WRITE_ERROR), counted as an error
  }
  c->last_rx_ns = mono_ns();
  return size * n;
}

// CURLOPT_PREREQFUNCTION: the connection is up and the request about to go out. A client is
// ready once connected (a long poll may then wait a while for its first answer).
int HttpPollSession::on_connected(void* client, char*, char*, int, int) noexcept {
  auto* c = static_cast<PollClient*>(client);
  if (!c->ready) {
    c->ready = true;
    c->m->on_client_ready();
  }
  return CURL_PREREQFUNC_OK;
}

}  // namespace

std::unique_ptr<Session> make_http_poll_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<HttpPollSession>(options, m);
}

}  // namespace pushbench
