// sse clients on libcurl multi (CurlLoop): each client holds one GET /sse stream on a connection
// of its own and parses the event stream as it arrives (records split across reads, several in
// one read). A stream that ends is resumed after 100 ms with Last-Event-ID, so the server sends
// on from the last event received: no loss, no duplicate. Chat and game messages go up as
// POST /send through the HttpSender, on a second connection per client.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "churn.h"
#include "client_options.h"
#include "clock.h"
#include "curl_loop.h"
#include "event.h"
#include "http_sender.h"
#include "measurement.h"
#include "session.h"
#include "sse_stream.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr int64_t kStopCheckNs = 50 * kNsPerMs;
constexpr int64_t kReconnectDelayNs = 100 * kNsPerMs;
constexpr int64_t kConnectSpacingNs = 100'000;  // first connects: 10 per ms
constexpr size_t kMaxRecord = 2 * static_cast<size_t>(kMaxPayloadBytes);

struct SseClient {
  int id = 0;
  CurlEasy easy;
  CurlSlist resolve;  // "c<id>.pushbench:<port>:<host>": this client's own connection
  CurlSlist headers;  // Host, and Last-Event-ID when resuming
  SseStream stream{kMaxRecord};
  int64_t last_id = -1;
  bool ready = false;
  Measurement* m = nullptr;
};

struct Reconnect {
  int index;
  int64_t due_ns;
};

class SseSession final : public Session {
 public:
  SseSession(const ClientOptions& options, Measurement& m);
  ~SseSession() override;
  SseSession(const SseSession&) = delete;
  SseSession& operator=(const SseSession&) = delete;
  void run() override;

 private:
  void open_stream(SseClient& c);
  void churn(int index);
  static void on_done(void* self, CURL* easy, CURLcode result) noexcept;
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static int on_connected(void* client, char*, char*, int, int) noexcept;

  const ClientOptions& options_;
  Measurement& m_;
  bool stopping_ = false;
  std::deque<Reconnect> pending_;  // due times increase: first connects, then reconnects
  std::vector<SseClient> clients_;
  std::vector<bool> streaming_;  // by index: its transfer is in the multi
  Churn churn_;
  CurlLoop loop_;      // after clients_: destroyed first
  HttpSender sender_;  // after loop_: removes its transfers from it first
};

SseSession::SseSession(const ClientOptions& options, Measurement& m)
    : options_(options),
      m_(m),
      streaming_(static_cast<size_t>(options.count), false),
      churn_(options.count, options.churn_pct_per_s, options.workload.seed, mono_ns()),
      loop_(m, static_cast<long>(options.count) * 2 + 16, this, &SseSession::on_done),
      sender_(options, m, loop_) {
  clients_.resize(static_cast<size_t>(options.count));
  const int64_t start = mono_ns();
  for (int i = 0; i < options.count; ++i) {
    SseClient& c = clients_[static_cast<size_t>(i)];
    c.id = options.first_client + i;
    c.m = &m;
    c.easy =
        make_own_connection_handle(loop_, options, fmt::format("c{}.pushbench", c.id), c.resolve);
    CURL* e = c.easy.get();
    const std::string url =
        fmt::format("http://c{}.pushbench:{}/sse?client={}", c.id, options.port, c.id);
    check(curl_easy_setopt(e, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
    check(curl_easy_setopt(e, CURLOPT_PRIVATE, &c), "CURLOPT_PRIVATE");
    check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_write), "CURLOPT_WRITEFUNCTION");
    check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &c), "CURLOPT_WRITEDATA");
    check(curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &on_connected), "CURLOPT_PREREQFUNCTION");
    check(curl_easy_setopt(e, CURLOPT_PREREQDATA, &c), "CURLOPT_PREREQDATA");
    pending_.push_back({i, start + i * kConnectSpacingNs});
  }
}

SseSession::~SseSession() {
  for (size_t i = 0; i < clients_.size(); ++i) {
    if (streaming_[i]) {
      loop_.remove(clients_[i].easy.get());
    }
  }
}

