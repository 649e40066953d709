// poll, poll-close and longpoll clients on the HTTP share of the connection layer
// (CurlClientSession). Each client has its own easy handle, reused for every request, and, for
// poll and longpoll, its own keep-alive connection, as a browser tab would (curl_client_handle.h).
// Short polls follow a fixed timeline; a long poll is re-issued as soon as the previous one is
// answered, and a failed one is retried after kRetryDelayNs. Chat and game messages go up as
// POST /send through the HttpSender, on a second connection per client.
#include <fmt/format.h>

#include <algorithm>
#include <queue>
#include <string>
#include <vector>

#include "admission.h"
#include "client_options.h"
#include "clock.h"
#include "curl_client_handle.h"
#include "curl_client_session.h"
#include "event.h"
#include "measurement.h"
#include "rng.h"
#include "session.h"
#include "tls_config.h"

namespace pushbench {
namespace {

constexpr int64_t kConnectSpacingNs = 100'000;  // first requests: 10 per ms
constexpr int64_t kTimeoutSlackNs = 10 * kNsPerSec;

struct PollClient {
  int id = 0;
  CurlEasy easy;
  std::string host;   // "c<id>.pushbench.test": the name of this client's own connection
  CurlSlist resolve;  // "c<id>.pushbench.test:<port>:<host>"
  std::string body;
  int64_t after = -1;      // highest seq received: acknowledges everything up to it
  int64_t due_ns = 0;      // short polls: next poll on the fixed timeline
  int64_t last_rx_ns = 0;  // when the latest response bytes were read
  bool in_flight = false;
  bool overdue = false;  // its due time came while the previous poll was still open
  bool ready = false;    // connected once: reported to the measurement
  Measurement* m = nullptr;
};

class HttpPollSession final : public CurlClientSession {
 public:
  HttpPollSession(const ClientOptions& options, Measurement& m);
  ~HttpPollSession() override;
  HttpPollSession(const HttpPollSession&) = delete;
  HttpPollSession& operator=(const HttpPollSession&) = delete;

 private:
  using Due = std::pair<int64_t, int>;  // (due_ns, client index), min-heap

  void start_due(int64_t now) override;
  int64_t next_due_ns() const noexcept override;
  void churn(int index) override;
  void on_transfer_done(CURL* easy, CURLcode result) noexcept override;
  void setup_client(PollClient& c);
  void start_request(PollClient& c);
  void poll_due(int index);
  void finish(PollClient& c, CURLcode result);
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static int on_connected(void* client, char*, char*, int, int) noexcept;

  const bool long_poll_;
  const char* path_;
  // First requests, paced; a failed long poll's retry.
  Admission admission_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;  // short polls' timeline
  CurlSlist headers_;
  std::vector<PollClient> clients_;
};

HttpPollSession::HttpPollSession(const ClientOptions& options, Measurement& m)
    : CurlClientSession(options, m),
      long_poll_(http1_of(options.transport) == Transport::kLongPoll),
      path_(long_poll_ ? "longpoll" : "poll"),
      // The first request goes out at once (the page load that opens the connection), spaced so
      // thousands of connects do not overflow the server's accept queue.
      admission_(options.count, mono_ns(), AdmissionLimits{.spacing_ns = kConnectSpacingNs}) {
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
    // From its first request on, each short poller keeps its own seeded phase on the timeline,
    // so polls do not arrive in herds.
    Rng phase(splitmix64(options.workload.seed ^ (static_cast<uint64_t>(c.id) << 20)));
    c.due_ns = start - options.poll_interval_ns +
               static_cast<int64_t>(phase.below(static_cast<uint64_t>(options.poll_interval_ns)));
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

void HttpPollSession::start_request(PollClient& c) {
  const std::string url = own_connection_url(
      options_, c.host, fmt::format("/{}?client={}&after={}", path_, c.id, c.after));
  check(curl_easy_setopt(c.easy.get(), CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  c.body.clear();
  c.in_flight = true;
  loop_.add(c.easy.get());
}

void HttpPollSession::start_due(int64_t now) {
  admission_.admit(now, [this](int index) { poll_due(index); });
  while (!due_.empty() && due_.top().first <= now) {
    const int index = due_.top().second;
    due_.pop();
    poll_due(index);
  }
}

int64_t HttpPollSession::next_due_ns() const noexcept {
  return due_.empty() ? admission_.next_due_ns()
                      : std::min(admission_.next_due_ns(), due_.top().first);
}

// Client `index`'s request is due: its first, a long poll's retry, or a short poll's turn.
void HttpPollSession::poll_due(int index) {
  PollClient& c = clients_[static_cast<size_t>(index)];
  if (c.in_flight) {
    c.overdue = true;  // issued as soon as the open poll completes
    return;
  }
  start_request(c);
  if (!long_poll_) {
    c.due_ns += options_.poll_interval_ns;
    due_.emplace(c.due_ns, index);
  }
}

void HttpPollSession::finish(PollClient& c, CURLcode result) {
  long status = 0;
  curl_easy_getinfo(c.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result == CURLE_OK) {
    count_header_bytes(loop_, m_, options_, c.easy.get(), headers_.get(), "GET");
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

void HttpPollSession::on_transfer_done(CURL* easy, CURLcode result) noexcept {
  PollClient* c = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &c);
  c->in_flight = false;
  finish(*c, result);
  if (stopping()) {
    return;
  }
  const auto index = static_cast<int>(c - clients_.data());
  try {
    if (long_poll_ && result != CURLE_OK) {
      // Failed (refused, reset): retried after a pause like SSE and tcp, not in a tight loop.
      admission_.retry_later(index, mono_ns());
    } else if (long_poll_) {
      start_request(*c);  // the long poller asks again at once
    } else if (c->overdue) {
      c->overdue = false;
      ++m_.counters().late_polls;
      start_request(*c);
      c->due_ns += options_.poll_interval_ns;
      due_.emplace(c->due_ns, index);
    }
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
