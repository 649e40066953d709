// pushbench-client --url over HTTP: --mode sse holds one GET per client and parses the stream as
// the WHATWG specification says (sse_parser.h), resuming a dropped stream with Last-Event-ID after
// retry: (1 s unless the server set it); --mode poll GETs the URL every --poll-interval per
// client (first requests spread over one interval) and counts each element of a JSON array body
// as a message (any other non-empty body is one message; 204, an empty body or [] is an empty
// poll). One libcurl multi handle, driven by curl_multi_poll; keep-alive connections are libcurl's
// pool, shared by the clients.
#include <fmt/format.h>

#include <curl/curl.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "clock.h"
#include "curl_handles.h"
#include "endpoint_run.h"
#include "sse_parser.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr size_t kMaxLine = 16 * 1024 * 1024;  // one SSE line or event's data, one poll body
constexpr int64_t kMaxWaitNs = 50'000'000;     // the loop looks at the stop flag this often

struct HttpClient {
  int index = 0;
  CurlEasy easy;
  CurlSlist headers;
  SseParser parser{kMaxLine};
  std::string body;  // poll: the response so far
  bool active = false;
  bool started_once = false;
  bool status_checked = false;
  int64_t due_ns = 0;  // when to start the next request or stream
  const EndpointOptions* options = nullptr;
  EndpointStats* stats = nullptr;
};

bool want_timestamps(const EndpointOptions& o) { return !o.timestamp_field.empty(); }

void deliver(HttpClient& c, std::string_view message, int64_t rx_ns) {
  const int64_t clock_ns = want_timestamps(*c.options) ? clock_now_ns(c.options->clock) : 0;
  c.stats->on_message(c.index, message, rx_ns, clock_ns);
}

