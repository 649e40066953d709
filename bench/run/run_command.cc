// `pushbench run`.
#include "run_command.h"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "config_error.h"
#include "csv_writer.h"
#include "flag_warning.h"
#include "matrix.h"
#include "meta.h"
#include "out_dir.h"
#include "progress.h"
#include "result_columns.h"
#include "results_row.h"
#include "results_table.h"
#include "run_record.h"
#include "runner.h"
#include "summary.h"
#include "table.h"

namespace pushbench {
namespace {
// Where the finished runs are, for the message that ends a run early.
std::string kept(const RunOptions& o, size_t finished, size_t total) {
  if (finished == 0) {
    return fmt::format("no run of {} finished, nothing was recorded in {}", total, o.out_dir);
  }
  return fmt::format("the {} of {} runs that finished are in {}/results.csv (pushbench report {})",
                     finished, total, o.out_dir, o.out_dir);
}
}  // namespace

int run_command(RunOptions& o) {
  return run_command(o, [](const RunOptions& options, const std::string& raw_dir) {
    return std::make_unique<Runner>(options, raw_dir);  // applies the network conditions, if any
  });
}

int run_command(RunOptions& o, const CellRunnerFactory& make_runner) {
  if (o.out_dir.empty()) {
    o.out_dir = default_out_dir();
  }
  prepare_out_dir(o.out_dir, o.force);
  const std::vector<Cell> cells = expand_matrix(o);
  const std::vector<PlannedRun> runs = run_order(cells, o.repeat);
  const std::unique_ptr<CellRunner> runner = make_runner(o, o.out_dir + "/raw");
  const std::string meta = meta_json(o, cells, runner->net_mechanisms(), runner->meta_extra());
  write_file_atomic(o.out_dir + "/meta.json", meta);
  RunRecord results(o.out_dir, meta);
  std::vector<double> plan;
  for (const PlannedRun& r : runs) {
    plan.push_back(planned_run_s(*r.cell));
  }
  Progress progress(std::move(plan), isatty(STDERR_FILENO) == 1, o.quiet);
  for (size_t i = 0; i < runs.size(); ++i) {
    const Cell& cell = *runs[i].cell;
    const std::string what = describe_run(cell, runs[i].repetition);
    progress.start(i, fmt::format("{}; {} s window", what, o.duration_s));
    try {
      results.add(cell, runs[i].repetition, runner->run_cell(cell, runs[i].repetition));
    } catch (const RunInterrupted&) {
      // Not a measurement: no row; its processes are already killed.
      progress.close();
      fmt::print(stderr, "pushbench: interrupted; run {} of {} ({}) stopped, not recorded; {}\n",
                 i + 1, runs.size(), what, kept(o, i, runs.size()));
      return 130;
    } catch (const std::exception& e) {
      progress.close();
      fmt::print(stderr, "pushbench: run {} of {} ({}) failed: {}{} (logs: {}/raw/); {}\n", i + 1,
                 runs.size(), what, e.what(), disk_note(o.out_dir), o.out_dir,
                 kept(o, i, runs.size()));
      return 1;
    }
    progress.finish();
  }
  progress.close();
  // The table on stdout, where the files are on stderr (a log line, like the progress).
  fmt::print("\n{}", comparison_table(results.rows()));
  std::fflush(stdout);
  fmt::print(stderr, "results: {}/results.csv (schema: results/SCHEMA.md), {}/meta.json\n",
             o.out_dir, o.out_dir);
  if (o.repeat >= 2) {
    const auto summary = summarize(result_columns(), results.rows());
    write_file_atomic(o.out_dir + "/summary.csv", summary_csv(summary));
    fmt::print("\nsummary of {} repetitions:\n{}", o.repeat, summary_table(summary));
    std::fflush(stdout);
    fmt::print(stderr, "summary: {}/summary.csv\n", o.out_dir);
    const ResultsTable table{
        .origin = o.out_dir + "/results.csv", .header = result_columns(), .rows = results.rows()};
    if (const std::string w = flagged_rows_warning(flagged_rows(table), table.rows.size());
        !w.empty()) {
      fmt::print(stderr, "the summary includes flagged repetitions: {}\n", w);
    }
  }
  return 0;
}

}  // namespace pushbench
