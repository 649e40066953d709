// The report's fixture CSV.
#include "report_fixture.h"

#include <fmt/format.h>

#include <vector>

namespace pushbench::test {
namespace {
const char* const kHeader =
    "schema_version,transport,workload,arrival,clients,event_rate_hz,payload_bytes,"
    "poll_interval_ms,repetition,server_loop,warmup_s,duration_s,notifications_delivered,"
    "latency_p50_us,latency_p99_us,requests_total,empty_responses,connections_opened,"
    "connections_open,app_bytes_up,app_bytes_down,app_bytes_per_notification,wire_bytes_up,"
    "wire_bytes_down,wire_bytes_per_notification,server_cpu_us_per_notification,"
    "server_rss_per_client_kb,http_header_bytes,messages_sent,upstream_requests,"
    "upstream_latency_p50_us,upstream_latency_p99_us\r\n";

// transport, workload, interval, repetition, delivered, p50, p99, requests, empty, opened, open,
// app up, app down, wire up, wire down, cpu, rss, header bytes, messages, upstream requests,
// upstream p50, upstream p99.
std::string row(const char* t, const char* w, const char* interval, int rep, int delivered,
                double p50, double p99, int requests, int empty, int opened, int open,
                double app_up, double app_down, double wire_up, double wire_down, double cpu,
                double rss, const char* headers, const char* messages, const char* up_requests,
                const char* up_p50, const char* up_p99) {
  const double app = (app_up + app_down) / delivered;
  const double wire = (wire_up + wire_down) / delivered;
  return fmt::format(
      "2,{},{},fixed,1000,1,256,{},{},libev,3,10,{},{},{},{},{},{},{},{},{},{:.1f},{},{},{:.1f},{},"
      "{},{},{},{},{},{}\r\n",
      t, w, interval, rep, delivered, p50, p99, requests, empty, opened, open, app_up, app_down,
      app, wire_up, wire_down, wire, cpu, rss, headers, messages, up_requests, up_p50, up_p99);
}

std::string broadcast_rows() {
  std::string out;
  for (int rep = 1; rep <= 2; ++rep) {
    const double slower = rep == 2 ? 2 : 0;  // repetition 2 is 2 us slower: medians average
    // poll @1000 ms: one request per notification, 871 B of headers each.
    out += row("poll", "broadcast", "1000", rep, 10000, 500000 + slower, 990000, 10000, 0, 0, 1000,
               1e6, 1e6 + 2.56e6 + 4.71e6, 2e6, 4e6, 20 + slower, 1.5, "8710000", "", "", "", "");
    // poll @250 ms: four polls per notification, three of them empty.
    out += row("poll", "broadcast", "250", rep, 10000, 125000, 248000, 40000, 30000, 0, 1000, 4e6,
               2.56e6 + 1.2e7, 8e6, 1.6e7, 60, 1.5, "20000000", "", "", "", "");
    // poll-close @1000 ms: a connection per poll.
    out += row("poll-close", "broadcast", "1000", rep, 10000, 501000, 991000, 10000, 0, 10000, 0,
               1e6, 7.3e6, 3e6, 6e6, 35, 0.1, "8710000", "", "", "", "");
    // ws: 4 B of frame header per 256 B event, nothing up.
    out += row("ws", "broadcast", "", rep, 10000, 900, 2500, 0, 0, 0, 1000, 0, 2.6e6, 5.2e5, 3.12e6,
               12, 2.4, "0", "", "", "", "");
  }
  return out;
}

std::string chat_rows() {
  std::string out;
  out += row("poll", "chat", "1000", 1, 4500, 500000, 990000, 1500, 0, 0, 1000, 1e6, 2e6, 2e6, 4e6,
             30, 1.5, "1000000", "500", "500", "700", "2000");
  out += row("ws", "chat", "", 1, 4500, 800, 2400, 0, 0, 0, 1000, 1.3e5, 1.2e6, 5e5, 3e6, 14, 2.4,
             "0", "500", "", "300", "900");
  // The full-duplex row reads the chat cell at 1000 ms, not this one too.
  out += row("poll", "chat", "250", 1, 4500, 125000, 248000, 6000, 3000, 0, 1000, 2e6, 3e6, 4e6,
             6e6, 60, 1.5, "4000000", "500", "500", "900", "2500");
  return out;
}
}  // namespace

std::string report_fixture_csv() { return kHeader + broadcast_rows() + chat_rows(); }

std::string report_fixture_csv_without_chat() { return kHeader + broadcast_rows(); }

}  // namespace pushbench::test
