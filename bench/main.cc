// pushbench: the command users run. `pushbench run` measures a scenario matrix and writes
// results.csv + meta.json; `pushbench report` turns a results directory into report.md and its
// plots; `pushbench compare` checks one set of results against another (the CI regression gate).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>

#include "cli.h"
#include "compare_command.h"
#include "config_error.h"
#include "csv_writer.h"
#include "meta.h"
#include "report.h"
#include "results_row.h"
#include "run_options.h"
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

int run(RunOptions& o) {
  if (o.out_dir.empty()) {
    o.out_dir = default_out_dir();
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir + "/raw", ec);
  if (ec) {
    throw ConfigError(fmt::format("cannot create --out {}: {}", o.out_dir, ec.message()));
  }
  write_file_atomic(o.out_dir + "/meta.json", meta_json(o));
  ResultsFile results(o.out_dir + "/results.csv");
  Runner runner(o, o.out_dir + "/raw");
  const size_t cells = o.transports.size() * static_cast<size_t>(o.repeat);
  size_t done = 0;
  for (int rep = 1; rep <= o.repeat; ++rep) {
    for (Transport t : o.transports) {
      if (stop_requested()) {
        fmt::print(stderr, "pushbench: interrupted; {} of {} repetitions are in {}\n", done,
                   cells, o.out_dir);
        return 130;
      }
      fmt::print("[{}/{}] {} repetition {}: {} clients, {} s window\n", done + 1, cells, name(t),
                 rep, o.workload.clients, o.duration_s);
      std::fflush(stdout);
      results.append(make_row(o, runner.run_cell(t, rep)));
      ++done;
    }
  }
  fmt::print("\n{}\nresults: {}/results.csv (schema: results/SCHEMA.md), {}/meta.json\n",
             comparison_table(results.rows()), o.out_dir, o.out_dir);
  if (o.repeat >= 2) {
    const auto summary = summarize(result_columns(), results.rows());
    write_file_atomic(o.out_dir + "/summary.csv", summary_csv(summary));
    fmt::print("\nsummary of {} repetitions:\n{}summary: {}/summary.csv\n", o.repeat,
               summary_table(summary), o.out_dir);
  }
  return 0;
}

int compare_command(const CompareOptions& o) {
  std::string out;
  std::string err;
  const int rc = run_compare(o, out, err);
  if (rc == 2) {
    fmt::print(stderr, "pushbench compare: {}\n", err);
  } else {
    fmt::print("{}", out);
  }
  return rc;
}
}  // namespace
}  // namespace pushbench

int main(int argc, char** argv) try {
  CLI::App app{"pushbench: measures HTTP polling vs WebSocket push on one seeded workload",
               "pushbench"};
  app.require_subcommand(1);
  pushbench::RunOptions options;
  std::string transports = "poll,poll-close,ws";
  CLI::App* run = app.add_subcommand("run", "run a scenario matrix and write results");
  pushbench::add_run_options(*run, options, transports);
  pushbench::ReportOptions report_options;
  CLI::App* report = app.add_subcommand(
      "report", "write DIR/report.md (the article's table, the Kaazing table, sweeps, plots)");
  pushbench::add_report_options(*report, report_options);
  pushbench::CompareOptions compare_options;
  CLI::App* compare = app.add_subcommand(
      "compare", "check NEW results against BASELINE: exit 0 ok, 1 regression, 2 bad input");
  pushbench::add_compare_options(*compare, compare_options);
  pushbench::parse_cli(app, argc, argv);
  if (compare->parsed()) {
    return pushbench::compare_command(compare_options);
  }
  if (report->parsed()) {
    fmt::print("{}", pushbench::report_command(report_options));
    return 0;
  }
  for (int i = 0; i < argc; ++i) {
    options.command_line += (i ? " " : "") + std::string(argv[i]);
  }
  pushbench::finish_run_options(options, transports);
  pushbench::install_stop_signal();
  return pushbench::run(options);
} catch (const pushbench::ConfigError& e) {
  fmt::print(stderr, "pushbench: {}\n", e.what());
  return 2;
} catch (const std::exception& e) {
  fmt::print(stderr, "pushbench: {}\n", e.what());
  return 1;
}
