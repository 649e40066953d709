// results.csv's columns: the table, and each value's arithmetic.
#include "result_columns.h"

#include <fmt/format.h>

namespace pushbench {
namespace {
using M = MeasuredCell;

std::string num(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }
std::string num(uint64_t v) { return std::to_string(v); }
std::string us(const nlohmann::json& ns) { return num(ns.get<double>() / 1e3, 1); }
std::string ratio(double a, double b, int decimals) { return b > 0 ? num(a / b, decimals) : ""; }
double dbl(uint64_t v) { return static_cast<double>(v); }

// A count of the client's result JSON (a key, or a path of keys).
uint64_t client_count(const M& m, const char* key) { return m.client.at(key).get<uint64_t>(); }
uint64_t delivery(const M& m, const char* key) {
  return m.client.at("delivery").at(key).get<uint64_t>();
}
uint64_t delivered(const M& m) { return delivery(m, "delivered"); }
uint64_t app_bytes(const M& m) {
  return client_count(m, "app_bytes_up") + client_count(m, "app_bytes_down");
}
uint64_t wire_bytes(const M& m) {  // app + TCP/IP headers
  return client_count(m, "wire_bytes_up") + client_count(m, "wire_bytes_down");
}
double server_cpu_s(const M& m) { return m.server_end.cpu_s - m.server_start.cpu_s; }
double client_cpu_s(const M& m) { return m.client_end.cpu_s - m.client_start.cpu_s; }
double server_cpu_pct(const M& m) { return 100 * server_cpu_s(m) / m.duration_s; }
double client_cpu_pct(const M& m) { return 100 * client_cpu_s(m) / m.duration_s; }
double client_minutes(const M& m) {  // the idle-cost denominators
  return m.workload.clients * m.duration_s / 60;
}

// The client's latency percentile `key`, empty when nothing was delivered.
std::string latency(const M& m, const char* key) {
  const nlohmann::json& lat = m.client.at("latency_ns");
  return lat.at("count").get<uint64_t>() > 0 ? us(lat.at(key)) : std::string();
}

// Every client error, misdeliveries included.
uint64_t client_errors(const M& m) {
  uint64_t errors = 0;
  for (const auto& [key, value] : m.client.at("errors").items()) {
    errors += value.get<uint64_t>();
  }
  return errors + delivery(m, "misdelivered");
}

// The delay stage fell behind: more than this share of the packets it carried in the window were
// read or released over 1 ms past their release time. At 1 % the tail the latency percentiles
// report from p99 on may be the stage's, not the network's asked for (docs/method.md).
constexpr double kDelayLatePct = 1;
bool delay_bottleneck(const M& m) {
  return m.delay && m.delay->packets > 0 &&
         100 * dbl(m.delay->late) > kDelayLatePct * dbl(m.delay->packets);
}

// A measured clock offset was applied and the median latency is not larger than its
// uncertainty: the row's latency may be the offset's error (docs/mpi.md).
bool clock_uncertain(const M& m) {
  const nlohmann::json& lat = m.client.at("latency_ns");
  return m.clock && m.clock->applied && lat.at("count").get<uint64_t>() > 0 &&
         lat.at("p50").get<double>() / 1e3 <= m.clock->uncertainty_us;
}

std::string flags(const M& m) {
  std::string flags;
  auto flag = [&flags](bool on, const char* f) {
    if (on) {
      flags += flags.empty() ? f : std::string(";") + f;
    }
  };
  flag(client_cpu_pct(m) > 90, "client_saturated");
  flag(server_cpu_pct(m) > 90, "server_saturated");
  flag(delivery(m, "lost") > 0, "loss");
  flag(m.foreign_load, "foreign_load");
  flag(client_errors(m) > 0, "errors");
  flag(delay_bottleneck(m), "delay_saturated");
  flag(m.rate_drops && *m.rate_drops > 0, "rate_capped");
  flag(clock_uncertain(m), "clock_uncertain");
  if (has_upstream(m.workload.workload)) {
    const auto& up = m.server.at("upstream");
    flag(m.client.at("upstream").at("messages_sent").get<uint64_t>() >
             up.at("in_window").get<uint64_t>(),
         "upstream_loss");
    flag(up.at("rejected").get<uint64_t>() > 0, "upstream_rejected");
  }
  return flags;
}

// --tls: the server's account of its handshakes (servers/tls_accounting.h); null without TLS.
const nlohmann::json* tls_stats(const M& m) {
  const auto it = m.server.find("tls");
  return m.tls && it != m.server.end() && it->is_object() ? &*it : nullptr;
}
std::string tls_count(const M& m, const char* key) {
  const nlohmann::json* t = tls_stats(m);
  return t != nullptr ? num(t->at(key).get<uint64_t>()) : "";
}
// The versions the server's handshakes negotiated, '+'-joined (one, when pinned as it should).
std::string tls_versions(const M& m) {
  const nlohmann::json* t = tls_stats(m);
  std::string out;
  if (t != nullptr) {
    for (const auto& [version, count] : t->at("versions").items()) {
      out += (out.empty() ? "" : "+") + version;
    }
  }
  return out;
}
std::string tls_cpu_per_handshake(const M& m) {
  const nlohmann::json* t = tls_stats(m);
  if (t == nullptr) {
    return "";
  }
  return ratio(
      t->at("handshake_cpu_us").get<double>(),
      dbl(t->at("handshakes_full").get<uint64_t>() + t->at("handshakes_resumed").get<uint64_t>()),
      1);
}

// HTTP/2 transports: the server's account of its frames (servers/h2_frames.h) and the client's
// of its requests' header blocks (clients/hpack_replay.h); null otherwise.
const nlohmann::json* h2_server(const M& m) {
  const auto it = m.server.find("h2");
  return is_h2(m.transport) && it != m.server.end() && it->is_object() ? &*it : nullptr;
}
uint64_t h2_server_count(const M& m, const char* key) {
  const nlohmann::json* h2 = h2_server(m);
  return h2 != nullptr ? h2->at(key).get<uint64_t>() : 0;
}
uint64_t h2_client_count(const M& m, const char* key) {
  return m.client.at("h2_request_blocks").at(key).get<uint64_t>();
}
// HTTP/1.1 rows: libcurl's request and response header sizes. HTTP/2 rows: the requests' HPACK
// blocks (client) and the responses' (server), both inside the window.
uint64_t http_header_bytes(const M& m) {
  return client_count(m, "http_header_bytes") + h2_server_count(m, "header_block_bytes_in_window");
}
// The HTTP version the server served the transport's requests in, measured: "2" when every
// request of the run came on an HTTP/2 stream, "1.1" when none did, "mixed" otherwise.
std::string http_version(const M& m) {
  if (!is_http(m.transport)) {
    return "";
  }
  const auto requests = m.server.value("http_requests", uint64_t{0});
  const auto h2 = m.server.value("h2_requests", uint64_t{0});
  return h2 == 0 ? "1.1" : h2 == requests ? "2" : "mixed";
}
// HEADERS and DATA frames both ways inside the window, 9 bytes each: the server's responses
// (one HEADERS each, a DATA frame per body or SSE write), the clients' requests (one HEADERS
// each) and POST bodies (one DATA frame each).
std::string h2_frame_bytes_per_notification(const M& m) {
  if (h2_server(m) == nullptr) {
    return "";
  }
  const uint64_t frames = h2_server_count(m, "headers_frames_in_window") +
                          h2_server_count(m, "data_frames_in_window") +
                          h2_client_count(m, "blocks_in_window") +
                          m.client.at("upstream").at("requests").get<uint64_t>();
  return ratio(dbl(9 * frames), dbl(delivered(m)), 1);
}

// "yes" when every WebSocket connection negotiated permessage-deflate, "no" when none did,
// "partial" otherwise; empty for non-WebSocket transports.
std::string deflate_negotiated(const M& m) {
  if (!is_websocket(m.transport)) {
    return "";
  }
  const auto established = m.client.value("ws_established", uint64_t{0});
  const auto negotiated = m.client.value("deflate_negotiated", uint64_t{0});
  if (negotiated == 0) {
    return "no";
  }
  return negotiated == established ? "yes" : "partial";
}

// --netns: the veth's own counters, and how far the TCP_INFO-derived wire bytes are from them
// (IP level: the interface bytes minus 14 B of Ethernet per frame).
constexpr uint64_t kEthernetHeader = 14;
std::string veth(const M& m, uint64_t VethCounts::*field) {
  return m.veth ? num((*m.veth).*field) : "";
}
std::string wire_vs_veth(const M& m) {
  if (!m.veth) {
    return "";
  }
  const VethCounts& v = *m.veth;
  const double ip_bytes =
      dbl(v.bytes_up + v.bytes_down) - dbl(kEthernetHeader * (v.packets_up + v.packets_down));
  return ip_bytes > 0 ? num(100 * (dbl(wire_bytes(m)) - ip_bytes) / ip_bytes, 2) : "";
}

// Chat and game: what went up (the client's count, the server's count, both for messages planned
// inside the window), how long it took (server receipt - planned send), and what it cost. Empty
// for workloads without upstream.
bool upstream(const M& m) { return has_upstream(m.workload.workload); }
uint64_t sent(const M& m) { return m.client.at("upstream").at("messages_sent").get<uint64_t>(); }
uint64_t received(const M& m) { return m.server.at("upstream").at("in_window").get<uint64_t>(); }
// The server's upstream latency figure `key`, empty when no message arrived.
std::string upstream_latency(const M& m, const char* key) {
  if (!upstream(m)) {
    return "";
  }
  const nlohmann::json& lat = m.server.at("upstream").at("latency");
  return lat.at("count").get<uint64_t>() > 0 ? num(lat.at(key).get<double>(), 1) : "";
}
// Chat: the notification latency is end to end, from the sender's planned send.
std::string e2e_latency(const M& m, const char* key) {
  return upstream(m) && m.workload.workload == Workload::kChat ? latency(m, key) : "";
}
std::string upstream_bytes_per_message(const M& m) {
  if (!upstream(m)) {
    return "";
  }
  // ws, tcp: everything the client sent is its messages' frames / lines; HTTP: the POST /send
  // exchanges alone (their polls and streams are not upstream).
  const uint64_t bytes = is_http(m.transport) ? m.client.at("upstream").at("bytes").get<uint64_t>()
                                              : client_count(m, "app_bytes_up");
  return ratio(dbl(bytes), dbl(sent(m)), 1);
}
std::string send_lag_p99(const M& m) {
  if (!upstream(m)) {
    return "";
  }
  const nlohmann::json& lag = m.client.at("upstream").at("send_lag_ns");
  return lag.at("count").get<uint64_t>() > 0 ? us(lag.at("p99")) : "";
}

// --ws-ping: the server's keep-alive pings and the clients' pongs inside the window (their bytes
// are in the app/wire byte columns like everything else). Empty for non-WebSocket transports.
std::string ws_ping_count(const M& m, const char* key) {
  return is_websocket(m.transport) ? num(m.server.at("ws_pings").at(key).get<uint64_t>()) : "";
}

// --server nginx|pushpin: the implementation's own processes over the window; empty for
// pushbench-server alone.
std::optional<double> impl_cpu_s(const M& m) {
  if (!m.impl_start || !m.impl_end) {
    return std::nullopt;
  }
  return m.impl_end->cpu_s - m.impl_start->cpu_s;
}

// --netns: a condition asked for, empty without.
std::string asked(const M& m, double NetAsked::*field) {
  return m.net ? fmt::format("{}", (*m.net).*field) : "";
}
// TCP's RTT of the client connections (TCP_INFO, one sample per connection of the window): the
// percentile `key` of `which` (tcp_srtt_ns, tcp_min_rtt_ns), ms; empty without a sample.
std::string tcp_rtt(const M& m, const char* which, const char* key) {
  if (!m.client.contains(which) || m.client.at(which).at("count").get<uint64_t>() == 0) {
    return "";
  }
  return num(m.client.at(which).at(key).get<double>() / 1e6, 3);
}
// The delay stages over the window; empty without them.
std::string delay(const M& m, std::string (*value)(const DelayUse&)) {
  return m.delay ? value(*m.delay) : "";
}

const std::vector<ResultColumn> kTable = {
    {"schema_version", "—", "the schema's version", ColumnRole::kVersion,
     [](const M&) { return std::to_string(kSchemaVersion); }},
    {"transport", "—", "poll, poll-close, longpoll, sse, ws, ws-deflate or tcp", ColumnRole::kCell,
     [](const M& m) { return std::string(name(m.transport)); }},
    {"workload", "—", "broadcast, notify, chat, game or idle", ColumnRole::kCell,
     [](const M& m) { return std::string(name(m.workload.workload)); }},
    {"arrival", "—", "fixed (evenly spaced) or poisson (seeded gaps)", ColumnRole::kCell,
     [](const M& m) { return std::string(name(m.workload.arrival)); }},
    {"clients", "clients", "number of simulated clients", ColumnRole::kCell,
     [](const M& m) { return std::to_string(m.workload.clients); }},
    {"event_rate_hz", "events/s", "events published per second, whole workload",
     ColumnRole::kCell, [](const M& m) { return fmt::format("{}", m.workload.rate_hz); }},
    {"payload_bytes", "B", "exact size of every event's JSON", ColumnRole::kCell,
     [](const M& m) { return std::to_string(m.workload.payload_bytes); }},
    {"poll_interval_ms", "ms", "time between two polls of one client; polling only",
     ColumnRole::kCell,
     [](const M& m) {
       return is_polling(m.transport) ? fmt::format("{}", m.poll_interval_ms) : "";
     }},
    {"repetition", "—", "1..--repeat", ColumnRole::kRepetition,
     [](const M& m) { return std::to_string(m.repetition); }},
    {"seed", "—", "seed of the schedule, the pad bytes and the poll phases",
     ColumnRole::kRepetition, [](const M& m) { return std::to_string(m.workload.seed); }},
    {"warmup_s", "s", "time from the epoch to the window's start", ColumnRole::kWindow,
     [](const M& m) { return fmt::format("{}", m.warmup_s); }},
    {"duration_s", "s", "window length", ColumnRole::kWindow,
     [](const M& m) { return fmt::format("{}", m.duration_s); }},
    {"server_loop", "—", "the server's libwebsockets event loop", ColumnRole::kCell,
     [](const M& m) { return m.loop; }},
    {"notifications_expected", "notifications", "window events x their recipients",
     ColumnRole::kNumber, [](const M& m) { return num(delivery(m, "expected")); }},
    {"notifications_delivered", "notifications", "distinct expected notifications received",
     ColumnRole::kNumber, [](const M& m) { return num(delivered(m)); }},
    {"notifications_lost", "notifications", "expected - delivered", ColumnRole::kNumber,
     [](const M& m) { return num(delivery(m, "lost")); }},
    {"notifications_duplicated", "notifications", "receipts of a notification already had",
     ColumnRole::kNumber, [](const M& m) { return num(delivery(m, "duplicated")); }},
    {"notifications_out_of_order", "notifications", "receipts with a seq below one already had",
     ColumnRole::kNumber, [](const M& m) { return num(delivery(m, "out_of_order")); }},
    {"notifications_misdelivered", "events", "events addressed to another client or unknown",
     ColumnRole::kNumber, [](const M& m) { return num(delivery(m, "misdelivered")); }},
    {"latency_p50_us", "µs", "exact median of client read - planned publish", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "p50"); }},
    {"latency_p90_us", "µs", "exact 90th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "p90"); }},
    {"latency_p99_us", "µs", "exact 99th percentile", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "p99"); }},
    {"latency_p999_us", "µs", "exact 99.9th percentile", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "p999"); }},
    {"latency_max_us", "µs", "largest sample", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "max"); }},
    {"latency_mean_us", "µs", "mean of the same samples", ColumnRole::kNumber,
     [](const M& m) { return latency(m, "mean"); }},
    {"requests_total", "requests", "HTTP requests completed in the window", ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "requests")); }},
    {"empty_responses", "requests", "of those, responses with no event", ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "empty_responses")); }},
    {"late_polls", "polls", "polls issued after their due time; polling only",
     ColumnRole::kNumber,
     [](const M& m) {
       return is_polling(m.transport) ? num(client_count(m, "late_polls")) : "";
     }},
    {"connections_opened", "connections", "client TCP sockets created in the window",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "connections_opened")); }},
    {"connections_open", "connections", "client TCP sockets open at the window's end",
     ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "connections_open_at_end")); }},
    {"app_bytes_up", "B", "TCP payload bytes the clients sent in the window", ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "app_bytes_up")); }},
    {"app_bytes_down", "B", "TCP payload bytes the clients received in the window",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "app_bytes_down")); }},
    {"app_bytes_per_notification", "B", "app bytes both ways / delivered", ColumnRole::kNumber,
     [](const M& m) { return ratio(dbl(app_bytes(m)), dbl(delivered(m)), 1); }},
    {"segments_up", "segments", "TCP segments the clients sent in the window",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "segments_up")); }},
    {"segments_down", "segments", "TCP segments the clients received in the window",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "segments_down")); }},
    {"server_cpu_s", "s", "server on-CPU time in the window", ColumnRole::kNumber,
     [](const M& m) { return num(server_cpu_s(m), 4); }},
    {"server_cpu_pct", "% of one core", "100 x server_cpu_s / duration_s", ColumnRole::kNumber,
     [](const M& m) { return num(server_cpu_pct(m), 2); }},
    {"server_cpu_us_per_notification", "µs", "server CPU / delivered", ColumnRole::kNumber,
     [](const M& m) { return ratio(server_cpu_s(m) * 1e6, dbl(delivered(m)), 2); }},
    {"server_cpu_us_per_request", "µs", "server CPU / requests_total", ColumnRole::kNumber,
     [](const M& m) {
       return ratio(server_cpu_s(m) * 1e6, dbl(client_count(m, "requests")), 2);
     }},
    {"server_rss_kb", "KiB", "server RSS at the window's end", ColumnRole::kNumber,
     [](const M& m) { return num(static_cast<uint64_t>(m.server_end.rss_kb)); }},
    {"server_rss_before_clients_kb", "KiB", "server RSS before the clients started",
     ColumnRole::kNumber,
     [](const M& m) { return num(static_cast<uint64_t>(m.server_rss_before_clients_kb)); }},
    {"server_rss_per_client_kb", "KiB", "server RSS growth while the clients connected / clients",
     ColumnRole::kNumber,
     [](const M& m) {
       return num(static_cast<double>(m.server_rss_clients_ready_kb -
                                      m.server_rss_before_clients_kb) /
                      m.workload.clients,
                  3);
     }},
    {"client_cpu_s", "s", "client on-CPU time in the window", ColumnRole::kNumber,
     [](const M& m) { return num(client_cpu_s(m), 4); }},
    {"client_cpu_pct", "% of one core", "100 x client_cpu_s / duration_s", ColumnRole::kNumber,
     [](const M& m) { return num(client_cpu_pct(m), 2); }},
    {"client_rss_kb", "KiB", "client RSS at the window's end", ColumnRole::kNumber,
     [](const M& m) { return num(static_cast<uint64_t>(m.client_end.rss_kb)); }},
    {"publish_lag_p50_us", "µs", "median of actual - planned publish time", ColumnRole::kNumber,
     [](const M& m) { return num(m.server.at("publish_lag").at("p50_us").get<double>(), 1); }},
    {"publish_lag_p99_us", "µs", "99th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return num(m.server.at("publish_lag").at("p99_us").get<double>(), 1); }},
    {"server_queue_drops", "notifications", "dropped on a full client queue, whole run",
     ColumnRole::kNumber,
     [](const M& m) { return num(m.server.at("queue_drops").get<uint64_t>()); }},
    {"client_errors", "count", "client errors over the whole run, misdeliveries included",
     ColumnRole::kNumber, [](const M& m) { return num(client_errors(m)); }},
    {"flags", "—", "';'-separated trust flags; empty when clean", ColumnRole::kText, flags},
    {"deflate_negotiated", "—", "yes, no or partial; WebSocket only", ColumnRole::kText,
     deflate_negotiated},
    {"longpoll_timeouts", "requests", "held requests answered 204 at the hang timeout",
     ColumnRole::kNumber,
     [](const M& m) {
       return http1_of(m.transport) == Transport::kLongPoll ? num(client_count(m, "empty_responses")) : "";
     }},
    {"sse_reconnects", "streams", "event streams resumed with Last-Event-ID, whole run",
     ColumnRole::kNumber,
     [](const M& m) {
       return http1_of(m.transport) == Transport::kSse ? num(client_count(m, "sse_reconnects")) : "";
     }},
    {"requests_per_client_per_min", "requests", "requests_total per client per minute",
     ColumnRole::kNumber,
     [](const M& m) { return num(dbl(client_count(m, "requests")) / client_minutes(m), 3); }},
    {"app_bytes_per_client_per_min", "B", "app bytes both ways per client per minute",
     ColumnRole::kNumber, [](const M& m) { return num(dbl(app_bytes(m)) / client_minutes(m), 1); }},
    {"server_cpu_us_per_client_per_min", "µs", "server CPU per client per minute",
     ColumnRole::kNumber,
     [](const M& m) { return num(server_cpu_s(m) * 1e6 / client_minutes(m), 1); }},
    {"server_cpu_user_s", "s", "server user-mode CPU in the window (clock ticks)",
     ColumnRole::kNumber, [](const M& m) { return num(m.server_end.user_s - m.server_start.user_s, 2); }},
    {"server_cpu_sys_s", "s", "server kernel-mode CPU in the window (clock ticks)",
     ColumnRole::kNumber, [](const M& m) { return num(m.server_end.sys_s - m.server_start.sys_s, 2); }},
    {"client_cpu_user_s", "s", "client user-mode CPU in the window (clock ticks)",
     ColumnRole::kNumber, [](const M& m) { return num(m.client_end.user_s - m.client_start.user_s, 2); }},
    {"client_cpu_sys_s", "s", "client kernel-mode CPU in the window (clock ticks)",
     ColumnRole::kNumber, [](const M& m) { return num(m.client_end.sys_s - m.client_start.sys_s, 2); }},
    {"server_rss_start_kb", "KiB", "server RSS at the window's start", ColumnRole::kNumber,
     [](const M& m) { return num(static_cast<uint64_t>(m.server_start.rss_kb)); }},
    {"client_cpu_us_per_notification", "µs", "client CPU / delivered", ColumnRole::kNumber,
     [](const M& m) { return ratio(client_cpu_s(m) * 1e6, dbl(delivered(m)), 2); }},
    {"wire_bytes_up", "B", "app_bytes_up + TCP/IP headers (from segment counts)",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "wire_bytes_up")); }},
    {"wire_bytes_down", "B", "app_bytes_down + TCP/IP headers", ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "wire_bytes_down")); }},
    {"packets_up", "packets", "IP packets the clients sent (= segments_up)", ColumnRole::kNumber,
     [](const M& m) { return num(client_count(m, "segments_up")); }},
    {"packets_down", "packets", "IP packets the clients received (= segments_down)",
     ColumnRole::kNumber, [](const M& m) { return num(client_count(m, "segments_down")); }},
    {"wire_bytes_per_notification", "B", "wire bytes both ways / delivered", ColumnRole::kNumber,
     [](const M& m) { return ratio(dbl(wire_bytes(m)), dbl(delivered(m)), 1); }},
    {"packets_per_notification", "packets", "packets both ways / delivered", ColumnRole::kNumber,
     [](const M& m) {
       return ratio(dbl(client_count(m, "segments_up") + client_count(m, "segments_down")),
                    dbl(delivered(m)), 2);
     }},
    {"http_header_bytes", "B", "HTTP request + response header bytes; not tcp",
     ColumnRole::kNumber,
     [](const M& m) {
       return m.transport == Transport::kTcp ? "" : num(http_header_bytes(m));
     }},
    {"veth_bytes_up", "B", "--netns: bytes the client's veth sent", ColumnRole::kNumber,
     [](const M& m) { return veth(m, &VethCounts::bytes_up); }},
    {"veth_bytes_down", "B", "--netns: bytes the client's veth received", ColumnRole::kNumber,
     [](const M& m) { return veth(m, &VethCounts::bytes_down); }},
    {"veth_packets_up", "frames", "--netns: frames the client's veth sent", ColumnRole::kNumber,
     [](const M& m) { return veth(m, &VethCounts::packets_up); }},
    {"veth_packets_down", "frames", "--netns: frames the client's veth received",
     ColumnRole::kNumber, [](const M& m) { return veth(m, &VethCounts::packets_down); }},
    {"wire_vs_veth_bytes_pct", "%", "--netns: wire bytes vs the veth's IP bytes",
     ColumnRole::kNumber, wire_vs_veth},
    {"room_size", "clients", "chat: clients per room", ColumnRole::kNumber,
     [](const M& m) {
       return upstream(m) && m.workload.workload == Workload::kChat
                  ? std::to_string(m.workload.room_size)
                  : "";
     }},
    {"upstream_message_bytes", "B", "chat, game: exact size of each message sent up",
     ColumnRole::kNumber,
     [](const M& m) { return upstream(m) ? std::to_string(m.workload.upstream_bytes()) : ""; }},
    {"messages_sent", "messages", "chat, game: window messages the clients sent",
     ColumnRole::kNumber, [](const M& m) { return upstream(m) ? num(sent(m)) : ""; }},
    {"messages_received", "messages", "chat, game: window messages the server received",
     ColumnRole::kNumber, [](const M& m) { return upstream(m) ? num(received(m)) : ""; }},
    {"upstream_lost", "messages", "max(0, messages_sent - messages_received)",
     ColumnRole::kNumber,
     [](const M& m) {
       return upstream(m) ? num(sent(m) > received(m) ? sent(m) - received(m) : 0) : "";
     }},
    {"upstream_latency_p50_us", "µs", "median of server receipt - planned send",
     ColumnRole::kNumber, [](const M& m) { return upstream_latency(m, "p50_us"); }},
    {"upstream_latency_p99_us", "µs", "99th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return upstream_latency(m, "p99_us"); }},
    {"upstream_latency_max_us", "µs", "maximum of the same", ColumnRole::kNumber,
     [](const M& m) { return upstream_latency(m, "max_us"); }},
    {"e2e_latency_p50_us", "µs", "chat: median of recipient read - planned send",
     ColumnRole::kNumber, [](const M& m) { return e2e_latency(m, "p50"); }},
    {"e2e_latency_p99_us", "µs", "chat: 99th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return e2e_latency(m, "p99"); }},
    {"upstream_requests", "requests", "HTTP in chat, game: POST /send requests completed",
     ColumnRole::kNumber,
     [](const M& m) {
       return upstream(m) && is_http(m.transport)
                  ? num(m.client.at("upstream").at("requests").get<uint64_t>())
                  : "";
     }},
    {"upstream_bytes_per_message", "B", "chat, game: upstream app bytes / messages_sent",
     ColumnRole::kNumber, upstream_bytes_per_message},
    {"send_lag_p99_us", "µs", "chat, game: p99 of handed to transport - planned send",
     ColumnRole::kNumber, send_lag_p99},
    {"upstream_rejected", "messages", "chat, game: messages the server rejected, whole run",
     ColumnRole::kNumber,
     [](const M& m) {
       return upstream(m) ? num(m.server.at("upstream").at("rejected").get<uint64_t>()) : "";
     }},
    {"ws_ping_interval_s", "s", "ws, ws-deflate: --ws-ping", ColumnRole::kNumber,
     [](const M& m) { return is_websocket(m.transport) ? fmt::format("{}", m.ws_ping_s) : ""; }},
    {"ws_pings", "frames", "ws, ws-deflate: keep-alive pings sent in the window",
     ColumnRole::kNumber, [](const M& m) { return ws_ping_count(m, "sent_in_window"); }},
    {"ws_pongs", "frames", "ws, ws-deflate: pongs received in the window", ColumnRole::kNumber,
     [](const M& m) { return ws_ping_count(m, "pongs_in_window"); }},
    {"deflate_offer", "—", "ws-deflate: the client's offer, lws or browser", ColumnRole::kText,
     [](const M& m) {
       return m.transport == Transport::kWsDeflate ? std::string(name(m.deflate_offer))
                                                   : std::string();
     }},
    {"foreign_cpu_pct", "% of one core", "CPU other processes used on the measured cores",
     ColumnRole::kNumber,
     [](const M& m) { return m.foreign_cpu_pct ? num(*m.foreign_cpu_pct, 1) : ""; }},
    {"net_profile", "—", "--netns: the --net profile, custom once overridden",
     ColumnRole::kCell, [](const M& m) { return m.net ? m.net->profile : ""; }},
    {"net_rtt_ms", "ms", "--netns: round trip added (half each way)", ColumnRole::kCell,
     [](const M& m) { return asked(m, &NetAsked::rtt_ms); }},
    {"net_jitter_ms", "ms", "--netns: jitter added (+-half each way)", ColumnRole::kCell,
     [](const M& m) { return asked(m, &NetAsked::jitter_ms); }},
    {"net_loss_pct", "%", "--netns: random loss of each packet, each way", ColumnRole::kCell,
     [](const M& m) { return asked(m, &NetAsked::loss_pct); }},
    {"net_down_mbit", "Mbit/s", "--netns: rate cap server -> clients; 0 = none",
     ColumnRole::kCell, [](const M& m) { return asked(m, &NetAsked::down_mbit); }},
    {"net_up_mbit", "Mbit/s", "--netns: rate cap clients -> server; 0 = none", ColumnRole::kCell,
     [](const M& m) { return asked(m, &NetAsked::up_mbit); }},
    {"tcp_srtt_p50_ms", "ms", "median over client connections of TCP's smoothed RTT",
     ColumnRole::kNumber, [](const M& m) { return tcp_rtt(m, "tcp_srtt_ns", "p50"); }},
    {"tcp_srtt_p99_ms", "ms", "99th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return tcp_rtt(m, "tcp_srtt_ns", "p99"); }},
    {"tcp_min_rtt_p50_ms", "ms", "median over client connections of TCP's minimum RTT",
     ColumnRole::kNumber, [](const M& m) { return tcp_rtt(m, "tcp_min_rtt_ns", "p50"); }},
    {"tcp_min_rtt_p99_ms", "ms", "99th percentile of the same", ColumnRole::kNumber,
     [](const M& m) { return tcp_rtt(m, "tcp_min_rtt_ns", "p99"); }},
    {"tcp_retrans_segments", "segments", "segments the clients retransmitted in the window",
     ColumnRole::kNumber,
     [](const M& m) {
       return m.client.contains("tcp_retrans_segments")
                  ? num(client_count(m, "tcp_retrans_segments"))
                  : "";
     }},
    {"server_retrans_segments", "segments", "--netns: segments the server retransmitted",
     ColumnRole::kNumber,
     [](const M& m) { return m.server_retrans ? num(*m.server_retrans) : ""; }},
    {"delay_cpu_s", "s", "--rtt/--jitter: the delay stages' CPU time in the window",
     ColumnRole::kNumber,
     [](const M& m) { return delay(m, [](const DelayUse& d) { return num(d.cpu_s, 4); }); }},
    {"delay_packets", "packets", "--rtt/--jitter: packets the delay stages carried",
     ColumnRole::kNumber,
     [](const M& m) { return delay(m, [](const DelayUse& d) { return num(d.packets); }); }},
    {"delay_late_packets", "packets", "of those, read or released > 1 ms past their time",
     ColumnRole::kNumber,
     [](const M& m) { return delay(m, [](const DelayUse& d) { return num(d.late); }); }},
    {"tls", "—", "on: https / wss / TLS (--tls), off: plain", ColumnRole::kCell,
     [](const M& m) { return std::string(m.tls ? "on" : "off"); }},
    {"tls_resume", "—", "--tls-resume: on or off; empty without TLS", ColumnRole::kCell,
     [](const M& m) { return m.tls ? std::string(m.tls_resume ? "on" : "off") : ""; }},
    {"tls_version", "—", "TLS version the server's handshakes negotiated", ColumnRole::kText,
     tls_versions},
    {"tls_handshakes_full", "handshakes", "server: full TLS handshakes in the window",
     ColumnRole::kNumber, [](const M& m) { return tls_count(m, "handshakes_full_in_window"); }},
    {"tls_handshakes_resumed", "handshakes", "server: resumed TLS handshakes in the window",
     ColumnRole::kNumber,
     [](const M& m) { return tls_count(m, "handshakes_resumed_in_window"); }},
    {"tls_server_cpu_us_per_handshake", "µs",
     "server thread CPU inside the TLS handshake / handshakes, whole run", ColumnRole::kNumber,
     tls_cpu_per_handshake},
    {"net_rate_drops", "packets",
     "--bandwidth: packets the rate cap's queue dropped in the window, both ways",
     ColumnRole::kNumber, [](const M& m) { return m.rate_drops ? num(*m.rate_drops) : ""; }},
    {"http_version", "—", "HTTP transports: 1.1, 2 or mixed, as the server served them",
     ColumnRole::kText, http_version},
    {"h2_clients_per_conn", "clients", "HTTP/2: --h2-clients-per-conn", ColumnRole::kCell,
     [](const M& m) {
       return m.h2_clients_per_conn > 0 ? std::to_string(m.h2_clients_per_conn) : "";
     }},
    {"h2_request_header_bytes_first", "B", "HTTP/2: HPACK block of a connection's first request",
     ColumnRole::kNumber,
     [](const M& m) {
       return h2_server(m) != nullptr
                  ? ratio(dbl(h2_client_count(m, "first_bytes")), dbl(h2_client_count(m, "first")),
                          1)
                  : "";
     }},
    {"h2_request_header_bytes_steady", "B", "HTTP/2: HPACK block of a later request, mean",
     ColumnRole::kNumber,
     [](const M& m) {
       return h2_server(m) != nullptr ? ratio(dbl(h2_client_count(m, "steady_bytes_in_window")),
                                              dbl(h2_client_count(m, "steady_in_window")), 1)
                                      : "";
     }},
    {"h2_response_header_bytes", "B", "HTTP/2: HPACK block of a response, mean, whole run",
     ColumnRole::kNumber,
     [](const M& m) {
       return h2_server(m) != nullptr
                  ? ratio(dbl(h2_server_count(m, "header_block_bytes")),
                          dbl(h2_server_count(m, "headers_frames")), 1)
                  : "";
     }},
    {"h2_frame_bytes_per_notification", "B", "HTTP/2: HEADERS + DATA frame headers / delivered",
     ColumnRole::kNumber, h2_frame_bytes_per_notification},
    {"server_impl", "—", "the implementation served: pushbench, nginx or pushpin (--server)",
     ColumnRole::kCell, [](const M& m) { return m.server_impl; }},
    {"impl_cpu_s", "s", "nginx, pushpin: the implementation's own processes' CPU in the window",
     ColumnRole::kNumber,
     [](const M& m) {
       const auto cpu = impl_cpu_s(m);
       return cpu ? num(*cpu, 4) : "";
     }},
    {"impl_cpu_us_per_notification", "µs", "nginx, pushpin: impl_cpu_s / delivered",
     ColumnRole::kNumber,
     [](const M& m) {
       const auto cpu = impl_cpu_s(m);
       return cpu ? ratio(*cpu * 1e6, dbl(delivered(m)), 2) : "";
     }},
    {"impl_rss_kb", "KiB", "nginx, pushpin: the implementation's processes' RSS at the window's end",
     ColumnRole::kNumber,
     [](const M& m) { return m.impl_end ? num(static_cast<uint64_t>(m.impl_end->rss_kb)) : ""; }},
    {"http_engine", "—", "poll, poll-close, longpoll: the client's HTTP engine, curl or lean",
     ColumnRole::kCell,
     [](const M& m) {
       return uses_http_engine(m.transport) ? std::string(name(m.http_engine)) : std::string();
     }},
    {"clock", "—", "latency's clock: local, same_host (MPI, exact) or measured (MPI, offset)",
     ColumnRole::kText,
     [](const M& m) -> std::string {
       return !m.clock ? "local" : m.clock->applied ? "measured" : "same_host";
     }},
    {"clock_offset_us", "µs", "MPI: server minus client clock, measured (applied if measured)",
     ColumnRole::kNumber, [](const M& m) { return m.clock ? num(m.clock->offset_us, 1) : ""; }},
    {"clock_uncertainty_us", "µs", "MPI: +- half the offset measurement's minimum round trip",
     ColumnRole::kNumber, [](const M& m) { return m.clock ? num(m.clock->uncertainty_us, 1) : ""; }},
    {"net_loss_drops", "packets", "--loss: packets the loss rules dropped in the window, both ways",
     ColumnRole::kNumber, [](const M& m) { return m.loss_drops ? num(*m.loss_drops) : ""; }},
    {"net_loss_measured_pct", "%",
     "--loss: net_loss_drops / the frames the client's veth sent and received, in %",
     ColumnRole::kNumber,
     [](const M& m) {
       if (!m.loss_drops || !m.veth) {
         return std::string();
       }
       return ratio(100.0 * dbl(*m.loss_drops),
                    dbl(m.veth->packets_up + m.veth->packets_down), 3);
     }},
};
}  // namespace

const std::vector<ResultColumn>& result_column_table() { return kTable; }

const std::vector<std::string>& result_columns() {
  static const std::vector<std::string> names = column_names(kTable);
  return names;
}

const ResultColumn* find_result_column(std::string_view name) noexcept {
  for (const ResultColumn& c : kTable) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

std::vector<std::string> result_row(const MeasuredCell& cell) { return column_row(kTable, cell); }

}  // namespace pushbench
