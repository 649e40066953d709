// The HTTP transports' loop: curl multi, upstream POSTs, churn, window edges and stop checks.
#include "curl_client_session.h"

#include "client_options.h"
#include "clock.h"
#include "measurement.h"
#include "stop_flag.h"
#include "wakeup.h"

namespace pushbench {

CurlClientSession::CurlClientSession(const ClientOptions& options, Measurement& m)
    : options_(options),
      m_(m),
      // Keep every client's idle keep-alive connections (request, POST) cached between requests.
      loop_(m, static_cast<long>(options.count) * 2 + 16, this, &CurlClientSession::on_done),
      churn_(options.count, options.churn_pct_per_s, options.workload.seed, mono_ns()),
      sender_(options, m, loop_) {
  if (is_h2(options.transport)) {
    loop_.multiplex_streams();
    if (!options.tls()) {
      loop_.h2c_prior_knowledge();
    }
  }
}

void CurlClientSession::run() {
  while (!stop_requested()) {
    const int64_t now = mono_ns();
    m_.tick(now);
    start_due(now);
    churn_.due(now, [this](int index) { churn(index); });
    sender_.send_due(now);
    // next_due_ns() is INT64_MAX once (or when) there is no upstream: no extra wake-up.
    loop_.run_once(wake_at_ns(
        now, {m_.next_edge_ns(), sender_.next_due_ns(), churn_.next_due_ns(), next_due_ns()}));
  }
  stopping_ = true;
  m_.tick(mono_ns());
}

void CurlClientSession::on_done(void* self, CURL* easy, CURLcode result) noexcept {
  auto* s = static_cast<CurlClientSession*>(self);
  if (!s->sender_.on_done(easy, result)) {
    s->on_transfer_done(easy, result);
  }
}

}  // namespace pushbench
