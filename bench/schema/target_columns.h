// target.csv's columns, declared once: what `pushbench run --target URL` measured of a server
// pushbench did not start (a user's own), one row per repetition of each --clients value. Its
// clients are pushbench-client --url's (common/endpoint.h): messages and their rate, bytes,
// inter-arrival, connections, reconnects, errors, latency only where messages carry a timestamp,
// and the target's CPU and memory only when --target-pid names its process. No delivery
// accounting: that needs pushbench's contract (docs/contract.md). results/SCHEMA.md defines each
// column in full.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "proc_stats.h"
#include "result_columns.h"
#include "results_json.h"

namespace pushbench {

constexpr int kTargetSchemaVersion = 1;

struct TargetCell {
  const nlohmann::json& client;  // pushbench-client --url's result JSON
  std::string url;
  std::string mode;  // sse, poll or ws
  int clients = 0;
  int repetition = 0;
  double warmup_s = 0;
  double duration_s = 0;  // the window
  ProcSample client_start{}, client_end{};
  // --target-pid: the target's process and its descendants at the window's edges, and its
  // memory before the clients started.
  std::optional<ProcSample> target_start{}, target_end{};
  std::optional<int64_t> target_rss_before_clients_kb{};
};

using TargetColumn = ColumnOf<TargetCell>;

// Every column, in target.csv order. Append only; a change of meaning bumps the version.
const std::vector<TargetColumn>& target_column_table();
const std::vector<std::string>& target_columns();  // the header
std::vector<std::string> target_row(const TargetCell& cell);
// For target.json's typed values (results_json.h).
std::optional<ColumnInfo> target_column_info(std::string_view column);

}  // namespace pushbench