void SseSession::open_stream(SseClient& c) {
  CurlSlist headers;
  append(headers, fmt::format("Host: {}:{}", options_.host, options_.port).c_str());
  if (c.last_id >= 0) {
    append(headers, fmt::format("Last-Event-ID: {}", c.last_id).c_str());
  }
  c.headers = std::move(headers);
  check(curl_easy_setopt(c.easy.get(), CURLOPT_HTTPHEADER, c.headers.get()), "CURLOPT_HTTPHEADER");
  c.stream.reset();
  streaming_[static_cast<size_t>(&c - clients_.data())] = true;
  loop_.add(c.easy.get());
}

// --churn: the client drops its stream (curl closes a connection whose transfer is cut short)
// and reconnects after the usual pause with Last-Event-ID, as after any other broken stream.
void SseSession::churn(int index) {
  if (!streaming_[static_cast<size_t>(index)]) {
    return;  // already between two streams
  }
  loop_.remove(clients_[static_cast<size_t>(index)].easy.get());
  streaming_[static_cast<size_t>(index)] = false;
  ++m_.counters().churn_reconnects;
  pending_.push_back({index, mono_ns() + kReconnectDelayNs});
}

void SseSession::on_done(void* self, CURL* easy, CURLcode result) noexcept {
  auto* s = static_cast<SseSession*>(self);
  if (s->sender_.on_done(easy, result)) {
    return;
  }
  SseClient* c = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &c);
  const auto index = static_cast<int>(c - s->clients_.data());
  s->streaming_[static_cast<size_t>(index)] = false;
  if (s->stopping_) {
    return;
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  long request_headers = 0;  // a stream's headers are exchanged once: counted when it ends
  long response_headers = 0;
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_headers);
  curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &response_headers);
  s->m_.on_header_bytes(static_cast<uint64_t>(request_headers + response_headers));
  if (result == CURLE_OK && status != 200) {
    ++s->m_.counters().err_status;
  } else {
    s->m_.on_connect_error();
  }
  ++s->m_.counters().sse_reconnects;  // a stream never ends on its own: resume it
  s->pending_.push_back({index, mono_ns() + kReconnectDelayNs});
}

void SseSession::run() {
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    while (!pending_.empty() && pending_.front().due_ns <= now) {
      SseClient& c = clients_[static_cast<size_t>(pending_.front().index)];
      pending_.pop_front();
      try {
        open_stream(c);
      } catch (...) {
        m_.on_connect_error();
      }
    }
    churn_.due(now, [this](int index) { churn(index); });
    sender_.send_due(now);
    // next_due_ns() is INT64_MAX once (or when) there is no upstream: no extra wake-up.
    int64_t until = std::min(
        {now + kStopCheckNs, m_.next_edge_ns(), sender_.next_due_ns(), churn_.next_due_ns()});
    if (!pending_.empty()) {
      until = std::min(until, pending_.front().due_ns);
    }
    loop_.run_once(until);
  }
  stopping_ = true;
  m_.tick(mono_ns());
}

size_t SseSession::on_write(char* data, size_t size, size_t n, void* client) noexcept {
  auto* c = static_cast<SseClient*>(client);
  const int64_t rx_ns = mono_ns();
  bool within_limit = false;
  try {
    within_limit =
        c->stream.feed(std::string_view(data, size * n), [&](int64_t id, std::string_view json) {
          auto ev = parse_event(json);
          if (!ev || ev->length != json.size() || id != ev->fields.seq) {
            ++c->m->counters().err_protocol;
            return;
          }
          c->m->on_event(c->id, *ev, rx_ns);
          c->last_id = id;
        });
  } catch (...) {
    return 0;  // curl aborts this transfer (CURLE_WRITE_ERROR): counted, then resumed
  }
  if (!within_limit) {
    ++c->m->counters().err_protocol;
    return 0;  // no record is this long
  }
  return size * n;
}

// CURLOPT_PREREQFUNCTION: connected, the request about to go out: the client is ready.
int SseSession::on_connected(void* client, char*, char*, int, int) noexcept {
  auto* c = static_cast<SseClient*>(client);
  c->m->on_server_answered();  // connected: a reconnect that succeeded
  if (!c->ready) {
    c->ready = true;
    c->m->on_client_ready();
  }
  return CURL_PREREQFUNC_OK;
}

}  // namespace

std::unique_ptr<Session> make_sse_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<SseSession>(options, m);
}

}  // namespace pushbench
