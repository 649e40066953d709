// The article's table, measured.
#include "report_article.h"

#include <fmt/format.h>

#include <algorithm>

#include "transport.h"

namespace pushbench {
namespace {
using Cells = std::vector<const ReportCell*>;

bool request_response(const std::string& transport) {
  const auto& all = kKnownTransports;
  const auto* t = std::find_if(std::begin(all), std::end(all),
                               [&](Transport x) { return name(x) == transport; });
  return t != std::end(all) && is_request_response(*t);
}

// The chat cell of `transport` in the most default-like chat scenario (polling at the interval
// nearest 1000 ms), or none.
const ReportCell* chat_cell(const ReportData& d, const std::string& transport) {
  for (const ReportCell* c : headline_cells(d, headline_scenario(d, "chat"))) {
    if (c->transport == transport && c->text("workload") == "chat") {
      return c;
    }
  }
  return nullptr;
}

// Full duplex on one connection: the chat cell sent messages up and needed no request for them
// (ws, ws-deflate, tcp send them as frames or lines on the connection they receive on).
std::string full_duplex(const ReportData& d, const std::string& transport) {
  const ReportCell* c = chat_cell(d, transport);
  if (c == nullptr) {
    return "not measured";
  }
  const double sent = c->median("messages_sent").value_or(0);
  const double requests = c->median("upstream_requests").value_or(0);
  if (sent <= 0) {
    return "not measured (no message sent)";
  }
  if (requests > 0) {
    // HTTP/2: each POST is a stream on the connection the client receives on.
    const bool h2 = transport.ends_with("-h2");
    return fmt::format("no: {:.0f} POST /send{}", requests, h2 ? " streams, same conn." : "");
  }
  return fmt::format("yes: {:.0f} up, 0 req.", sent);
}

std::string upstream_latency(const ReportData& d, const std::string& transport) {
  const ReportCell* cell = chat_cell(d, transport);
  if (cell == nullptr) {
    return "—";
  }
  const ReportCell& c = *cell;
  const auto p50 = c.median("upstream_latency_p50_us");
  const auto p99 = c.median("upstream_latency_p99_us");
  if (!p50 || !p99) {
    return "—";
  }
  return fmt::format("{:.1f} / {:.1f}", *p50 / 1e3, *p99 / 1e3);
}

using CellText = std::function<std::string(const ReportCell&)>;

std::vector<std::string> row(const std::string& property, const std::string& measured_as,
                             const Cells& cells, const CellText& text, const std::string& claim) {
  std::vector<std::string> out = {property, measured_as};
  for (const ReportCell* c : cells) {
    out.push_back(text(*c));
  }
  out.push_back(claim);
  return out;
}

CellText figure(const RowFigure& f, int decimals) {
  return [f, decimals](const ReportCell& c) { return fixed(c.median(f), decimals); };
}

CellText column(const char* name, int decimals) {
  return [name, decimals](const ReportCell& c) { return fixed(c.median(name), decimals); };
}
}  // namespace

ReportSection article_section(const ReportData& d) {
  ReportSection s{.title = "The article's table, measured"};
  const std::string scenario = headline_scenario(d);
  const Cells cells = headline_cells(d, scenario);
  if (cells.empty()) {
    s.intro.push_back("No results.");
    return s;
  }
  std::string intervals;  // "every 1000 ms", or per transport when they differ
  std::string common_interval;
  bool same_interval = true;
  for (const ReportCell* c : cells) {
    if (c->poll_interval_ms()) {
      intervals += fmt::format("{}{} every {} ms", intervals.empty() ? "" : ", ", c->transport,
                               c->text("poll_interval_ms"));
      same_interval = same_interval &&
                      (common_interval.empty() || common_interval == c->text("poll_interval_ms"));
      common_interval = c->text("poll_interval_ms");
    }
  }
  if (!intervals.empty() && same_interval) {
    intervals = fmt::format("every {} ms", common_interval);
  }
  s.intro.push_back(fmt::format(
      "Scenario: {}{}; {}.{}", describe_scenario(*cells.front()),
      intervals.empty() ? "" : "; polling " + intervals, repetitions_text(*cells.front()),
      scenarios(d).size() > 1 ? " The run has other scenarios too: see the sweep tables and "
                                "results.csv."
                              : ""));
  s.table.header = {"", "measured as"};
  for (const ReportCell* c : cells) {
    s.table.header.push_back(c->transport);
  }
  s.table.header.push_back("the article says");
  s.table.left_columns = 2;
  s.table.markdown_only_columns = 1;
  auto& rows = s.table.rows;
  rows.push_back(row(
      "Connection", "connections opened / client / min", cells,
      figure([](const ResultRow& r) { return per_client_per_min(r.num("connections_opened"), r); },
             2),
      "HTTP: closed right after the response; WebSocket: kept open"));
  rows.push_back(row(
      "", "open at the window's end / client", cells,
      figure([](const ResultRow& r) { return ratio(r.num("connections_open"), r.num("clients")); },
             2),
      ""));
  rows.push_back(row("Communication", "requests / notification", cells,
                     figure(
                         [](const ResultRow& r) {
                           return ratio(r.num("requests_total"), r.num("notifications_delivered"));
                         },
                         3),
                     "HTTP: one way, the client always speaks first; WebSocket: full duplex"));
  rows.push_back(row(
      "", "pushed without a request", cells,
      [](const ReportCell& c) {
        const auto delivered = c.median("notifications_delivered");
        if (!delivered) {
          return std::string("—");
        }
        const bool pushed = !request_response(c.transport);
        return fmt::format("{:.0f} of {:.0f}", pushed ? *delivered : 0.0, *delivered);
      },
      ""));
  const bool chat = std::any_of(d.cells.begin(), d.cells.end(),
                                [](const ReportCell& c) { return c.text("workload") == "chat"; });
  rows.push_back(row(
      "", "full duplex on one connection (chat)", cells,
      [&d](const ReportCell& c) { return full_duplex(d, c.transport); }, ""));
  if (chat) {
    rows.push_back(row(
        "", "upstream latency p50 / p99 ms (chat)", cells,
        [&d](const ReportCell& c) { return upstream_latency(d, c.transport); }, ""));
  }
  rows.push_back(row(
      "Latency", "latency p50 / p99 ms", cells,
      [](const ReportCell& c) {
        const auto p50 = c.median("latency_p50_us");
        const auto p99 = c.median("latency_p99_us");
        return p50 && p99 ? fmt::format("{:.1f} / {:.1f}", *p50 / 1e3, *p99 / 1e3)
                          : std::string("—");
      },
      "HTTP: high (a new connection every time); WebSocket: very low"));
  rows.push_back(row("Bandwidth", "app bytes / notification (TCP payload)", cells,
                     column("app_bytes_per_notification", 1),
                     "polling wastes bandwidth on pointless requests"));
  rows.push_back(row("", "wire bytes / notification (+ TCP/IP)", cells,
                     column("wire_bytes_per_notification", 1), ""));
  rows.push_back(row("Server cost", "server CPU µs / notification", cells,
                     column("server_cpu_us_per_notification", 2),
                     "polling: the server answers thousands of pointless requests"));
  rows.push_back(
      row("", "server RSS KiB / client", cells, column("server_rss_per_client_kb", 2), ""));
  s.details.push_back(
      "Every figure is from results.csv (medians over repetitions; per-client figures divide by "
      "clients, per-minute ones by duration_s / 60). Server RSS per client: what the server "
      "grew by once every client had connected, per client (connection, mailbox, queued events). "
      "\"Pushed without a request\": notifications (of those delivered) that reached the "
      "client on a stream it holds open (sse, ws, ws-deflate, tcp); poll, poll-close "
      "and longpoll receive every notification in a response to a request. Full duplex: in the "
      "chat workload (its most default-like scenario, polling at the interval nearest 1000 ms) "
      "the messages sent in the window went up the connection the client receives on (0 "
      "requests), or each took a `POST /send` request.");
  if (!chat) {
    s.notes.push_back("Full duplex: not measured (run --workload chat).");
  }
  return s;
}

}  // namespace pushbench
