// `pushbench ramp`.
#include "ramp_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>

#include "cli.h"
#include "config_error.h"
#include "csv_writer.h"
#include "matrix.h"
#include "meta.h"
#include "out_dir.h"
#include "parse.h"
#include "progress.h"
#include "ramp_step.h"
#include "result_columns.h"
#include "run_record.h"
#include "runner.h"
#include "text_table.h"

namespace pushbench {
namespace {
// One ramp: the cells that differ only in their client count, ascending.
struct Ramp {
  std::vector<const Cell*> steps;
  int held = 0;  // the largest count that held; 0: none did
  std::vector<std::string> held_row;
  int stopped_at = 0;  // the count that did not hold; 0: every step held
  std::string reason;
};

std::string ramp_key(const Cell& c) {
  const WorkloadSpec& w = c.options.workload;
  return fmt::format("{}|{}|{}|{}|{}|{}", name(c.transport), name(c.server), name(w.workload),
                     w.rate_hz, w.payload_bytes,
                     is_polling(c.transport) ? c.options.poll_interval_ms : 0.0);
}

std::string column(const std::vector<std::string>& row, const char* name) {
  const std::vector<std::string>& header = result_columns();
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() || row.empty() ? "" : row[static_cast<size_t>(it - header.begin())];
}

std::string ms_of_us(const std::string& us) {
  const auto v = parse_double(us);
  return v ? fmt::format("{:.1f}", *v / 1000) : "";
}

const std::vector<std::string> kRampColumns = {"transport",
                                               "server_impl",
                                               "workload",
                                               "event_rate_hz",
                                               "payload_bytes",
                                               "poll_interval_ms",
                                               "slo_p99_ms",
                                               "held_clients",
                                               "held_p99_ms",
                                               "held_server_cpu_pct",
                                               "held_client_cpu_pct",
                                               "stopped_at_clients",
                                               "reason"};

std::vector<std::string> ramp_row(const Ramp& r, double slo_p99_ms) {
  const Cell& c = *r.steps.front();
  const WorkloadSpec& w = c.options.workload;
  return {std::string(name(c.transport)),
          std::string(name(c.server)),
          std::string(name(w.workload)),
          fmt::format("{}", w.rate_hz),
          std::to_string(w.payload_bytes),
          is_polling(c.transport) ? fmt::format("{}", c.options.poll_interval_ms) : "",
          fmt::format("{}", slo_p99_ms),
          r.held > 0 ? std::to_string(r.held) : "",
          ms_of_us(column(r.held_row, "latency_p99_us")),
          column(r.held_row, "server_cpu_pct"),
          column(r.held_row, "client_cpu_pct"),
          r.stopped_at > 0 ? std::to_string(r.stopped_at) : "",
          r.stopped_at > 0 ? r.reason : "every step held"};
}

std::string ramp_table(const std::vector<std::vector<std::string>>& rows) {
  TextTable t{.header = {"transport", "poll ms", "held clients", "p99 ms there", "srv CPU %",
                         "cli CPU %", "next step", "why it did not hold"},
              .left_columns = 1,
              .last_column_left = true};
  for (const auto& r : rows) {
    auto dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
    t.rows.push_back({r[0], dash(r[5]), r[7].empty() ? "none" : r[7], dash(r[8]), dash(r[9]),
                      dash(r[10]), dash(r[11]), r[12]});
  }
  return render_text_table(t);
}
}  // namespace

void add_ramp_options(CLI::App& app, RampOptions& r) {
  add_duration_option(app, "--slo-p99", r.slo_p99_ms, TimeUnit::kMilliseconds,
                      "a step holds while its p99 latency is at most this (and nothing is lost, "
                      "no error, no process saturated)");
  app.add_option("--start", r.start, "clients of the first step (without -c)")
      ->capture_default_str();
  app.add_option("--factor", r.factor, "each step's clients are the last's times this (without -c)")
      ->capture_default_str();
  app.add_option("--max-clients", r.max_clients, "the last step's clients at most (without -c)")
      ->capture_default_str();
}

void check_ramp_options(const RampOptions& r) {
  if (!(r.slo_p99_ms > 0)) {
    throw ConfigError(fmt::format("--slo-p99 must be > 0 (got {} ms)", r.slo_p99_ms));
  }
  if (r.start < 1 || r.max_clients < r.start || r.max_clients > 1'000'000) {
    throw ConfigError(
        fmt::format("--start {} and --max-clients {} must be 1 <= start <= max <= "
                    "1000000",
                    r.start, r.max_clients));
  }
  if (!(r.factor > 1) || r.factor > 100) {
    throw ConfigError(fmt::format("--factor must be > 1 and <= 100 (got {})", r.factor));
  }
}

int ramp_command(RunOptions& o, const RampOptions& r) {
  if (o.out_dir.empty()) {
    o.out_dir = default_out_dir();
  }
  prepare_out_dir(o.out_dir, o.force);
  std::sort(o.sweep.clients.begin(), o.sweep.clients.end());
  const std::vector<Cell> cells = expand_matrix(o);
  std::vector<Ramp> ramps;
  std::map<std::string, size_t> by_key;
  for (const Cell& c : cells) {
    const auto [it, added] = by_key.emplace(ramp_key(c), ramps.size());
    if (added) {
      ramps.emplace_back();
    }
    ramps[it->second].steps.push_back(&c);
  }
  for (Ramp& ramp : ramps) {
    std::stable_sort(ramp.steps.begin(), ramp.steps.end(), [](const Cell* a, const Cell* b) {
      return a->options.workload.clients < b->options.workload.clients;
    });
  }
  Runner runner(o, o.out_dir + "/raw");
  nlohmann::json meta = nlohmann::json::parse(meta_json(o, cells, runner.net_mechanisms()));
  meta["ramp"] = {{"slo_p99_ms", r.slo_p99_ms},
                  {"steps", o.sweep.clients},
                  {"stops_at",
                   "the first step with a loss, a client error, p99 over the SLO, "
                   "or a saturated process (or foreign load), or that fails to run"},
                  {"verdicts", "ramp.csv"}};
  const std::string meta_text = meta.dump(2) + "\n";
  write_file_atomic(o.out_dir + "/meta.json", meta_text);
  RunRecord record(o.out_dir, meta_text);
  std::vector<double> plan;
  for (const Cell& c : cells) {
    plan.push_back(planned_run_s(c));
  }
  Progress progress(std::move(plan), isatty(STDERR_FILENO) == 1, o.quiet);
  std::vector<std::vector<std::string>> verdicts;
  size_t run = 0;
  for (Ramp& ramp : ramps) {
    for (const Cell* step : ramp.steps) {
      const std::string what = describe_run(*step, 1);
      progress.start(run++, fmt::format("ramp: {}; {} s window", what, o.duration_s));
      try {
        const std::vector<std::string>& row = record.add(*step, 1, runner.run_cell(*step, 1));
        progress.finish();
        if (const std::string why = step_failure(result_columns(), row, r.slo_p99_ms);
            !why.empty()) {
          ramp.stopped_at = step->options.workload.clients;
          ramp.reason = why;
          break;
        }
        ramp.held = step->options.workload.clients;
        ramp.held_row = row;
      } catch (const RunInterrupted&) {
        progress.close();
        fmt::print(stderr, "pushbench: interrupted during {}; the steps that finished are in {}\n",
                   what, o.out_dir);
        return 130;
      } catch (const std::exception& e) {
        progress.finish();
        ramp.stopped_at = step->options.workload.clients;
        ramp.reason = fmt::format("failed: {}", e.what());  // logs in raw/
        break;
      }
    }
    verdicts.push_back(ramp_row(ramp, r.slo_p99_ms));
    std::string text = csv_line(kRampColumns);
    for (const auto& v : verdicts) {
      text += csv_line(v);
    }
    write_file_atomic(o.out_dir + "/ramp.csv", text);
  }
  progress.close();
  fmt::print("{}", ramp_table(verdicts));
  if (!o.quiet) {
    fmt::print(stderr, "ramp: {}/ramp.csv, every step in {}/results.csv (pushbench report {})\n",
               o.out_dir, o.out_dir, o.out_dir);
  }
  return 0;
}

}  // namespace pushbench
