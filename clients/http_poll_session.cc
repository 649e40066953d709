// poll, poll-close and longpoll clients on libcurl multi (CurlLoop). Each client has its own
// easy handle, reused for every request, and, for poll and longpoll, its own keep-alive
// connection, as a browser tab would: libcurl shares connections between handles to one host,
// so each client gets a host name of its own (CURLOPT_RESOLVE) while the Host header on the wire
// stays the server's address. Short polls follow a fixed timeline; a long poll is re-issued as
// soon as the previous one is answered. Chat and game messages go up as POST /send through the
// HttpSender, on a second connection per client.
#include <fmt/format.h>

#include <algorithm>
#include <queue>
#include <string>
#include <vector>

#include "churn.h"
#include "client_options.h"
#include "clock.h"
#include "curl_loop.h"
#include "event.h"
#include "http_sender.h"
#include "measurement.h"
#include "rng.h"
#include "session.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr int64_t kStopCheckNs = 50 * kNsPerMs;
constexpr int64_t kConnectSpacingNs = 100'000;  // first requests: 10 per ms
constexpr int64_t kTimeoutSlackNs = 10 * kNsPerSec;
constexpr int64_t kRetryDelayNs = 100 * kNsPerMs;  // a failed long poll's retry

struct PollClient {
  int id = 0;
  CurlEasy easy;
  CurlSlist resolve;  // "c<id>.pushbench:<port>:<host>": this client's own connection
  std::string body;
  int64_t after = -1;      // highest seq received: acknowledges everything up to it
  int64_t due_ns = 0;      // short polls: next poll on the fixed timeline
  int64_t last_rx_ns = 0;  // when the latest response bytes were read
  bool in_flight = false;
  bool overdue = false;  // its due time came while the previous poll was still open
  bool ready = false;    // connected once: reported to the measurement
  Measurement* m = nullptr;
};

class HttpPollSession final : public Session {
 public:
  HttpPollSession(const ClientOptions& options, Measurement& m);
  ~HttpPollSession() override;
  HttpPollSession(const HttpPollSession&) = delete;
  HttpPollSession& operator=(const HttpPollSession&) = delete;
  void run() override;

 private:
  using Due = std::pair<int64_t, int>;  // (due_ns, client index), min-heap

  void setup_client(PollClient& c);
  void start_request(PollClient& c);
  void start_due_requests(int64_t now);
  void finish(PollClient& c, CURLcode result);
  void churn(int index);
  static void on_done(void* self, CURL* easy, CURLcode result) noexcept;
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static int on_connected(void* client, char*, char*, int, int) noexcept;

  const ClientOptions& options_;
  Measurement& m_;
  const bool long_poll_;
  const char* path_;
  bool stopping_ = false;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  Churn churn_;
  CurlSlist headers_;
  std::vector<PollClient> clients_;
  CurlLoop loop_;      // after clients_: destroyed first (its cache closes sockets via the meter)
  HttpSender sender_;  // after loop_: removes its transfers from it first
};

HttpPollSession::HttpPollSession(const ClientOptions& options, Measurement& m)
    : options_(options),
      m_(m),
      long_poll_(options.transport == Transport::kLongPoll),
      path_(long_poll_ ? "longpoll" : "poll"),
      churn_(options.count, options.churn_pct_per_s, options.workload.seed, mono_ns()),
      loop_(m, static_cast<long>(options.count) * 2 + 16, this, &HttpPollSession::on_done),
      sender_(options, m, loop_) {
  // The request a minimal client sends: Host (the server's real address) and Accept: */*.
  append(headers_, fmt::format("Host: {}:{}", options.host, options.port).c_str());
  if (options.transport == Transport::kPollClose) {
    append(headers_, "Connection: close");
  }
  clients_.resize(static_cast<size_t>(options.count));
  const int64_t start = mono_ns();
  for (int i = 0; i < options.count; ++i) {
    PollClient& c = clients_[static_cast<size_t>(i)];
    c.id = options.first_client + i;
    c.m = &m;
    setup_client(c);
    // The first request goes out at once (the page load that opens the connection), spaced so
    // thousands of connects do not overflow the server's accept queue; from then on each short
    // poller keeps its own seeded phase on the timeline, so polls do not arrive in herds.
    Rng phase(splitmix64(options.workload.seed ^ (static_cast<uint64_t>(c.id) << 20)));
    c.due_ns = start - options.poll_interval_ns +
               static_cast<int64_t>(phase.below(static_cast<uint64_t>(options.poll_interval_ns)));
    due_.emplace(start + i * kConnectSpacingNs, i);
  }
}

HttpPollSession::~HttpPollSession() {
  for (PollClient& c : clients_) {
    if (c.in_flight) {
      loop_.remove(c.easy.get());
    }
  }
}

