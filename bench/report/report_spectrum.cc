// The wrk2-style percentile spectrum.
#include "report_spectrum.h"

#include <fmt/format.h>

#include <algorithm>

namespace pushbench {
namespace {
constexpr double kPercents[] = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};

// The histogram file measured under this cell's columns (every column the file names).
const CellHistogramFile* file_of(const ReportCell& c, const std::vector<CellHistogramFile>& files) {
  for (const CellHistogramFile& f : files) {
    if (!f.cell.empty() && std::all_of(f.cell.begin(), f.cell.end(), [&c](const auto& kv) {
          return c.text(kv.first) == kv.second;
        })) {
      return &f;
    }
  }
  return nullptr;
}

double ms(int64_t ns) { return static_cast<double>(ns) / 1e6; }
}  // namespace

std::optional<ReportSection> spectrum_section(const ReportData& d) {
  const bool one_scenario = scenarios(d).size() == 1;
  ReportSection s{.title = "Latency percentile spectrum"};
  s.table.header = {"cell", "notifications"};
  for (const double p : kPercents) {
    s.table.header.push_back(p == 100 ? std::string("max ms") : fmt::format("p{} ms", p));
  }
  s.table.left_columns = 1;
  uint64_t smallest = 0;
  for (const ReportCell& c : d.cells) {
    const CellHistogramFile* f = file_of(c, d.histograms);
    if (f == nullptr || f->histogram.count() == 0) {
      continue;
    }
    const LatencyHistogram& h = f->histogram;
    const auto interval = c.poll_interval_ms();
    std::string label = c.transport;
    if (interval) {
      label += fmt::format(" every {} ms", c.text("poll_interval_ms"));
    }
    if (c.text("server_impl") != "" && c.text("server_impl") != "pushbench") {
      label += " on " + c.text("server_impl");
    }
    if (!one_scenario) {
      label += " (" + describe_scenario(c) + ")";
    }
    std::vector<std::string> row = {label, fmt::format("{}", h.count())};
    for (const double p : kPercents) {
      row.push_back(fixed(ms(h.percentile(p)), 3));
    }
    s.table.rows.push_back(std::move(row));
    smallest = smallest == 0 ? h.count() : std::min(smallest, h.count());
  }
  if (s.table.rows.empty()) {
    return std::nullopt;
  }
  if (one_scenario) {
    s.intro.push_back(fmt::format("Scenario: {}.", describe_scenario(d.cells.front())));
  }
  s.intro.push_back(
      "From each cell's histogram (`histograms/<cell>.csv`): nearest-rank percentiles over every "
      "delivered notification of every repetition merged, not the medians of repetitions of the "
      "tables above. Each percentile is at or above the exact one by less than 0.098 % "
      "(log-linear buckets, 1 ns below 2048 ns and 1024 per octave above: docs/method.md); the "
      "max is exact.");
  if (smallest < 100'000) {
    s.notes.push_back(fmt::format(
        "With N notifications a percentile above 100 × (1 − 1/N) is the maximum: the fewest here "
        "are {}, so from p{} on the columns may repeat the max.",
        smallest, smallest < 1000 ? "99.9" : (smallest < 10'000 ? "99.99" : "99.999")));
  }
  return s;
}

}  // namespace pushbench
