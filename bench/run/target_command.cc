// `pushbench run --target`.
#include "target_command.h"

#include <unistd.h>

#include <fmt/format.h>

#include <thread>

#include "csv_writer.h"
#include "meta.h"
#include "out_dir.h"
#include "progress.h"
#include "repetition_processes.h"
#include "results_json.h"
#include "results_row.h"
#include "results_table.h"
#include "target_columns.h"
#include "target_runner.h"
#include "text_table.h"

namespace pushbench {
namespace {
std::string meta_json(const RunOptions& o) {
  const TargetOptions& t = o.target;
  nlohmann::json j = machine_json(o);
  j.update(
      {{"schema_version", fmt::format("target-{}", kTargetSchemaVersion)},
       {"target",
        {{"url", t.url},
         {"mode", t.mode},
         {"pid", t.pid > 0 ? nlohmann::json(t.pid) : nlohmann::json(nullptr)},
         {"timestamp_field", t.timestamp_field},
         {"timestamp_clock",
          t.timestamp_field.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.timestamp_clock)},
         {"tls_ca", t.tls_ca}}},
       {"scenario",
        {{"clients", o.sweep.clients},
         {"warmup_s", o.warmup_s},
         {"duration_s", o.duration_s},
         {"poll_interval_ms",
          t.mode == "poll" ? nlohmann::json(o.poll_interval_ms) : nlohmann::json(nullptr)},
         {"repeat", o.repeat}}},
       {"pinning", o.pin && std::thread::hardware_concurrency() >= 2 ? "client on CPU 1" : "none"},
       {"sources",
        {{"messages", "pushbench-client --url: each complete message (docs/contract.md)"},
         {"latency", t.timestamp_field.empty()
                         ? "not measured (no --timestamp-field)"
                         : "receive time on the timestamp clock minus the message's timestamp"},
         {"cpu", "/proc/PID/task/*/schedstat (on-CPU ns) at the window's edges"},
         {"target", t.pid > 0
                        ? "--target-pid and its live descendants, /proc, at the window's edges"
                        : "not measured (no --target-pid)"}}}});
  return j.dump(2) + "\n";
}

// The table on stdout: what a reader looks at first.
std::string target_table(const std::vector<std::vector<std::string>>& rows) {
  const std::vector<std::string> names = target_columns();
  auto at = [&names](const std::vector<std::string>& row, std::string_view column) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == column) {
        return row[i];
      }
    }
    return std::string();
  };
  TextTable t{.header = {"clients", "repetition", "messages", "msg/s", "msg/s/client", "gap p50 ms",
                         "latency p50 ms", "latency p99 ms", "conns", "errors", "cli CPU %",
                         "target CPU %", "target us/msg", "target KiB/client", "flags"},
              .left_columns = 0,
              .last_column_left = true};
  for (const auto& row : rows) {
    auto or_not = [](std::string v) { return v.empty() ? std::string("—") : v; };
    std::string flags = at(row, "flags");
    t.rows.push_back({at(row, "clients"), at(row, "repetition"), at(row, "messages"),
                      at(row, "messages_per_s"), at(row, "messages_per_client_per_s"),
                      or_not(at(row, "inter_arrival_p50_ms")), or_not(at(row, "latency_p50_ms")),
                      or_not(at(row, "latency_p99_ms")), at(row, "connections"), at(row, "errors"),
                      at(row, "client_cpu_pct"), or_not(at(row, "target_cpu_pct")),
                      or_not(at(row, "target_us_per_message")),
                      or_not(at(row, "target_rss_per_client_kb")), flags.empty() ? "-" : flags});
  }
  return render_text_table(t);
}
}  // namespace

int target_command(RunOptions& o) {
  if (o.out_dir.empty()) {
    o.out_dir = default_out_dir();
  }
  prepare_out_dir(o.out_dir, o.force);
  const TargetOptions& t = o.target;
  const std::string meta = meta_json(o);
  write_file_atomic(o.out_dir + "/meta.json", meta);
  ResultsFile results(o.out_dir + "/target.csv", target_columns());
  std::vector<std::pair<int, int>> runs;  // (clients, repetition), each value's in turn
  std::vector<double> plan;
  for (int clients : o.sweep.clients) {
    for (int rep = 1; rep <= o.repeat; ++rep) {
      runs.emplace_back(clients, rep);
      plan.push_back(0.5 + o.warmup_s + o.duration_s);
    }
  }
  Progress progress(std::move(plan), isatty(STDERR_FILENO) == 1, o.quiet);
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto [clients, rep] = runs[i];
    const std::string what =
        fmt::format("{} {} clients on {}, repetition {}", clients, t.mode, t.url, rep);
    progress.start(i, fmt::format("{}; {} s window", what, o.duration_s));
    const std::string finished =
        i == 0 ? fmt::format("nothing was recorded in {}", o.out_dir)
               : fmt::format("the {} of {} runs that finished are in {}/target.csv", i, runs.size(),
                             o.out_dir);
    try {
      const TargetResult r = run_target_repetition(o, clients, rep, o.out_dir + "/raw");
      const TargetCell cell{
          .client = r.client,
          .url = t.url,
          .mode = t.mode,
          .clients = clients,
          .repetition = rep,
          .warmup_s = o.warmup_s,
          .duration_s = o.duration_s,
          .client_start = r.client_start,
          .client_end = r.client_end,
          .target_start = r.target_start,
          .target_end = r.target_end,
          .target_rss_before_clients_kb =
              r.target_before ? std::optional<int64_t>(r.target_before->rss_kb) : std::nullopt};
      results.append(target_row(cell));
      const ResultsTable table{.origin = o.out_dir + "/target.csv",
                               .header = target_columns(),
                               .rows = results.rows(),
                               .schema_version = fmt::format("target-{}", kTargetSchemaVersion)};
      write_file_atomic(
          o.out_dir + "/target.json",
          results_json(table, nlohmann::json::parse(meta), target_column_info).dump(1) + "\n");
    } catch (const RunInterrupted&) {
      progress.close();
      fmt::print(stderr, "pushbench: interrupted; run {} of {} ({}) stopped, not recorded; {}\n",
                 i + 1, runs.size(), what, finished);
      return 130;
    } catch (const std::exception& e) {
      progress.close();
      fmt::print(stderr, "pushbench: run {} of {} ({}) failed: {}{} (logs: {}/raw/); {}\n", i + 1,
                 runs.size(), what, e.what(), disk_note(o.out_dir), o.out_dir, finished);
      return 1;
    }
    progress.finish();
  }
  progress.close();
  fmt::print("{}", target_table(results.rows()));
  if (!o.quiet) {
    fmt::print(stderr, "pushbench: {} rows in {}/target.csv (columns: results/SCHEMA.md)\n",
               results.rows().size(), o.out_dir);
  }
  return 0;
}

}  // namespace pushbench
