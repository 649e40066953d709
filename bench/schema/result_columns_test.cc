// Unit tests of results.csv's column table: results/SCHEMA.md documents exactly its columns, in
// its order, with its units, and the identities and metrics derived from its roles are the ones
// summary.csv, the report and compare have always used.
#include "result_columns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cell_identity.h"
#include "csv_writer.h"
#include "target_columns.h"

namespace pushbench {
namespace {

// The rows of a SCHEMA.md table, as (column, unit): every line "| `name` | unit | ..." from the
// table's header line (results.csv's "| column | unit |", target.csv's "| target.csv column |
// unit |") to the first line that is not a table row.
std::vector<std::pair<std::string, std::string>> schema_md_columns(
    const std::string& header = "| column | unit |") {
  std::ifstream in(PUSHBENCH_SOURCE_DIR "/results/SCHEMA.md");
  EXPECT_TRUE(in) << "cannot read results/SCHEMA.md";
  const std::regex row(R"(^\| `([a-z0-9_]+)` \| ([^|]*) \|)");
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.starts_with(header)) {
      in_table = true;
      continue;
    }
    if (!in_table || line.starts_with("|---")) {
      continue;
    }
    std::smatch m;
    if (!std::regex_search(line, m, row)) {
      break;
    }
    out.emplace_back(m[1], m[2]);
  }
  return out;
}

TEST(ResultColumnsTest, SchemaMdDocumentsEveryColumnInOrderWithItsUnit) {
  const auto documented = schema_md_columns();
  const auto& table = result_column_table();
  ASSERT_EQ(documented.size(), table.size())
      << "results/SCHEMA.md's table and result_columns.cc must list the same columns";
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(documented[i].first, table[i].name) << "column " << i + 1;
    EXPECT_EQ(documented[i].second, table[i].unit) << table[i].name;
  }
}

TEST(ResultColumnsTest, SchemaMdDocumentsEveryTargetColumnInOrderWithItsUnit) {
  const auto documented = schema_md_columns("| target.csv column | unit |");
  const auto& table = target_column_table();
  ASSERT_EQ(documented.size(), table.size())
      << "results/SCHEMA.md's target.csv table and target_columns.cc must list the same columns";
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(documented[i].first, table[i].name) << "column " << i + 1;
    EXPECT_EQ(documented[i].second, table[i].unit) << table[i].name;
  }
}

// Columns are only ever appended: the header of the committed reference and baseline runs
// (results/reference, results/baseline) begins this version's columns.
TEST(ResultColumnsTest, CommittedRunsHeadersArePrefixesOfTheColumns) {
  for (const char* run : {"reference", "baseline"}) {
    std::ifstream in(std::string(PUSHBENCH_SOURCE_DIR "/results/") + run + "/results.csv");
    ASSERT_TRUE(in) << run;
    std::string header;
    std::getline(in, header);
    if (!header.empty() && header.back() == '\r') {
      header.pop_back();
    }
    const auto& names = result_columns();
    const auto committed = csv_parse(header + "\r\n").front();
    ASSERT_LE(committed.size(), names.size()) << run;
    EXPECT_TRUE(std::equal(committed.begin(), committed.end(), names.begin()))
        << run << "/results.csv's columns are not the first of result_columns.cc's";
  }
}

TEST(ResultColumnsTest, SchemaMdNamesTheSchemaVersion) {
  std::ifstream in(PUSHBENCH_SOURCE_DIR "/results/SCHEMA.md");
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "# results.csv — schema version " + std::to_string(kSchemaVersion));
}

TEST(ResultColumnsTest, NamesAreUniqueAndEveryColumnHasAMeaning) {
  const auto& names = result_columns();
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(std::count(names.begin(), names.end(), names[i]), 1) << names[i];
    EXPECT_FALSE(result_column_table()[i].meaning.empty()) << names[i];
    EXPECT_EQ(find_result_column(names[i]), &result_column_table()[i]);
  }
  EXPECT_EQ(find_result_column("no_such_column"), nullptr);
}

