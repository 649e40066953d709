// pushbench-client --url ws://… or wss://…: one WebSocket per client on a libwebsockets client
// context (lws' own poll loop: one process, few clients, no libev needed), each complete text or
// binary message one message. A connection that fails or closes is retried after 1 s (a
// reconnect). No subprotocol is asked for; the Host and Origin headers are the URL's host:port.
#include <fmt/format.h>
#include <libwebsockets.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "endpoint_run.h"
#include "lws_handles.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr size_t kMaxMessage = 16 * 1024 * 1024;
constexpr int64_t kTickNs = 20'000'000;  // the loop wakes this often: connects due, the stop flag

class WsEndpoint;

struct WsClient {
  WsEndpoint* endpoint = nullptr;
  int index = 0;
  lws* wsi = nullptr;  // null between connections
  bool connecting = false;
  bool connected_once = false;
  int64_t due_ns = 0;  // the next connect, when wsi is null
  std::string rx;      // a message arriving in pieces
};

class WsEndpoint {
 public:
  WsEndpoint(const EndpointOptions& options, const EndpointUrl& url, EndpointStats& stats,
             int64_t start_ns)
      : options_(options),
        url_(url),
        stats_(stats),
        host_header_(url.host.find(':') == std::string::npos
                         ? fmt::format("{}:{}", url.host, url.port)
                         : fmt::format("[{}]:{}", url.host, url.port)),
        tick_(make_timer<WsEndpoint, &WsEndpoint::on_tick>(this)) {
    clients_.resize(static_cast<size_t>(options.clients));
    for (int i = 0; i < options.clients; ++i) {
      WsClient& c = clients_[static_cast<size_t>(i)];
      c.endpoint = this;
      c.index = i;
      c.due_ns = start_ns + kEndpointConnectSpacingNs * i;
    }
    lws_set_log_level(LLL_ERR, nullptr);
    protocols_[0].name = "pushbench-endpoint";
    protocols_[0].callback = &WsEndpoint::callback;
    lws_context_creation_info info{};
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols_.data();
    info.user = this;
    if (url.tls()) {
      info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
      if (!options.tls_ca_path.empty()) {
        info.client_ssl_ca_filepath = options.tls_ca_path.c_str();
      }
    }
    ctx_.reset(lws_create_context(&info));
    if (!ctx_) {
      throw std::runtime_error("cannot create the libwebsockets client context");
    }
  }
  WsEndpoint(const WsEndpoint&) = delete;
  WsEndpoint& operator=(const WsEndpoint&) = delete;

  void run(int64_t end_ns) {
    end_ns_ = end_ns;
    tick_.schedule(ctx_.get(), 0);
    while (!done_ && lws_service(ctx_.get(), 0) >= 0) {
    }
    tick_.cancel();
    ctx_.reset();  // closes every connection (CLIENT_CLOSED after done_: not retried)
  }

 private:
  void on_tick() noexcept {
    const int64_t now = mono_ns();
    if (now >= end_ns_ || stop_requested()) {
      done_ = true;
      lws_cancel_service(ctx_.get());
      return;
    }
    for (WsClient& c : clients_) {
      if (c.wsi == nullptr && !c.connecting && c.due_ns <= now) {
        connect(c);
      }
    }
    tick_.schedule(ctx_.get(), kTickNs);
  }

  void connect(WsClient& c) {
    lws_client_connect_info info{};
    info.context = ctx_.get();
    info.address = url_.host.c_str();
    info.port = url_.port;
    info.path = url_.target.c_str();
    info.host = host_header_.c_str();
    info.origin = host_header_.c_str();
    info.protocol = nullptr;
    info.local_protocol_name = protocols_[0].name;
    info.opaque_user_data = &c;
    if (url_.tls()) {
      info.ssl_connection = LCCSCF_USE_SSL;
    }
    if (c.connected_once) {
      stats_.on_reconnect();
    }
    c.connecting = true;
    c.rx.clear();
    lws* wsi = lws_client_connect_via_info(&info);
    if (wsi == nullptr && c.connecting) {
      failed(c, "cannot start a WebSocket connect");
    }
  }

  void failed(WsClient& c, std::string_view why) {
    c.connecting = false;
    c.wsi = nullptr;
    if (!done_) {
      stats_.on_error(why);
      c.due_ns = mono_ns() + kEndpointRetryNs;
    }
  }

  static int callback(lws* wsi, lws_callback_reasons reason, void* user, void* in,
                      size_t len) noexcept {
    auto* c = wsi ? static_cast<WsClient*>(lws_get_opaque_user_data(wsi)) : nullptr;
    if (c == nullptr) {
      return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
    try {
      return c->endpoint->dispatch(*c, wsi, reason, in, len);
    } catch (...) {
      return -1;  // never let an exception cross the C frame; this connection closes
    }
  }

  int dispatch(WsClient& c, lws* wsi, lws_callback_reasons reason, void* in, size_t len) {
    switch (reason) {
      case LWS_CALLBACK_CLIENT_ESTABLISHED:
        c.connecting = false;
        c.connected_once = true;
        c.wsi = wsi;
        stats_.on_connection();
        return 0;
      case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        // `in` is lws' reason, a NUL-terminated string (or null).
        failed(c, in != nullptr ? static_cast<const char*>(in) : "WebSocket connect failed");
        return 0;
      case LWS_CALLBACK_CLIENT_RECEIVE: {
        const int64_t rx_ns = mono_ns();
        if (c.rx.size() + len > kMaxMessage) {
          stats_.on_error("a WebSocket message over 16 MiB");
          return -1;
        }
        c.rx.append(static_cast<const char*>(in), len);
        if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
          const int64_t clock_ns =
              options_.timestamp_field.empty() ? 0 : clock_now_ns(options_.clock);
          stats_.on_message(c.index, c.rx, rx_ns, clock_ns);
          c.rx.clear();
        }
        return 0;
      }
      case LWS_CALLBACK_CLIENT_CLOSED:
        if (c.wsi == wsi) {
          c.wsi = nullptr;
          if (!done_) {
            c.due_ns = mono_ns() + kEndpointRetryNs;  // the server closed it: reconnect
          }
        }
        return 0;
      default:
        return lws_callback_http_dummy(wsi, reason, nullptr, in, len);
    }
  }

  const EndpointOptions& options_;
  const EndpointUrl& url_;
  EndpointStats& stats_;
  std::string host_header_;
  std::vector<WsClient> clients_;
  std::array<lws_protocols, 2> protocols_{};
  LwsTimer tick_;
  int64_t end_ns_ = 0;
  bool done_ = false;
  LwsContext ctx_;  // last member: destroyed first, while what it calls into still exists
};

}  // namespace

void run_ws_endpoint(const EndpointOptions& options, const EndpointUrl& url, EndpointStats& stats,
                     int64_t start_ns, int64_t end_ns) {
  WsEndpoint endpoint(options, url, stats, start_ns);
  endpoint.run(end_ns);
}

}  // namespace pushbench
