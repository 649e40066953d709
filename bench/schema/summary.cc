// The repetition summary.
#include "summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cell_identity.h"
#include "csv_writer.h"
#include "parse.h"
#include "result_columns.h"
#include "text_table.h"

namespace pushbench {
namespace {
// Identity, configuration and text columns are not measurements (result_columns.h); a column
// this version does not know is summarised when its values are numbers.
bool is_metric(const std::string& column) {
  const ResultColumn* c = find_result_column(column);
  return c == nullptr || c->role == ColumnRole::kNumber;
}

// The metrics the printed table shows, in this order (when present).
const std::vector<std::string> kTableMetrics = {
    "notifications_delivered", "notifications_lost",
    "latency_p50_us",          "latency_p99_us",
    "requests_total",          "app_bytes_per_notification",
    "server_cpu_pct",          "server_cpu_us_per_notification",
    "client_cpu_pct",          "client_cpu_us_per_notification",
    "server_rss_kb",           "publish_lag_p99_us"};

SummaryRow stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  SummaryRow r;
  r.count = v.size();
  r.min = v.front();
  r.max = v.back();
  const size_t n = v.size();
  r.median = median(v);
  if (r.min == r.max) {
    r.cv_pct = n >= 2 ? std::optional<double>(0.0) : std::nullopt;
    return r;
  }
  // On the values scaled into [-1, 1]: the CV does not depend on the scale, and neither the sum
  // nor the squares can overflow (values near DBL_MAX gave inf and NaN).
  const double scale = std::max(std::fabs(r.min), std::fabs(r.max));
  double mean = 0;
  for (double x : v) {
    mean += x / scale;
  }
  mean /= static_cast<double>(n);
  double ss = 0;
  for (double x : v) {
    ss += (x / scale - mean) * (x / scale - mean);
  }
  const double stddev = std::sqrt(ss / static_cast<double>(n - 1));  // n >= 2 here
  if (mean != 0) {
    r.cv_pct = 100 * stddev / std::fabs(mean);
  }
  return r;
}

std::string number(double v) { return fmt::format("{}", v); }
std::string cv_text(const SummaryRow& r) {
  return r.cv_pct ? fmt::format("{:.2f}", *r.cv_pct) : std::string();
}
}  // namespace

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : v[mid - 1] / 2 + v[mid] / 2;  // no overflow near DBL_MAX
}

const std::vector<std::string>& summary_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = cell_columns();
    c.insert(c.end(), {"metric", "count", "median", "min", "max", "cv_pct"});
    return c;
  }();
  return columns;
}

std::vector<SummaryRow> summarize(const std::vector<std::string>& columns,
                                  const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::optional<size_t>> cell_index;
  for (const auto& name : cell_columns()) {
    const auto it = std::find(columns.begin(), columns.end(), name);
    cell_index.push_back(it == columns.end()
                             ? std::nullopt
                             : std::optional<size_t>(static_cast<size_t>(it - columns.begin())));
  }
  // cell identity -> metric column -> values, cells in order of first
  // appearance
  std::vector<std::vector<std::string>> cells;
  std::map<std::vector<std::string>, std::map<size_t, std::vector<double>>> values;
  for (const auto& row : rows) {
    std::vector<std::string> cell;
    for (const auto& i : cell_index) {
      cell.push_back(i && *i < row.size() ? row[*i] : std::string());
    }
    if (!values.contains(cell)) {
      cells.push_back(cell);
    }
    auto& metrics = values[cell];
    for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
      if (!is_metric(columns[c]) || row[c].empty()) {
        continue;
      }
      if (const auto v = parse_double(row[c])) {
        metrics[c].push_back(*v);
      }
    }
  }
  std::vector<SummaryRow> out;
  for (const auto& cell : cells) {
    for (const auto& [c, v] : values[cell]) {
      SummaryRow r = stats(v);
      r.cell = cell;
      r.metric = columns[c];
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string summary_csv(const std::vector<SummaryRow>& rows) {
  std::string text = csv_line(summary_columns());
  for (const auto& r : rows) {
    std::vector<std::string> fields = r.cell;
    fields.insert(fields.end(), {r.metric, std::to_string(r.count), number(r.median), number(r.min),
                                 number(r.max), cv_text(r)});
    text += csv_line(fields);
  }
  return text;
}

std::string summary_table(const std::vector<SummaryRow>& rows) {
  // Transport and metric are text, the titles all left-aligned.
  TextTable table{.header = {"transport", "metric", "n", "median", "min", "max", "CV %"},
                  .left_columns = 2,
                  .header_left = true};
  std::vector<std::vector<std::string>> seen;
  for (const auto& r : rows) {
    if (std::find(seen.begin(), seen.end(), r.cell) == seen.end()) {
      seen.push_back(r.cell);
    }
  }
  for (const auto& cell : seen) {
    for (const auto& metric : kTableMetrics) {
      for (const auto& r : rows) {
        if (r.cell == cell && r.metric == metric) {
          table.rows.push_back({cell.empty() ? "" : cell[0], metric, std::to_string(r.count),
                                number(r.median), number(r.min), number(r.max),
                                r.cv_pct ? cv_text(r) : "-"});
        }
      }
    }
  }
  std::string out = render_text_table(table);
  out +=
      "per cell over the repetitions: median, min, max; CV = sample stddev / "
      "mean; n = "
      "repetitions where the metric applies. Every metric is in summary.csv.\n";
  return out;
}

}  // namespace pushbench