// summary.csv's and the report's cells, and the cells compare matches: their order is
// summary.csv's first columns.
TEST(ResultColumnsTest, CellIdentitiesComeFromTheRoles) {
  EXPECT_EQ(cell_columns(), (std::vector<std::string>{"transport",
                                                      "workload",
                                                      "arrival",
                                                      "clients",
                                                      "event_rate_hz",
                                                      "payload_bytes",
                                                      "poll_interval_ms",
                                                      "server_loop",
                                                      "net_profile",
                                                      "net_rtt_ms",
                                                      "net_jitter_ms",
                                                      "net_loss_pct",
                                                      "net_down_mbit",
                                                      "net_up_mbit",
                                                      "tls",
                                                      "tls_resume",
                                                      "h2_clients_per_conn",
                                                      "server_impl",
                                                      "warmup_s",
                                                      "duration_s"}));
  EXPECT_EQ(matched_cell_columns(),
            (std::vector<std::string>{"transport", "workload", "arrival", "clients",
                                      "event_rate_hz", "payload_bytes", "poll_interval_ms",
                                      "server_loop", "net_profile", "net_rtt_ms", "net_jitter_ms",
                                      "net_loss_pct", "net_down_mbit", "net_up_mbit", "tls",
                                      "tls_resume", "h2_clients_per_conn", "server_impl"}));
}

// A websocket row of a broadcast: the values come from the measured cell, and the columns that
// do not apply are empty.
TEST(ResultColumnsTest, RowFromAMeasuredCell) {
  const nlohmann::json client = {{"delivery",
                                  {{"expected", 100},
                                   {"delivered", 100},
                                   {"lost", 0},
                                   {"duplicated", 0},
                                   {"out_of_order", 0},
                                   {"misdelivered", 0}}},
                                 {"latency_ns",
                                  {{"count", 100},
                                   {"p50", 1500},
                                   {"p90", 2000},
                                   {"p99", 3000},
                                   {"p999", 4000},
                                   {"max", 5000},
                                   {"mean", 1600}}},
                                 {"errors", nlohmann::json::object()},
                                 {"requests", 0},
                                 {"empty_responses", 0},
                                 {"late_polls", 0},
                                 {"connections_opened", 0},
                                 {"connections_open_at_end", 2},
                                 {"app_bytes_up", 0},
                                 {"app_bytes_down", 26000},
                                 {"wire_bytes_up", 5200},
                                 {"wire_bytes_down", 31200},
                                 {"segments_up", 100},
                                 {"segments_down", 100},
                                 {"http_header_bytes", 0},
                                 {"ws_established", 2},
                                 {"deflate_negotiated", 0}};
  const nlohmann::json server = {{"publish_lag", {{"p50_us", 12.0}, {"p99_us", 40.0}}},
                                 {"queue_drops", 0},
                                 {"ws_pings", {{"sent_in_window", 0}, {"pongs_in_window", 0}}}};
  MeasuredCell m{.client = client, .server = server};
  m.transport = Transport::kWebSocket;
  m.workload.clients = 2;
  m.workload.seed = 7;
  m.poll_interval_ms = 1000;
  m.warmup_s = 1.5;
  m.duration_s = 4;
  m.loop = "libev";
  m.repetition = 1;
  m.server_end.cpu_s = 0.01;
  const auto row = result_row(m);
  ASSERT_EQ(row.size(), result_columns().size());
  auto cell = [&row](std::string_view name) {
    return row[static_cast<size_t>(find_result_column(name) - result_column_table().data())];
  };
  EXPECT_EQ(cell("schema_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(cell("transport"), "ws");
  EXPECT_EQ(cell("poll_interval_ms"), "");  // not a polling transport
  EXPECT_EQ(cell("warmup_s"), "1.5");
  EXPECT_EQ(cell("latency_p50_us"), "1.5");
  EXPECT_EQ(cell("app_bytes_per_notification"), "260.0");
  EXPECT_EQ(cell("server_cpu_pct"), "0.25");
  EXPECT_EQ(cell("server_cpu_us_per_request"), "");  // no requests
  EXPECT_EQ(cell("deflate_negotiated"), "no");
  EXPECT_EQ(cell("room_size"), "");  // no upstream
  EXPECT_EQ(cell("ws_ping_interval_s"), "0");
  EXPECT_EQ(cell("deflate_offer"), "");  // ws, not ws-deflate
  EXPECT_EQ(cell("veth_bytes_up"), "");  // no --netns
  EXPECT_EQ(cell("flags"), "");
}

}  // namespace
}  // namespace pushbench
