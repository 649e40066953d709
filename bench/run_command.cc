// `pushbench run`.
#include "run_command.h"

#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "config_error.h"
#include "csv_writer.h"
#include "matrix.h"
#include "meta.h"
#include "progress.h"
#include "report.h"
#include "results_row.h"
#include "runner.h"
#include "stop_flag.h"
#include "summary.h"
#include "table.h"

namespace pushbench {
namespace {
std::string default_out_dir() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("results/runs/{:%Y%m%dT%H%M%SZ}", fmt::gmtime(now));
}

// What one run is expected to take (Runner: 1 s + 0.2 ms per client to connect, the warm-up,
// the window, the drain, and about half a second to stop both processes).
double planned_s(const Cell& c) {
  const RunOptions& o = c.options;
  return 1.5 + o.workload.clients * 2e-4 + o.warmup_s + o.duration_s + o.effective_drain_s();
}
}  // namespace

int run_command(RunOptions& o) {
  if (o.out_dir.empty()) {
    o.out_dir = default_out_dir();
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir + "/raw", ec);
  if (ec) {
    throw ConfigError(fmt::format("cannot create --out {}: {}", o.out_dir, ec.message()));
  }
  const std::vector<Cell> cells = expand_matrix(o);
  const std::vector<PlannedRun> runs = run_order(cells, o.repeat);
  write_file_atomic(o.out_dir + "/meta.json", meta_json(o, cells));
  ResultsFile results(o.out_dir + "/results.csv");
  Runner runner(o, o.out_dir + "/raw");
  std::vector<double> plan;
  for (const PlannedRun& r : runs) {
    plan.push_back(planned_s(*r.cell));
  }
  Progress progress(std::move(plan), isatty(STDOUT_FILENO) == 1);
  for (size_t i = 0; i < runs.size(); ++i) {
    const Cell& cell = *runs[i].cell;
    if (stop_requested()) {
      progress.close();
      fmt::print(stderr, "pushbench: interrupted; {} of {} runs are in {} (pushbench report {})\n",
                 i, runs.size(), o.out_dir, o.out_dir);
      return 130;
    }
    progress.start(
        i, fmt::format("{}; {} s window", describe_run(cell, runs[i].repetition), o.duration_s));
    results.append(make_row(cell.options, runner.run_cell(cell, runs[i].repetition)));
    progress.finish();
  }
  progress.close();
  fmt::print("\n{}\nresults: {}/results.csv (schema: results/SCHEMA.md), {}/meta.json\n",
             comparison_table(results.rows()), o.out_dir, o.out_dir);
  if (o.repeat >= 2) {
    const auto summary = summarize(result_columns(), results.rows());
    write_file_atomic(o.out_dir + "/summary.csv", summary_csv(summary));
    fmt::print("\nsummary of {} repetitions:\n{}summary: {}/summary.csv\n", o.repeat,
               summary_table(summary), o.out_dir);
  }
  fmt::print("\n{}", report_command(ReportOptions{.dir = o.out_dir, .plots = o.plots}));
  return 0;
}

}  // namespace pushbench
