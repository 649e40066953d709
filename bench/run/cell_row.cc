// One results.csv row from what one repetition of one cell measured.
#include "cell_row.h"

#include <fmt/format.h>

#include "foreign_load.h"
#include "results_row.h"

namespace pushbench {
namespace {
std::string num(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }
std::string num(uint64_t v) { return std::to_string(v); }
std::string us(const nlohmann::json& ns) { return num(ns.get<double>() / 1e3, 1); }
std::string ratio(double a, double b, int decimals) { return b > 0 ? num(a / b, decimals) : ""; }

// "yes" when every WebSocket connection negotiated permessage-deflate, "no" when none did,
// "partial" otherwise; empty for non-WebSocket transports.
std::string deflate_cell(Transport t, const nlohmann::json& client) {
  if (!is_websocket(t)) {
    return "";
  }
  const auto established = client.value("ws_established", uint64_t{0});
  const auto negotiated = client.value("deflate_negotiated", uint64_t{0});
  if (negotiated == 0) {
    return "no";
  }
  return negotiated == established ? "yes" : "partial";
}
constexpr uint64_t kEthernetHeader = 14;  // veth counts frames; TCP_INFO-derived wire bytes are IP

// --netns: the client veth's own counters over the window, and how far the TCP_INFO-derived
// wire bytes are from them (IP level: the interface bytes minus 14 B of Ethernet per frame).
void append_veth_cells(std::vector<std::string>& row, const CellResult& c, uint64_t wire_bytes) {
  if (!c.iface_start || !c.iface_end) {
    row.insert(row.end(), 5, "");
    return;
  }
  const uint64_t up = c.iface_end->tx_bytes - c.iface_start->tx_bytes;
  const uint64_t down = c.iface_end->rx_bytes - c.iface_start->rx_bytes;
  const uint64_t pk_up = c.iface_end->tx_packets - c.iface_start->tx_packets;
  const uint64_t pk_down = c.iface_end->rx_packets - c.iface_start->rx_packets;
  const double ip_bytes =
      static_cast<double>(up + down) - static_cast<double>(kEthernetHeader * (pk_up + pk_down));
  row.push_back(num(up));
  row.push_back(num(down));
  row.push_back(num(pk_up));
  row.push_back(num(pk_down));
  row.push_back(ip_bytes > 0 ? num(100 * (static_cast<double>(wire_bytes) - ip_bytes) / ip_bytes, 2)
                             : "");
}
// Chat and game: what went up (client's count, server's count, both for messages planned inside
// the window), how long it took (server receipt - planned send), and what it cost. Empty for
// workloads without upstream.
void append_upstream_cells(std::vector<std::string>& row, const RunOptions& o, const CellResult& c,
                           uint64_t bytes_up) {
  const WorkloadSpec& w = o.workload;
  if (!has_upstream(w.workload)) {
    row.insert(row.end(), 14, "");
    return;
  }
  const nlohmann::json& cu = c.client.at("upstream");
  const nlohmann::json& su = c.server.at("upstream");
  const nlohmann::json& lat = c.client.at("latency_ns");
  const auto sent = cu.at("messages_sent").get<uint64_t>();
  const auto received = su.at("in_window").get<uint64_t>();
  const nlohmann::json& up_lat = su.at("latency");
  const bool has_up = up_lat.at("count").get<uint64_t>() > 0;
  const bool chat = w.workload == Workload::kChat;
  const bool e2e = chat && lat.at("count").get<uint64_t>() > 0;
  const nlohmann::json& lag = cu.at("send_lag_ns");
  row.insert(
      row.end(),
      {chat ? std::to_string(w.room_size) : "", std::to_string(w.upstream_bytes()), num(sent),
       num(received), num(sent > received ? sent - received : 0),
       has_up ? num(up_lat.at("p50_us").get<double>(), 1) : "",
       has_up ? num(up_lat.at("p99_us").get<double>(), 1) : "",
       has_up ? num(up_lat.at("max_us").get<double>(), 1) : "", e2e ? us(lat.at("p50")) : "",
       e2e ? us(lat.at("p99")) : "",
       is_http(c.transport) ? num(cu.at("requests").get<uint64_t>()) : "",
       // ws, tcp: everything the client sent is its messages' frames / lines; HTTP: the
       // POST /send exchanges alone (their polls and streams are not upstream).
       ratio(static_cast<double>(is_http(c.transport) ? cu.at("bytes").get<uint64_t>() : bytes_up),
             static_cast<double>(sent), 1),
       lag.at("count").get<uint64_t>() > 0 ? us(lag.at("p99")) : "",
       num(su.at("rejected").get<uint64_t>())});
}

// --ws-ping: the server's keep-alive pings and the clients' pongs inside the window (their bytes
// are in the app/wire byte columns like everything else), and ws-deflate's --deflate-offer.
// Empty for non-WebSocket transports.
void append_ping_cells(std::vector<std::string>& row, const RunOptions& o, const CellResult& c) {
  if (!is_websocket(c.transport)) {
    row.insert(row.end(), 4, "");
    return;
  }
  const nlohmann::json& p = c.server.at("ws_pings");
  row.insert(
      row.end(),
      {fmt::format("{}", o.ws_ping_s), num(p.at("sent_in_window").get<uint64_t>()),
       num(p.at("pongs_in_window").get<uint64_t>()),
       c.transport == Transport::kWsDeflate ? std::string(name(o.deflate_offer)) : std::string()});
}
}  // namespace

std::vector<std::string> make_row(const RunOptions& o, const CellResult& c) {
  const nlohmann::json& cl = c.client;
  const nlohmann::json& d = cl.at("delivery");
  const nlohmann::json& lat = cl.at("latency_ns");
  const nlohmann::json& errs = cl.at("errors");
  const auto delivered = d.at("delivered").get<uint64_t>();
  const auto requests = cl.at("requests").get<uint64_t>();
  const auto bytes_up = cl.at("app_bytes_up").get<uint64_t>();
  const auto bytes_down = cl.at("app_bytes_down").get<uint64_t>();
  const auto wire_up = cl.at("wire_bytes_up").get<uint64_t>();  // app + TCP/IP headers
  const auto wire_down = cl.at("wire_bytes_down").get<uint64_t>();
  const auto packets_up = cl.at("segments_up").get<uint64_t>();
  const auto packets_down = cl.at("segments_down").get<uint64_t>();
  const double window_s = o.duration_s;
  const double server_cpu = c.server_end.cpu_s - c.server_start.cpu_s;
  const double client_cpu = c.client_end.cpu_s - c.client_start.cpu_s;
  const double server_pct = 100 * server_cpu / window_s;
  const double client_pct = 100 * client_cpu / window_s;
  uint64_t client_errors = 0;
  for (const auto& [key, value] : errs.items()) {
    client_errors += value.get<uint64_t>();
  }
  client_errors += d.at("misdelivered").get<uint64_t>();
  std::string flags;
  auto flag = [&flags](bool on, const char* f) {
    if (on) {
      flags += flags.empty() ? f : std::string(";") + f;
    }
  };
  flag(client_pct > 90, "client_saturated");
  flag(server_pct > 90, "server_saturated");
  flag(d.at("lost").get<uint64_t>() > 0, "loss");
  const std::optional<double> foreign = foreign_cpu_pct(c.cores, window_s);
  flag(foreign && *foreign > kForeignLoadPct, "foreign_load");
  flag(client_errors > 0, "errors");
  if (has_upstream(o.workload.workload)) {
    const auto& up = c.server.at("upstream");
    flag(cl.at("upstream").at("messages_sent").get<uint64_t>() > up.at("in_window").get<uint64_t>(),
         "upstream_loss");
    flag(up.at("rejected").get<uint64_t>() > 0, "upstream_rejected");
  }
  const bool has_latency = lat.at("count").get<uint64_t>() > 0;
  auto lat_us = [&](const char* k) { return has_latency ? us(lat.at(k)) : std::string(); };
  const int clients = o.workload.clients;
  const double client_minutes = clients * window_s / 60;  // the idle-cost denominators

  std::vector<std::string> row = {
      std::to_string(kSchemaVersion),
      std::string(name(c.transport)),
      std::string(name(o.workload.workload)),
      std::string(name(o.workload.arrival)),
      std::to_string(clients),
      fmt::format("{}", o.workload.rate_hz),
      std::to_string(o.workload.payload_bytes),
      is_polling(c.transport) ? fmt::format("{}", o.poll_interval_ms) : "",
      std::to_string(c.repetition),
      std::to_string(o.workload.seed),
      fmt::format("{}", o.warmup_s),
      fmt::format("{}", window_s),
      o.loop,
      num(d.at("expected").get<uint64_t>()),
      num(delivered),
      num(d.at("lost").get<uint64_t>()),
      num(d.at("duplicated").get<uint64_t>()),
      num(d.at("out_of_order").get<uint64_t>()),
      num(d.at("misdelivered").get<uint64_t>()),
      lat_us("p50"),
      lat_us("p90"),
      lat_us("p99"),
      lat_us("p999"),
      lat_us("max"),
      lat_us("mean"),
      num(requests),
      num(cl.at("empty_responses").get<uint64_t>()),
      is_polling(c.transport) ? num(cl.at("late_polls").get<uint64_t>()) : "",
      num(cl.at("connections_opened").get<uint64_t>()),
      num(cl.at("connections_open_at_end").get<uint64_t>()),
      num(bytes_up),
      num(bytes_down),
      ratio(static_cast<double>(bytes_up + bytes_down), static_cast<double>(delivered), 1),
      num(cl.at("segments_up").get<uint64_t>()),
      num(cl.at("segments_down").get<uint64_t>()),
      num(server_cpu, 4),
      num(server_pct, 2),
      ratio(server_cpu * 1e6, static_cast<double>(delivered), 2),
      ratio(server_cpu * 1e6, static_cast<double>(requests), 2),
      num(c.server_end.rss_kb),
      num(c.server_rss_before_clients_kb),
      num(static_cast<double>(c.server_rss_clients_ready_kb - c.server_rss_before_clients_kb) /
              clients,
          3),
      num(client_cpu, 4),
      num(client_pct, 2),
      num(c.client_end.rss_kb),
      num(c.server.at("publish_lag").at("p50_us").get<double>(), 1),
      num(c.server.at("publish_lag").at("p99_us").get<double>(), 1),
      num(c.server.at("queue_drops").get<uint64_t>()),
      num(client_errors),
      flags,
      deflate_cell(c.transport, cl),
      c.transport == Transport::kLongPoll ? num(cl.at("empty_responses").get<uint64_t>()) : "",
      c.transport == Transport::kSse ? num(cl.at("sse_reconnects").get<uint64_t>()) : "",
      num(static_cast<double>(requests) / client_minutes, 3),
      num(static_cast<double>(bytes_up + bytes_down) / client_minutes, 1),
      num(server_cpu * 1e6 / client_minutes, 1),
      num(c.server_end.user_s - c.server_start.user_s, 2),
      num(c.server_end.sys_s - c.server_start.sys_s, 2),
      num(c.client_end.user_s - c.client_start.user_s, 2),
      num(c.client_end.sys_s - c.client_start.sys_s, 2),
      num(c.server_start.rss_kb),
      ratio(client_cpu * 1e6, static_cast<double>(delivered), 2),
      num(wire_up),
      num(wire_down),
      num(packets_up),
      num(packets_down),
      ratio(static_cast<double>(wire_up + wire_down), static_cast<double>(delivered), 1),
      ratio(static_cast<double>(packets_up + packets_down), static_cast<double>(delivered), 2),
      c.transport == Transport::kTcp ? "" : num(cl.at("http_header_bytes").get<uint64_t>())};
  append_veth_cells(row, c, wire_up + wire_down);
  append_upstream_cells(row, o, c, bytes_up);
  append_ping_cells(row, o, c);
  row.push_back(foreign ? num(*foreign, 1) : "");
  return row;
}

}  // namespace pushbench
