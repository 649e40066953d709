// The polling-interval sweep.
#include "report_sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace pushbench {
namespace {
std::vector<std::string> sweep_row(const ReportCell& c) {
  const auto interval = c.poll_interval_ms();
  return {c.transport,
          interval ? c.text("poll_interval_ms") : std::string("push"),
          fixed(ratio(c.median("latency_p50_us"), 1e3), 1),
          fixed(ratio(c.median("latency_p99_us"), 1e3), 1),
          fixed(c.median("app_bytes_per_notification"), 1),
          fixed(c.median("wire_bytes_per_notification"), 1),
          fixed(c.median("server_cpu_us_per_notification"), 2),
          fixed(c.median([](const ResultRow& r) {
            return ratio(r.num("requests_total"), r.num("notifications_delivered"));
          }),
                3),
          interval ? fixed(c.median([](const ResultRow& r) {
            const auto share = ratio(r.num("empty_responses"), r.num("requests_total"));
            return share ? std::optional<double>(*share * 100) : std::nullopt;
          }),
                           1)
                   : std::string("—")};
}
}  // namespace

std::vector<ReportSection> sweep_sections(const ReportData& d) {
  std::vector<ReportSection> out;
  for (const std::string& scenario : scenarios(d)) {
    std::vector<const ReportCell*> polling;
    const ReportCell* ws = nullptr;
    std::set<double> intervals;
    for (const ReportCell& c : d.cells) {
      if (c.scenario != scenario) {
        continue;
      }
      if (auto interval = c.poll_interval_ms()) {
        polling.push_back(&c);
        intervals.insert(*interval);
      } else if (c.transport == "ws" && ws == nullptr) {
        ws = &c;
      }
    }
    if (intervals.size() < 2) {
      continue;
    }
    // Transports in file order, each by ascending interval.
    std::stable_sort(
        polling.begin(), polling.end(), [&polling](const ReportCell* a, const ReportCell* b) {
          auto first = [&polling](const ReportCell* c) {
            return std::find_if(polling.begin(), polling.end(),
                                [c](const ReportCell* x) { return x->transport == c->transport; }) -
                   polling.begin();
          };
          return first(a) != first(b) ? first(a) < first(b)
                                      : *a->poll_interval_ms() < *b->poll_interval_ms();
        });
    ReportSection s{.title = fmt::format("Polling-interval sweep: {}, {} clients",
                                         polling.front()->text("workload"),
                                         polling.front()->text("clients"))};
    s.intro.push_back(scenario_intro(*polling.front()));
    s.table.header = {
        "transport",    "poll interval ms",    "p50 ms",         "p99 ms",       "app B/notif",
        "wire B/notif", "server CPU µs/notif", "requests/notif", "empty polls %"};
    s.table.left_columns = 1;
    for (const ReportCell* c : polling) {
      s.table.rows.push_back(sweep_row(*c));
    }
    if (ws != nullptr) {
      s.table.rows.push_back(sweep_row(*ws));
    }
    s.details.push_back(
        "Empty polls %: 100 × empty_responses / requests_total (polls that found nothing: the "
        "article's \"No.\"). Latency: planned publish time → client read. WebSocket's row (push) "
        "is the same scenario without polling.");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pushbench
