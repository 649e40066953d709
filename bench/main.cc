// pushbench: the command users run. `pushbench run` measures a scenario matrix and writes
// results.csv + meta.json + report.md; `pushbench report` turns a results directory into the
// report; `pushbench compare` checks one set of results against another (the CI regression gate);
// `pushbench demo` serves the live page (polling, long polling, SSE, WebSocket in a browser);
// `pushbench conform URL` checks a server against docs/contract.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "cli.h"
#include "compare_command.h"
#include "config_error.h"
#include "conform_command.h"
#include "demo_command.h"
#include "ramp_command.h"
#include "ramp_step.h"
#include "report.h"
#include "run_command.h"
#include "run_options.h"
#include "stop_flag.h"
#include "target_command.h"

namespace pushbench {
namespace {
int compare_command(const CompareOptions& o) {
  std::string out;
  std::string err;
  const int rc = run_compare(o, out, err);
  if (rc == 2) {
    fmt::print(stderr, "pushbench compare: {}\n", err);
  } else {
    if (!err.empty()) {
      fmt::print(stderr, "pushbench compare: note: {}\n", err);  // an older schema, say
    }
    fmt::print("{}", out);
  }
  return rc;
}
}  // namespace
}  // namespace pushbench

int main(int argc, char** argv) {
  return pushbench::run_main("pushbench", [&] {
    CLI::App app{"pushbench: measures HTTP polling vs WebSocket push on one seeded workload",
                 "pushbench"};
    app.require_subcommand(1);
    app.footer(
        "Exit status: 0 done, 1 failed (run: a run failed; compare: a regression; conform: a check "
        "failed), 2 bad options or set-up (one line on stderr), 130 run interrupted (finished "
        "repetitions are kept). `pushbench` alone prints this help and exits 0.");
    pushbench::RunOptions options;
    pushbench::RunOptionLists lists;
    CLI::App* run = app.add_subcommand("run", "run a scenario matrix and write results");
    pushbench::add_run_options(*run, options, lists);
    run->footer(
        "Exit status: 0 done, 1 a run failed (the message says which and where the finished "
        "ones are), 2 bad options or set-up (one line on stderr), 130 interrupted by SIGINT or "
        "SIGTERM (finished repetitions are kept). Progress goes to stderr, tables to stdout.");
    pushbench::RampOptions ramp_options;
    CLI::App* ramp = app.add_subcommand(
        "ramp",
        "raise clients step by step per transport until p99, loss or a saturated process "
        "says stop: the largest count that held");
    pushbench::add_run_options(*ramp, options, lists);
    pushbench::add_ramp_options(*ramp, ramp_options);
    ramp->footer(
        "Every option of `run` applies but --target; -c lists the steps (else --start, --factor, "
        "--max-clients). Exit status: 0 the ramp ran, 1 it could not start, 2 bad options (one "
        "line on stderr), 130 interrupted (finished steps are kept).");
    pushbench::ReportOptions report_options;
    CLI::App* report = app.add_subcommand(
        "report", "write DIR/report.md (the article's table, the Kaazing table, sweeps, plots)");
    pushbench::add_report_options(*report, report_options);
    pushbench::CompareOptions compare_options;
    CLI::App* compare = app.add_subcommand(
        "compare", "check NEW results against BASELINE: exit 0 ok, 1 regression, 2 bad input");
    pushbench::add_compare_options(*compare, compare_options);
    compare->footer(
        "Exit status: 0 nothing regressed, 1 a regression, 2 bad input (one line on stderr).");
    pushbench::DemoOptions demo_options;
    CLI::App* demo = app.add_subcommand(
        "demo", "serve the live page: polling, long polling, SSE and WebSocket in a browser");
    pushbench::add_demo_options(*demo, demo_options);
    demo->footer(
        "Runs until SIGINT or SIGTERM. Exit status: 0 the server stopped cleanly, 1 it failed "
        "to start or died, 2 bad options (one line on stderr).");
    pushbench::ConformOptions conform_options;
    CLI::App* conform = app.add_subcommand(
        "conform",
        "check a server against docs/contract.md: one pass/FAIL line per endpoint the accounting "
        "needs");
    pushbench::add_conform_options(*conform, conform_options);
    conform->footer(
        "Exit status: 0 every check passed, 1 a check failed, 2 bad options (one line on "
        "stderr).");
    if (argc == 1) {
      // `pushbench` alone: its subcommands, as --help lists them, and exit 0.
      char help[] = "--help";
      char* help_argv[] = {argv[0], help};
      pushbench::parse_cli(app, 2, help_argv);
    }
    const std::string first = argc >= 2 ? argv[1] : "";
    const std::vector<CLI::App*> subs = app.get_subcommands([](CLI::App*) { return true; });
    if (!first.empty() && first[0] != '-' &&
        std::none_of(subs.begin(), subs.end(),
                     [&](CLI::App* s) { return s->get_name() == first; })) {
      // CLI11 would say only "A subcommand is required".
      throw pushbench::ConfigError(fmt::format(
          "unknown subcommand '{}' (known: run, ramp, report, compare, demo, conform; `pushbench` "
          "alone lists "
          "them)",
          argv[1]));
    }
    pushbench::parse_cli(app, argc, argv);
    if (demo->parsed()) {
      pushbench::install_stop_signal();
      return pushbench::demo_command(demo_options);
    }
    if (conform->parsed()) {
      return pushbench::conform_command(conform_options);
    }
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
    if (ramp->parsed()) {
      pushbench::check_ramp_options(ramp_options);
      if (!options.target.url.empty()) {
        throw pushbench::ConfigError("ramp runs pushbench's own server: --target is for `run`");
      }
      if (ramp->count("--clients") == 0) {
        lists.clients.clear();
        for (int n : pushbench::geometric_steps(ramp_options.start, ramp_options.factor,
                                                ramp_options.max_clients)) {
          lists.clients += (lists.clients.empty() ? "" : ",") + std::to_string(n);
        }
      }
    }
    pushbench::finish_run_options(options, lists);
    pushbench::install_stop_signal();
    if (!options.target.url.empty()) {
      return pushbench::target_command(options);  // no report: that reads results.csv
    }
    if (ramp->parsed()) {
      if (const int rc = pushbench::ramp_command(options, ramp_options); rc != 0) {
        return rc;
      }
    } else if (const int rc = pushbench::run_command(options); rc != 0) {
      return rc;
    }
    // A run or ramp that finished ends with its report (they set the --out they wrote to).
    fmt::print("\n{}", pushbench::report_command(pushbench::ReportOptions{.dir = options.out_dir,
                                                                          .plots = options.plots}));
    return 0;
  });
}
