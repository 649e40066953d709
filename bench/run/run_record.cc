// Recording a run's rows as they come.
#include "run_record.h"

#include "cell_row.h"
#include "csv_writer.h"
#include "result_columns.h"
#include "results_json.h"
#include "results_table.h"

namespace pushbench {

RunRecord::RunRecord(const std::string& out_dir, const std::string& meta)
    : out_dir_(out_dir),
      meta_(nlohmann::json::parse(meta)),
      results_(out_dir + "/results.csv"),
      histograms_(out_dir + "/histograms") {}

const std::vector<std::string>& RunRecord::add(const Cell& cell, int repetition,
                                               const CellResult& measured) {
  std::vector<std::string> row = make_row(cell.options, measured);
  histograms_.add(cell, repetition, measured.client, row);
  results_.append(std::move(row));
  // results.json beside results.csv, rewritten with it: the same rows typed, meta.json as "meta".
  const ResultsTable table{.origin = out_dir_ + "/results.csv",
                           .header = result_columns(),
                           .rows = results_.rows(),
                           .schema_version = std::to_string(kSchemaVersion)};
  write_file_atomic(out_dir_ + "/results.json", results_json(table, meta_).dump(1) + "\n");
  return results_.rows().back();
}

}  // namespace pushbench
