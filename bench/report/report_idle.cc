// The cost of staying ready.
#include "report_idle.h"

#include <fmt/format.h>

namespace pushbench {
namespace {
// A count column over the window, per client per minute.
RowFigure per_client_minute(std::string_view column) {
  return [column](const ResultRow& r) { return per_client_per_min(r.num(column), r); };
}

std::vector<std::string> idle_row(const ReportCell& c) {
  const auto interval = c.poll_interval_ms();
  const auto ping_s = c.median("ws_ping_interval_s");
  std::string readiness = interval ? fmt::format("polls every {} ms", c.text("poll_interval_ms"))
                                   : std::string("held open");
  if (ping_s && *ping_s > 0) {
    readiness += fmt::format(", pinged every {} s", c.text("ws_ping_interval_s"));
  }
  return {
      c.transport,
      readiness,
      fixed(c.median("requests_per_client_per_min"), 2),
      fixed(c.median(per_client_minute("connections_opened")), 2),
      fixed(c.median("app_bytes_per_client_per_min"), 1),
      fixed(c.median([](const ResultRow& r) { return per_client_per_min(wire_total(r), r); }), 1),
      fixed(c.median(per_client_minute("ws_pings")), 2),
      fixed(c.median("server_cpu_us_per_client_per_min"), 1),
      fixed(c.median("server_rss_per_client_kb"), 2)};
}
}  // namespace

std::vector<ReportSection> idle_sections(const ReportData& d) {
  std::vector<ReportSection> out;
  for (const std::string& scenario : scenarios(d)) {
    std::vector<const ReportCell*> cells;
    for (const ReportCell& c : d.cells) {
      if (c.scenario == scenario && c.text("workload") == "idle") {
        cells.push_back(&c);
      }
    }
    if (cells.empty()) {
      continue;
    }
    ReportSection s{.title = fmt::format("The cost of staying ready: idle, {} clients",
                                         cells.front()->text("clients"))};
    s.intro.push_back(scenario_intro(*cells.front()) +
                      fmt::format(" No event is published: every byte, request and CPU "
                                  "microsecond below is what a transport spends keeping {} "
                                  "clients ready.",
                                  cells.front()->text("clients")));
    s.table.header = {"transport",
                      "staying ready",
                      "requests/client/min",
                      "conns opened/client/min",
                      "app B/client/min",
                      "wire B/client/min",
                      "pings/client/min",
                      "server CPU µs/client/min",
                      "server RSS KiB/client"};
    s.table.left_columns = 2;
    for (const ReportCell* c : cells) {
      s.table.rows.push_back(idle_row(*c));
    }
    s.notes.push_back(
        "Bytes: both directions, app = TCP payload, wire = + TCP/IP headers (TCP_INFO). Pings: "
        "`--ws-ping S` makes the server ping every WebSocket client each S seconds (10 B down, "
        "14 B pong up), the clients spread over the interval in 20 batches; without it "
        "WebSocket, SSE and raw TCP send nothing at all while idle. Server CPU includes the "
        "server's fixed cost of being up (its 20 housekeeping wake-ups a second), the same for "
        "every transport.");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pushbench