void HttpPollSession::setup_client(PollClient& c) {
  c.easy =
      make_own_connection_handle(loop_, options_, fmt::format("c{}.pushbench", c.id), c.resolve);
  CURL* e = c.easy.get();
  const long timeout_ms = (options_.longpoll_timeout_ns + kTimeoutSlackNs) / kNsPerMs;
  check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(e, CURLOPT_PRIVATE, &c), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_write), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &c), "CURLOPT_WRITEDATA");
  check(curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &on_connected), "CURLOPT_PREREQFUNCTION");
  check(curl_easy_setopt(e, CURLOPT_PREREQDATA, &c), "CURLOPT_PREREQDATA");
  check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms), "CURLOPT_TIMEOUT_MS");
  if (options_.transport == Transport::kPollClose) {
    check(curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L), "CURLOPT_FORBID_REUSE");
  }
}

void HttpPollSession::start_request(PollClient& c) {
  const std::string url = fmt::format("http://c{}.pushbench:{}/{}?client={}&after={}", c.id,
                                      options_.port, path_, c.id, c.after);
  check(curl_easy_setopt(c.easy.get(), CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  c.body.clear();
  c.in_flight = true;
  loop_.add(c.easy.get());
}

void HttpPollSession::start_due_requests(int64_t now) {
  while (!due_.empty() && due_.top().first <= now) {
    PollClient& c = clients_[static_cast<size_t>(due_.top().second)];
    due_.pop();
    if (c.in_flight) {
      c.overdue = true;  // issued as soon as the open poll completes
      continue;
    }
    start_request(c);
    if (!long_poll_) {
      c.due_ns += options_.poll_interval_ns;
      due_.emplace(c.due_ns, static_cast<int>(&c - clients_.data()));
    }
  }
}

void HttpPollSession::finish(PollClient& c, CURLcode result) {
  long status = 0;
  curl_easy_getinfo(c.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result == CURLE_OK) {
    long request_headers = 0;   // bytes of request headers sent
    long response_headers = 0;  // bytes of response status line + headers received
    curl_easy_getinfo(c.easy.get(), CURLINFO_REQUEST_SIZE, &request_headers);
    curl_easy_getinfo(c.easy.get(), CURLINFO_HEADER_SIZE, &response_headers);
    m_.on_header_bytes(static_cast<uint64_t>(request_headers + response_headers));
  }
  if (result != CURLE_OK) {
    m_.on_connect_error();
  } else if (status == 204) {
    m_.on_request(true);  // short poll: nothing new; long poll: the hang timeout passed
  } else if (status == 200) {
    m_.on_request(false);
    const bool ok = for_each_event_in_array(c.body, [&](const ParsedEvent& ev) {
      m_.on_event(c.id, ev, c.last_rx_ns);
      c.after = std::max(c.after, ev.fields.seq);
    });
    if (!ok) {
      ++m_.counters().err_protocol;
    }
  } else {
    ++m_.counters().err_status;
  }
}

// --churn (long polls only): the held poll is dropped (curl closes a connection whose transfer
// is cut short) and asked again at once on a new connection; `after` still acknowledges what
// the client has, so the server answers from there.
void HttpPollSession::churn(int index) {
  PollClient& c = clients_[static_cast<size_t>(index)];
  if (!c.in_flight) {
    return;  // waiting to retry a failed poll
  }
  loop_.remove(c.easy.get());
  c.in_flight = false;
  ++m_.counters().churn_reconnects;
  start_request(c);
}

void HttpPollSession::on_done(void* self, CURL* easy, CURLcode result) noexcept {
  auto* s = static_cast<HttpPollSession*>(self);
  if (s->sender_.on_done(easy, result)) {
    return;
  }
  PollClient* c = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &c);
  c->in_flight = false;
  s->finish(*c, result);
  if (s->stopping_) {
    return;
  }
  try {
    if (s->long_poll_ && result != CURLE_OK) {
      // Failed (refused, reset): retried after a pause like SSE and tcp, not in a tight loop.
      s->due_.emplace(mono_ns() + kRetryDelayNs, static_cast<int>(c - s->clients_.data()));
    } else if (s->long_poll_) {
      s->start_request(*c);  // the long poller asks again at once
    } else if (c->overdue) {
      c->overdue = false;
      ++s->m_.counters().late_polls;
      s->start_request(*c);
      c->due_ns += s->options_.poll_interval_ns;
      s->due_.emplace(c->due_ns, static_cast<int>(c - s->clients_.data()));
    }
  } catch (...) {
    s->m_.on_connect_error();
  }
}

void HttpPollSession::run() {
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    start_due_requests(now);
    churn_.due(now, [this](int index) { churn(index); });
    sender_.send_due(now);
    // next_due_ns() is INT64_MAX once (or when) there is no upstream: no extra wake-up.
    int64_t until = std::min(
        {now + kStopCheckNs, m_.next_edge_ns(), sender_.next_due_ns(), churn_.next_due_ns()});
    if (!due_.empty()) {
      until = std::min(until, due_.top().first);
    }
    loop_.run_once(until);
  }
  stopping_ = true;
  m_.tick(mono_ns());
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
