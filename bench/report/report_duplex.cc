// Full duplex: chat and game.
#include "report_duplex.h"

#include <fmt/format.h>

namespace pushbench {
namespace {
std::optional<double> ms(std::optional<double> us) { return ratio(us, 1e3); }

std::vector<std::string> duplex_row(const ReportCell& c) {
  const std::string flags = c.text("flags");
  return {c.transport,
          c.poll_interval_ms() ? c.text("poll_interval_ms") : std::string("—"),
          fixed(c.median("notifications_delivered"), 0),
          fixed(c.median("notifications_expected"), 0),
          fixed(c.median("notifications_lost"), 0),
          fixed(c.median("messages_sent"), 0),
          fixed(c.median("messages_received"), 0),
          fixed(ms(c.median("upstream_latency_p50_us")), 1),
          fixed(ms(c.median("upstream_latency_p99_us")), 1),
          fixed(ms(c.median("latency_p50_us")), 1),
          fixed(ms(c.median("latency_p99_us")), 1),
          fixed(c.median("upstream_requests"), 0),
          fixed(c.median("upstream_bytes_per_message"), 1),
          fixed(c.median("connections_open"), 0),
          fixed(c.median("server_cpu_us_per_notification"), 2),
          fixed(c.median("client_cpu_pct"), 2),
          flags.empty() ? std::string("-") : flags};
}
}  // namespace

std::vector<ReportSection> duplex_sections(const ReportData& d) {
  std::vector<ReportSection> out;
  for (const std::string& scenario : scenarios(d)) {
    std::vector<const ReportCell*> cells;
    for (const ReportCell& c : d.cells) {
      const std::string w = c.text("workload");
      if (c.scenario == scenario && (w == "chat" || w == "game")) {
        cells.push_back(&c);
      }
    }
    if (cells.empty()) {
      continue;
    }
    const ReportCell& first = *cells.front();
    const bool chat = first.text("workload") == "chat";
    ReportSection s{.title = fmt::format("Full duplex: {}, {} clients", first.text("workload"),
                                         first.text("clients"))};
    s.intro.push_back(scenario_intro(first));
    s.table.header = {"transport",
                      "poll ms",
                      "delivered",
                      "expected",
                      "lost",
                      "msgs sent",
                      "msgs rcvd",
                      "up p50 ms",
                      "up p99 ms",
                      chat ? "e2e p50 ms" : "down p50 ms",
                      chat ? "e2e p99 ms" : "down p99 ms",
                      "POST /send",
                      "up B/msg",
                      "conns open",
                      "srv µs/notif",
                      "cli CPU %",
                      "flags"};
    s.table.left_columns = 2;
    for (const ReportCell* c : cells) {
      s.table.rows.push_back(duplex_row(*c));
    }
    s.notes.push_back(fmt::format(
        "Up: the server's receipt − the message's planned send time. {} Up B/msg: ws, "
        "ws-deflate, tcp: the client's app bytes up per message (frames or lines on the open "
        "connection); HTTP: the POST /send exchange, request and response, per message. Conns "
        "open: at the window's end (HTTP transports send on a second connection per client).",
        chat ? "e2e: each recipient's read − the sender's planned send time."
             : "Down: each client's read of the tick's state − its planned publish time."));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pushbench
