// POST /send for the HTTP transports' upstream messages, one connection per client.
#include "http_sender.h"

#include <fmt/format.h>

#include <functional>
#include <stdexcept>

#include "client_options.h"
#include "clock.h"
#include "curl_client_handle.h"
#include "curl_loop.h"
#include "measurement.h"
#include "tls_config.h"

namespace pushbench {
namespace {
constexpr long kPostTimeoutMs = 10'000;  // a POST not answered by then fails (and is counted)
}  // namespace

HttpSender::HttpSender(const ClientOptions& options, Measurement& m, CurlLoop& loop)
    : options_(options), m_(m), loop_(loop), pacer_(options) {
  if (!pacer_.active()) {
    return;
  }
  append(headers_, fmt::format("Host: {}:{}", options.host, options.port).c_str());
  append(headers_, "Content-Type: application/json");
  append(headers_, "Expect:");  // no 100-continue round trip before a large body
  if (options.transport == Transport::kPollClose) {
    append(headers_, "Connection: close");  // like its polls: a new connection per request
  }
  outboxes_.resize(static_cast<size_t>(options.count));
  for (int i = 0; i < options.count; ++i) {
    Outbox& o = outboxes_[static_cast<size_t>(i)];
    o.id = options.first_client + i;
    o.m = &m;
    setup(o);
  }
}

HttpSender::~HttpSender() {
  // remove -> easy_cleanup (the members, after this body) -> multi_cleanup (the loop, later).
  for (Outbox& o : outboxes_) {
    if (o.in_flight) {
      loop_.remove(o.easy.get());
    }
  }
}

void HttpSender::setup(Outbox& o) {
  // s<id>, not the polls' c<id>: the POSTs do not queue behind a held poll or stream (HTTP/2:
  // the same connection as the client's polls, a stream of their own).
  const std::string host = client_connection_name(options_, 's', o.id);
  o.easy = make_own_connection_handle(loop_, options_, host, o.resolve,
                                      {&o, &on_write, &on_request_out});
  CURL* e = o.easy.get();
  const std::string url = own_connection_url(options_, host, fmt::format("/send?client={}", o.id));
  check(curl_easy_setopt(e, CURLOPT_URL, url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get()), "CURLOPT_HTTPHEADER");
  check(curl_easy_setopt(e, CURLOPT_POST, 1L), "CURLOPT_POST");
  check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kPostTimeoutMs), "CURLOPT_TIMEOUT_MS");
  if (options_.transport == Transport::kPollClose) {
    check(curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L), "CURLOPT_FORBID_REUSE");
  }
}

void HttpSender::send_due(int64_t now) {
  pacer_.send_due(now, [this](int client, int64_t planned_ns, std::string_view message) {
    Outbox& o = outboxes_[static_cast<size_t>(client - options_.first_client)];
    if (o.in_flight) {
      o.waiting.push_back({planned_ns, std::string(message)});  // goes when the POST completes
      return;
    }
    o.body.assign(message);
    o.planned_ns = planned_ns;
    start(o);
  });
}

// The body stays in o.body, which CURLOPT_POSTFIELDS points at (not copied) until the transfer
// is done.
void HttpSender::start(Outbox& o) noexcept {
  o.in_flight = true;
  o.reported = false;
  try {
    check(curl_easy_setopt(o.easy.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(o.body.size())),
          "CURLOPT_POSTFIELDSIZE_LARGE");
    check(curl_easy_setopt(o.easy.get(), CURLOPT_POSTFIELDS, o.body.data()), "CURLOPT_POSTFIELDS");
    loop_.add(o.easy.get());
  } catch (...) {
    o.in_flight = false;
    m_.on_connect_error();
    m_.on_upstream_request(o.planned_ns, false);
  }
}

bool HttpSender::on_done(CURL* easy, CURLcode result) noexcept {
  void* p = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &p);
  const std::less<const void*> before;
  if (outboxes_.empty() || before(p, outboxes_.data()) ||
      !before(p, outboxes_.data() + outboxes_.size())) {
    return false;  // one of the session's own transfers
  }
  Outbox& o = *static_cast<Outbox*>(p);
  finish(o, result);
  // The next message in the client's queue, if any. A start that fails is counted there and the
  // next one is tried.
  while (!o.in_flight && o.head < o.waiting.size()) {
    Message& next = o.waiting[o.head++];
    o.body.swap(next.body);
    o.planned_ns = next.planned_ns;
    if (o.head == o.waiting.size()) {
      o.waiting.clear();
      o.head = 0;
    }
    start(o);
  }
  return true;
}

void HttpSender::finish(Outbox& o, CURLcode result) noexcept {
  o.in_flight = false;
  long status = 0;
  curl_easy_getinfo(o.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result == CURLE_OK) {
    const uint64_t body = o.body.size();
    const CurlHeaderSizes sizes = count_header_bytes(
        loop_, m_, options_, o.easy.get(), headers_.get(), "POST", static_cast<int64_t>(body));
    curl_off_t response_body = 0;  // 0 for the 204 of an accepted message
    curl_easy_getinfo(o.easy.get(), CURLINFO_SIZE_DOWNLOAD_T, &response_body);
    m_.on_upstream_bytes(
        o.planned_ns, sizes.request + body + sizes.response + static_cast<uint64_t>(response_body));
  }
  const bool ok = result == CURLE_OK && status >= 200 && status < 300;
  if (result != CURLE_OK) {
    m_.on_connect_error();
  } else if (!ok) {
    ++m_.counters().err_status;
  }
  m_.on_upstream_request(o.planned_ns, ok);
}

size_t HttpSender::on_write(char* /*data*/, size_t size, size_t n, void* /*outbox*/) noexcept {
  return size * n;  // 204 has no body; a 4xx reason line is not needed
}

// CURLOPT_PREREQFUNCTION: connected (or a kept-alive connection reused), the request about to
// go out: the message counts as sent now, so its send lag includes waiting for the connection.
// curl may call it again when it retries on a fresh connection: reported once.
int HttpSender::on_request_out(void* outbox, char*, char*, int, int) noexcept {
  auto* o = static_cast<Outbox*>(outbox);
  if (!o->reported) {
    o->reported = true;
    o->m->on_message_sent(o->planned_ns, mono_ns());
  }
  return CURL_PREREQFUNC_OK;
}

}  // namespace pushbench
