// Latency vs network.
#include "report_network.h"

#include <fmt/format.h>

#include <algorithm>

#include "network_theory.h"

namespace pushbench {
namespace {
std::optional<double> ms(std::optional<double> us) {
  return us ? std::optional<double>(*us / 1e3) : std::nullopt;
}

// The mean time between two events one client is sent, from what the schedule planned.
std::optional<double> event_interval_ms(const ResultRow& r) {
  const auto clients = r.num("clients");
  const auto window_s = r.num("duration_s");
  const auto expected = r.num("notifications_expected");
  if (!clients || !window_s || !expected || !(*expected > 0)) {
    return std::nullopt;
  }
  return *clients * *window_s * 1e3 / *expected;
}

std::vector<std::string> network_row(const ReportCell& c) {
  const ResultRow& r = c.rows.front();
  NetworkScenario n{.rtt_ms = r.num("net_rtt_ms").value_or(0),
                    .jitter_ms = r.num("net_jitter_ms").value_or(0),
                    .poll_interval_ms = c.poll_interval_ms(),
                    .event_interval_ms = event_interval_ms(r),
                    .poisson_arrivals = r.text("arrival") == "poisson"};
  const auto theory = latency_theory(c.transport, n);
  const auto interval = c.poll_interval_ms();
  const std::string tls = r.text("tls");
  return {r.text("net_profile"),
          tls.empty() ? "off" : tls,
          c.transport + (interval ? fmt::format(" ({} ms)", r.text("poll_interval_ms")) : ""),
          fixed(ms(c.median("latency_p50_us")), 1),
          fixed(theory ? std::optional<double>(theory->p50_ms) : std::nullopt, 1),
          fixed(ms(c.median("latency_p99_us")), 1),
          fixed(theory ? std::optional<double>(theory->max_ms) : std::nullopt, 1),
          fixed(c.median("tcp_min_rtt_p50_ms"), 2),
          fixed(c.median("tcp_srtt_p50_ms"), 2),
          fixed(sum(c.median("tcp_retrans_segments"), c.median("server_retrans_segments")), 0),
          fixed(c.median("notifications_lost"), 0),
          theory ? theory->formula : "—"};
}
}  // namespace

std::optional<std::string> describe_network(const ResultRow& r) {
  const std::string profile = r.text("net_profile");
  if (profile.empty()) {
    return std::nullopt;
  }
  const double down = r.num("net_down_mbit").value_or(0);
  const double up = r.num("net_up_mbit").value_or(0);
  const std::string rate =
      down > 0 || up > 0
          ? fmt::format(", down {} / up {} Mbit/s", r.text("net_down_mbit"), r.text("net_up_mbit"))
          : "";
  return fmt::format("{}: rtt {} ms, jitter {} ms, loss {} %{}", profile, r.text("net_rtt_ms"),
                     r.text("net_jitter_ms"), r.text("net_loss_pct"), rate);
}

std::optional<ReportSection> network_section(const ReportData& d) {
  ReportSection s{
      .title = "Latency vs network",
      .intro = {"Notification latency per transport under each network condition of the run "
                "(server and clients in network namespaces joined by a veth pair; delay, loss "
                "and rate applied between them), beside the value each transport should show in "
                "theory — the network's part alone: server and client time come on top, so the "
                "measured figure should be the theory plus a few milliseconds. TCP's own view of "
                "the path (min and smoothed RTT, median over the client connections) says which "
                "conditions were actually met."},
      .table = {.header = {"network", "tls", "transport", "p50 ms", "theory p50", "p99 ms",
                           "theory max", "TCP min RTT", "TCP srtt", "retrans", "lost", "theory"},
                .rows = {},
                .left_columns = 3,
                .markdown_only_columns = 1},
      .notes = {},
      .details = {}};
  std::vector<std::string> conditions;
  bool any_tls = false;
  for (const std::string& scenario : scenarios(d)) {
    for (const ReportCell* c : headline_cells(d, scenario)) {
      const ResultRow& r = c->rows.front();
      const auto network = describe_network(r);
      if (!network || r.text("workload") == "idle") {
        continue;
      }
      if (std::find(conditions.begin(), conditions.end(), *network) == conditions.end()) {
        conditions.push_back(*network);
      }
      any_tls = any_tls || r.text("tls") == "on";
      s.table.rows.push_back(network_row(*c));
    }
  }
  if (s.table.rows.empty()) {
    return std::nullopt;
  }
  std::string list;
  for (const std::string& c : conditions) {
    list += (list.empty() ? "" : "; ") + c;
  }
  s.intro.push_back(
      fmt::format("Conditions: {}. Medians over repetitions; the polling "
                  "transports at the interval nearest 1000 ms.",
                  list));
  s.notes = {
      "Theory (bench/report/network_theory.h), with d = RTT/2 the one-way delay and J the "
      "jitter: push (sse, ws, tcp) d, at most d + J/2; poll and poll-close interval/2 + d, at "
      "most interval + d + J/2 — the client polls on a fixed timeline, so a new connection's "
      "handshake moves each request's arrival but not the interval between arrivals, and "
      "poll-close waits as long as poll (a client that polls an interval after each answer "
      "would show interval/2 + RTT, and half an RTT more per handshake round trip); long poll "
      "one transit d for an event that finds a request held, up to three (3d + J/2) for one "
      "in the 2d after an answer while the next request travels (RFC 6202): with events at "
      "fixed times no more than 2d apart every answer's gap catches the next event (p50 2d), "
      "with Poisson events a share 1/(1 + rG e^rG) is held (r events/s per client, G = 2d). "
      "Loss is not in the theory: a lost segment costs a retransmission timeout (>= 200 ms) "
      "in the tail."};
  if (!any_tls) {
    s.notes.push_back("tls: every row here is plaintext (\"off\"); a --tls run's rows say on.");
  }
  return s;
}

}  // namespace pushbench
