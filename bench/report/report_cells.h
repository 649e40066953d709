// results.csv as the report reads it: rows grouped into cells (scenario x transport), a cell's
// figure the median over its repetitions (each repetition's percentiles are exact; they are
// never averaged), and the scenario that stands for the run in the article's table.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cell_histogram_file.h"

namespace pushbench {

struct ResultsTable;

// One results.csv row. Absent columns (an older schema) read as empty: "not applicable".
class ResultRow {
 public:
  ResultRow(std::map<std::string, std::string, std::less<>> cells, std::string where)
      : cells_(std::move(cells)), where_(std::move(where)) {}
  std::string text(std::string_view column) const;
  // nullopt when empty or absent; throws ConfigError when the cell is not a number.
  std::optional<double> num(std::string_view column) const;

 private:
  std::map<std::string, std::string, std::less<>> cells_;
  std::string where_;  // "DIR/results.csv row 3", for messages
};

using RowFigure = std::function<std::optional<double>(const ResultRow&)>;

struct ReportCell {
  std::string transport;
  std::string scenario;         // the identity without transport and poll interval
  std::vector<ResultRow> rows;  // its repetitions, in file order

  // Median over the repetitions of a figure, skipping those where it does not apply.
  std::optional<double> median(const RowFigure& figure) const;
  std::optional<double> median(std::string_view column) const;
  std::string text(std::string_view column) const { return rows.front().text(column); }
  std::optional<double> poll_interval_ms() const { return rows.front().num("poll_interval_ms"); }
  // The distinct trust flags of its repetitions, ';'-joined in order ("" when none).
  std::string flags() const;
};

struct ReportData {
  std::string origin{};             // the CSV's path
  std::vector<ReportCell> cells{};  // in order of first appearance
  // histograms/<cell>.csv of the directory (load_report_data; none from a bare CSV).
  std::vector<CellHistogramFile> histograms{};
};

// Parses results.csv text (throws ConfigError on anything that is not a results.csv).
ReportData parse_report_data(std::string_view csv_text, const std::string& origin);
ReportData report_data(const ResultsTable& t);
// DIR/results.csv and DIR/histograms/; throws ConfigError when one is missing or malformed.
ReportData load_report_data(const std::string& dir);

// a / b, nullopt when either is missing or b is 0.
std::optional<double> ratio(std::optional<double> a, std::optional<double> b);
// a + b, nullopt when either is missing.
std::optional<double> sum(std::optional<double> a, std::optional<double> b);
// A total over a row's window, per client per minute (clients × duration_s / 60).
std::optional<double> per_client_per_min(std::optional<double> total, const ResultRow& r);
// wire_bytes_up + wire_bytes_down of a row.
std::optional<double> wire_total(const ResultRow& r);

// Scenarios (ReportCell::scenario) in order of first appearance.
std::vector<std::string> scenarios(const ReportData& d);
// The scenario most like the default comparison: broadcast first, then the most of 1000 clients,
// 10 events/s, 256 B, fixed arrivals; the first such in the file. With `workload`, among that
// workload's scenarios only (empty when it has none).
std::string headline_scenario(const ReportData& d, std::string_view workload = {});
// One cell per transport of `scenario`, in file order; a polling transport's at 1000 ms when the
// run has it, else at the interval closest to 1000 ms (log scale; the shorter on a tie).
std::vector<const ReportCell*> headline_cells(const ReportData& d, const std::string& scenario);
// The run split by network and TLS condition (net_* and tls* cell columns), in order of first
// appearance: one ReportData per condition, with the cells measured under it (the raw-TCP floor,
// plain under --tls, joins every TLS condition of its network). The article's and
// Kaazing's tables are drawn for each (issue 13: "for any (profile, tls) scenario").
std::vector<ReportData> split_by_condition(const ReportData& d);
// "network wan (rtt 40 ms, ...), TLS 1.3", "loopback, plaintext": a condition in words.
std::string describe_condition(const ReportCell& c);
// "broadcast, 1000 clients, 10 events/s, 256 B events, fixed arrivals, 15 s window"
std::string describe_scenario(const ReportCell& c);
// "median of 2 repetitions" (the cell's)
std::string repetitions_text(const ReportCell& c);
// "Scenario: <describe_scenario>; median of N repetitions." — a section's first line.
std::string scenario_intro(const ReportCell& c);

}  // namespace pushbench
