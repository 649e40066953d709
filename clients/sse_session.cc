// sse clients on the HTTP share of the connection layer (CurlClientSession, ClientLinks): each
// client holds one GET /sse stream on a connection of its own and parses the event stream as it
// arrives (records split across reads, several in one read). A stream that ends is resumed after
// kRetryDelayNs with Last-Event-ID, so the server sends on from the last event received: no
// loss, no duplicate. Chat and game messages go up as POST /send through the HttpSender, on a
// second connection per client.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "admission.h"
#include "client_links.h"
#include "client_options.h"
#include "clock.h"
#include "curl_client_handle.h"
#include "curl_client_session.h"
#include "event.h"
#include "event_delivery.h"
#include "measurement.h"
#include "session.h"
#include "sse_stream.h"
#include "tls_config.h"

namespace pushbench {
namespace {

constexpr int64_t kConnectSpacingNs = 100'000;  // first connects: 10 per ms
constexpr size_t kMaxRecord = 2 * static_cast<size_t>(kMaxPayloadBytes);

struct SseClient {
  int id = 0;
  int index = 0;  // in the session's clients and links
  CurlEasy easy;
  CurlSlist resolve;  // "c<id>.pushbench.test:<port>:<host>": this client's own connection
  CurlSlist headers;  // Host, and Last-Event-ID when resuming
  SseStream stream{kMaxRecord};
  int64_t last_id = -1;
  Measurement* m = nullptr;
  ClientLinks* links = nullptr;
};

class SseSession final : public CurlClientSession {
 public:
  SseSession(const ClientOptions& options, Measurement& m);
  ~SseSession() override;
  SseSession(const SseSession&) = delete;
  SseSession& operator=(const SseSession&) = delete;

 private:
  void start_due(int64_t now) override;
  int64_t next_due_ns() const noexcept override { return links_.next_due_ns(); }
  void churn(int index) override;
  void on_transfer_done(CURL* easy, CURLcode result) noexcept override;
  void open_stream(SseClient& c);
  static size_t on_write(char* data, size_t size, size_t n, void* client) noexcept;
  static int on_connected(void* client, char*, char*, int, int) noexcept;

  ClientLinks links_;  // by index: kConnecting or kOpen while its transfer is in the multi
  std::vector<SseClient> clients_;
};

SseSession::SseSession(const ClientOptions& options, Measurement& m)
    : CurlClientSession(options, m),
      links_(m, options.count, mono_ns(), AdmissionLimits{.spacing_ns = kConnectSpacingNs}) {
  clients_.resize(static_cast<size_t>(options.count));
  for (int i = 0; i < options.count; ++i) {
    SseClient& c = clients_[static_cast<size_t>(i)];
    c.id = options.first_client + i;
    c.index = i;
    c.m = &m;
    c.links = &links_;
    const std::string host = client_connection_name(options, 'c', c.id);
    c.easy =
        make_own_connection_handle(loop_, options, host, c.resolve, {&c, &on_write, &on_connected});
    const std::string url = own_connection_url(options, host, fmt::format("/sse?client={}", c.id));
    check(curl_easy_setopt(c.easy.get(), CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  }
}

SseSession::~SseSession() {
  for (size_t i = 0; i < clients_.size(); ++i) {
    if (links_.active(static_cast<int>(i))) {
      loop_.remove(clients_[i].easy.get());
    }
  }
}

void SseSession::start_due(int64_t now) {
  links_.admit(now, [this](int index) {
    try {
      open_stream(clients_[static_cast<size_t>(index)]);
    } catch (...) {
      m_.on_connect_error();
    }
  });
}

void SseSession::open_stream(SseClient& c) {
  CurlSlist headers;
  append(headers, fmt::format("Host: {}:{}", options_.host, options_.port).c_str());
  if (c.last_id >= 0) {
    append(headers, fmt::format("Last-Event-ID: {}", c.last_id).c_str());
  }
  c.headers = std::move(headers);
  check(curl_easy_setopt(c.easy.get(), CURLOPT_HTTPHEADER, c.headers.get()), "CURLOPT_HTTPHEADER");
  if (is_h2(options_.transport)) {
    // lws 4.1.6 drops Last-Event-ID from an HTTP/2 request (it keeps no header it has no token
    // for): the resume point goes in the query too (docs/contract.md).
    const std::string host = client_connection_name(options_, 'c', c.id);
    const std::string target = c.last_id >= 0
                                   ? fmt::format("/sse?client={}&after={}", c.id, c.last_id)
                                   : fmt::format("/sse?client={}", c.id);
    check(curl_easy_setopt(c.easy.get(), CURLOPT_URL,
                           own_connection_url(options_, host, target).c_str()),
          "CURLOPT_URL");
  }
  c.stream.reset();
  loop_.add(c.easy.get());
}

// --churn: the client drops its stream (curl closes a connection whose transfer is cut short)
// and reconnects after the usual pause with Last-Event-ID, as after any other broken stream.
void SseSession::churn(int index) {
  if (!links_.active(index)) {
    return;  // already between two streams
  }
  loop_.remove(clients_[static_cast<size_t>(index)].easy.get());
  ++m_.counters().churn_reconnects;
  links_.closed(index, mono_ns(), false);
}

void SseSession::on_transfer_done(CURL* easy, CURLcode result) noexcept {
  SseClient* c = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &c);
  const int64_t now = mono_ns();
  if (stopping()) {
    links_.closed(c->index, now, true);
    return;
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  // A stream's headers are exchanged once: counted when it ends.
  count_header_bytes(loop_, m_, options_, easy, c->headers.get(), "GET");
  ++m_.counters().sse_reconnects;  // a stream never ends on its own: resume it
  try {
    if (result == CURLE_OK && status != 200) {
      ++m_.counters().err_status;
      links_.closed(c->index, now, false);
    } else {
      links_.failed(c->index, now, false);
    }
  } catch (...) {
    m_.on_connect_error();  // out of memory queueing the retry: this client stays down
  }
}

size_t SseSession::on_write(char* data, size_t size, size_t n, void* client) noexcept {
  auto* c = static_cast<SseClient*>(client);
  const int64_t rx_ns = mono_ns();
  bool within_limit = false;
  try {
    within_limit =
        c->stream.feed(std::string_view(data, size * n), [&](int64_t id, std::string_view json) {
          if (deliver_event(*c->m, c->id, json, rx_ns, id)) {
            c->last_id = id;
          }
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
  c->links->opened(c->index);
  return CURL_PREREQFUNC_OK;
}

}  // namespace

std::unique_ptr<Session> make_sse_session(const ClientOptions& options, Measurement& m) {
  return std::make_unique<SseSession>(options, m);
}

}  // namespace pushbench
