// Implementations side by side.
#include "report_impls.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pushbench {
namespace {
bool is_pushbench(const ReportCell& c) {
  const std::string impl = c.text("server_impl");
  return impl.empty() || impl == "pushbench";
}

std::optional<double> ms(std::optional<double> us) { return ratio(us, 1e3); }

std::vector<std::string> row(const ReportCell& c) {
  const std::string impl = c.text("server_impl").empty() ? "pushbench" : c.text("server_impl");
  const auto interval = c.poll_interval_ms();
  const std::string flags = c.flags();
  return {c.transport,
          impl,
          interval ? fmt::format("{}", *interval) : "—",
          fixed(c.median("notifications_delivered"), 0),
          fixed(c.median("notifications_lost"), 0),
          fixed(ms(c.median("latency_p50_us")), 1),
          fixed(ms(c.median("latency_p99_us")), 1),
          fixed(c.median("app_bytes_per_notification"), 1),
          fixed(c.median("server_cpu_us_per_notification"), 2),
          fixed(c.median("impl_cpu_us_per_notification"), 2),
          fixed(c.median("server_rss_per_client_kb"), 2),
          flags.empty() ? "-" : flags};
}
}  // namespace

ReportData pushbench_cells(const ReportData& d) {
  ReportData out{.origin = d.origin, .cells = {}};
  for (const ReportCell& c : d.cells) {
    if (is_pushbench(c)) {
      out.cells.push_back(c);
    }
  }
  return out.cells.empty() ? d : out;
}

std::optional<ReportSection> implementations_section(const ReportData& d) {
  if (std::all_of(d.cells.begin(), d.cells.end(), is_pushbench)) {
    return std::nullopt;
  }
  // Scenario (without the implementation) by scenario, then transport by transport in file
  // order, every implementation's cell of it together.
  std::vector<std::string> scenarios;
  std::vector<std::string> transports;
  for (const ReportCell& c : d.cells) {
    const std::string s = describe_scenario(c);
    if (std::find(scenarios.begin(), scenarios.end(), s) == scenarios.end()) {
      scenarios.push_back(s);
    }
    if (std::find(transports.begin(), transports.end(), c.transport) == transports.end()) {
      transports.push_back(c.transport);
    }
  }
  ReportSection s{.title = "Implementations side by side"};
  s.intro.push_back(
      "The same clients, schedule and accounting against each implementation (`--server`): "
      "pushbench-server alone; nginx serving the polling contract from the events "
      "pushbench-server's feed writes at their planned times; Pushpin holding long polls, SSE "
      "streams and WebSockets for pushbench-server as its GRIP origin. Scenario: " +
      fmt::format("{}.", fmt::join(scenarios, "; ")));
  s.table.header = {"transport",    "server",        "poll ms",        "delivered",
                    "lost",         "p50 ms",        "p99 ms",         "app B/notif",
                    "srv µs/notif", "impl µs/notif", "srv KiB/client", "flags"};
  s.table.left_columns = 2;
  for (const std::string& scenario : scenarios) {
    for (const std::string& transport : transports) {
      for (const ReportCell& c : d.cells) {
        if (c.transport == transport && describe_scenario(c) == scenario) {
          s.table.rows.push_back(row(c));
        }
      }
    }
  }
  s.notes.push_back(
      "srv µs/notif: the whole server side's CPU per delivered notification (nginx with "
      "pushbench-server writing the event files; Pushpin's condure, zurl, proxy and handler with "
      "pushbench-server as the origin that answers each new request and publishes each event); "
      "impl µs/notif: the implementation's own processes alone. Every server-side process is "
      "pinned to the server's core. What stays different between the implementations (an extra "
      "hop, nginx' extra headers, Pushpin's one POST per event) is in docs/method.md, \"Second "
      "implementations\".");
  return s;
}

}  // namespace pushbench
