// Per-cell latency histograms: merged over repetitions, written as histograms/<cell>.csv.
#include "cell_histograms.h"

#include <fmt/format.h>

#include <filesystem>

#include "cell_identity.h"
#include "csv_writer.h"
#include "result_columns.h"

namespace pushbench {

std::string cell_identity_json(const std::vector<std::string>& header,
                               const std::vector<std::string>& row) {
  nlohmann::json cell = nlohmann::json::object();
  for (const std::string& column : cell_columns()) {
    for (size_t i = 0; i < header.size() && i < row.size(); ++i) {
      if (header[i] == column) {
        cell[column] = row[i];
      }
    }
  }
  return cell.dump();
}

void CellHistograms::add(const Cell& cell, int repetition, const nlohmann::json& client,
                         const std::vector<std::string>& row) {
  const auto found = client.find("latency_histogram");
  if (found == client.end()) {
    return;
  }
  Merged& m = cells_[cell.raw_name];
  m.histogram.merge(LatencyHistogram::from_json(*found));
  m.repetitions.push_back(repetition);
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);  // write_file_atomic says what failed
  const std::vector<std::string> comments = {
      fmt::format("pushbench latency histogram of cell {}: every delivered in-window notification "
                  "of repetition(s) {} merged (raw/{}-r<repetition>.client.json); latency as "
                  "results.csv's latency_*_us (results/SCHEMA.md)",
                  cell.raw_name, fmt::join(m.repetitions, ", "), cell.raw_name),
      fmt::format("buckets [lower_ns, upper_ns): 1 ns below 2048 ns, 1024 per octave above; a "
                  "value read from a bucket is within {:.3f} % of any other in it; count, min, "
                  "max and mean below are exact",
                  100 * LatencyHistogram::kRelativeError),
      "cell: " + cell_identity_json(result_columns(), row)};
  write_file_atomic(fmt::format("{}/{}.csv", dir_, cell.raw_name), m.histogram.to_csv(comments));
}

}  // namespace pushbench