// The status of the response being received: an SSE stream must be a 200.
bool status_ok(HttpClient& c) {
  if (c.status_checked) {
    return true;
  }
  c.status_checked = true;
  long status = 0;
  curl_easy_getinfo(c.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (c.options->mode == EndpointMode::kSse && status != 200) {
    c.stats->on_error(fmt::format("HTTP {} (an event stream is a 200)", status));
    return false;
  }
  return true;
}

size_t on_write(char* data, size_t size, size_t n, void* user) noexcept {
  auto* c = static_cast<HttpClient*>(user);
  const std::string_view bytes(data, size * n);
  try {
    if (!status_ok(*c)) {
      return 0;  // aborts the transfer: retried like a dropped stream
    }
    if (c->options->mode == EndpointMode::kPoll) {
      if (c->body.size() + bytes.size() > kMaxLine) {
        c->stats->on_error("poll response over 16 MiB");
        return 0;
      }
      c->body.append(bytes);
      return size * n;
    }
    const int64_t rx_ns = mono_ns();
    if (!c->parser.feed(bytes, [&](const SseEvent& e) { deliver(*c, e.data, rx_ns); })) {
      c->stats->on_error("an SSE line or event over 16 MiB");
      return 0;
    }
  } catch (...) {
    return 0;
  }
  return size * n;
}

int on_socket(void* user, curl_socket_t, curlsocktype purpose) noexcept {
  if (purpose == CURLSOCKTYPE_IPCXN) {
    static_cast<HttpClient*>(user)->stats->on_connection();
  }
  return CURL_SOCKOPT_OK;
}

// The poll answer's messages: a JSON array's elements, else the body itself.
void deliver_poll_body(HttpClient& c, long status, int64_t rx_ns) {
  if (status == 204 || c.body.empty()) {
    c.stats->on_empty_poll(rx_ns);
    return;
  }
  const nlohmann::json j = nlohmann::json::parse(c.body, nullptr, false);
  if (!j.is_discarded() && j.is_array()) {
    if (j.empty()) {
      c.stats->on_empty_poll(rx_ns);
    }
    for (const nlohmann::json& item : j) {
      deliver(c, item.is_string() ? item.get<std::string>() : item.dump(), rx_ns);
    }
    return;
  }
  deliver(c, c.body, rx_ns);
}

class HttpEndpoint {
 public:
  HttpEndpoint(const EndpointOptions& options, EndpointStats& stats, int64_t start_ns)
      : options_(options), stats_(stats), multi_(curl_multi_init()) {
    if (!multi_) {
      throw std::runtime_error("curl_multi_init failed");
    }
    clients_.resize(static_cast<size_t>(options.clients));
    for (int i = 0; i < options.clients; ++i) {
      HttpClient& c = clients_[static_cast<size_t>(i)];
      c.index = i;
      c.options = &options;
      c.stats = &stats;
      c.easy.reset(curl_easy_init());
      if (!c.easy) {
        throw std::runtime_error("curl_easy_init failed");
      }
      CURL* e = c.easy.get();
      check(curl_easy_setopt(e, CURLOPT_URL, options.url.c_str()), "CURLOPT_URL");
      check(curl_easy_setopt(e, CURLOPT_PRIVATE, &c), "CURLOPT_PRIVATE");
      check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_write), "CURLOPT_WRITEFUNCTION");
      check(curl_easy_setopt(e, CURLOPT_WRITEDATA, &c), "CURLOPT_WRITEDATA");
      check(curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, &on_socket), "CURLOPT_SOCKOPTFUNCTION");
      check(curl_easy_setopt(e, CURLOPT_SOCKOPTDATA, &c), "CURLOPT_SOCKOPTDATA");
      check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
      check(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L), "CURLOPT_TCP_NODELAY");
      check(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L), "CURLOPT_CONNECTTIMEOUT_MS");
      if (!options.tls_ca_path.empty()) {
        check(curl_easy_setopt(e, CURLOPT_CAINFO, options.tls_ca_path.c_str()), "CURLOPT_CAINFO");
      }
      // Spread the first requests: SSE 10 connects per ms, polls over one interval.
      c.due_ns = start_ns + (options.mode == EndpointMode::kPoll
                                 ? options.poll_interval_ns * i / options.clients
                                 : kEndpointConnectSpacingNs * i);
    }
  }

  ~HttpEndpoint() {
    for (HttpClient& c : clients_) {
      if (c.active) {
        curl_multi_remove_handle(multi_.get(), c.easy.get());
      }
    }
  }
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  void run(int64_t end_ns) {
    for (int64_t now = mono_ns(); now < end_ns && !stop_requested(); now = mono_ns()) {
      int64_t next = std::min(end_ns, now + kMaxWaitNs);
      for (HttpClient& c : clients_) {
        if (!c.active && c.due_ns <= now) {
          start(c, now);
        } else if (!c.active) {
          next = std::min(next, c.due_ns);
        }
      }
      int running = 0;
      check(curl_multi_perform(multi_.get(), &running), "curl_multi_perform");
      finish_done();
      const int wait_ms = static_cast<int>(std::max<int64_t>(0, next - mono_ns()) / 1'000'000);
      check(curl_multi_poll(multi_.get(), nullptr, 0, wait_ms, nullptr), "curl_multi_poll");
    }
  }

 private:
  void start(HttpClient& c, int64_t now) {
    CurlSlist headers;
    if (options_.mode == EndpointMode::kSse) {
      append(headers, "Accept: text/event-stream");
      append(headers, "Cache-Control: no-cache");
      if (!c.parser.last_event_id().empty()) {
        append(headers, fmt::format("Last-Event-ID: {}", c.parser.last_event_id()).c_str());
      }
      c.parser.reset();
      if (c.started_once) {
        stats_.on_reconnect();
      }
    }
    c.headers = std::move(headers);
    check(curl_easy_setopt(c.easy.get(), CURLOPT_HTTPHEADER, c.headers.get()),
          "CURLOPT_HTTPHEADER");
    c.body.clear();
    c.status_checked = false;
    c.started_once = true;
    c.active = true;
    if (options_.mode == EndpointMode::kPoll) {
      // The next poll is due one interval after this one started (as a browser's setInterval).
      c.due_ns = std::max(c.due_ns + options_.poll_interval_ns, now);
    }
    check(curl_multi_add_handle(multi_.get(), c.easy.get()), "curl_multi_add_handle");
  }

  void finish_done() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) {
        continue;
      }
      HttpClient* c = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &c);
      const CURLcode result = msg->data.result;
      curl_multi_remove_handle(multi_.get(), msg->easy_handle);
      c->active = false;
      const int64_t now = mono_ns();
      long status = 0;
      curl_easy_getinfo(c->easy.get(), CURLINFO_RESPONSE_CODE, &status);
      if (options_.mode == EndpointMode::kPoll) {
        stats_.on_request(now);
        if (result != CURLE_OK) {
          stats_.on_error(curl_easy_strerror(result));
        } else if (status < 200 || status > 299) {
          stats_.on_error(fmt::format("HTTP {}", status));
        } else {
          deliver_poll_body(*c, status, now);
        }
        continue;
      }
      // An event stream that ended (the server closed it, or it failed): resumed after retry:.
      if (result != CURLE_OK && result != CURLE_WRITE_ERROR) {
        stats_.on_error(curl_easy_strerror(result));
      }
      c->due_ns = now + c->parser.retry_ms().value_or(kEndpointRetryNs / 1'000'000) * 1'000'000;
    }
  }

  const EndpointOptions& options_;
  EndpointStats& stats_;
  CurlGlobal curl_global_;
  CurlMulti multi_;
  // After multi_: the easy handles (removed from it in ~HttpEndpoint) are cleaned up before the
  // multi handle, as libcurl documents.
  std::vector<HttpClient> clients_;
};

}  // namespace

void run_http_endpoint(const EndpointOptions& options, EndpointStats& stats, int64_t start_ns,
                       int64_t end_ns) {
  HttpEndpoint endpoint(options, stats, start_ns);
  endpoint.run(end_ns);
}

}  // namespace pushbench
