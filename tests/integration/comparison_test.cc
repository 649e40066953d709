// One real `pushbench run` of poll, poll-close and ws on loopback (50 clients, 20 events/s,
// 200 ms poll interval), then the invariants its results.csv and meta.json must satisfy: the
// schema, delivery accounting, zero errors, and what the theory says about each transport.
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "csv_writer.h"
#include "result_columns.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 50;
constexpr double kPollIntervalMs = 200;
constexpr int kSeed = 7;

const std::vector<std::string> kTransports = {"poll", "poll-close", "ws"};

using Row = std::map<std::string, std::string>;

class ComparisonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const std::string out = dir_->file("run");
    // clang-format off
    result_ = std::make_unique<ProcessResult>(
        run_process({PUSHBENCH_CLI_BIN, "run", "--no-plots",
                     "--transports",    "poll,poll-close,ws",
                     "--clients",       std::to_string(kClients),
                     "--rate",          "20",
                     "--payload",       "256",
                     "--poll-interval", fmt_number(kPollIntervalMs),
                     "--warmup",        "1.5",
                     "--duration",      "4",
                     "--drain",         "1",
                     "--seed",          std::to_string(kSeed),
                     "--out",           out},
                    dir_->path(), dir_->path(), std::chrono::seconds(100)));
    // clang-format on
    records_ = csv_parse(read_file(out + "/results.csv"));
    meta_text_ = read_file(out + "/meta.json");
  }

  static void TearDownTestSuite() {
    result_.reset();
    dir_.reset();
  }

  static std::string fmt_number(double v) { return std::to_string(static_cast<int>(v)); }

  static const std::vector<std::string>& header() {
    static const std::vector<std::string> kEmpty;
    return records_.empty() ? kEmpty : records_.front();
  }

  // The row of `transport` as column -> cell; fails the calling test when it is absent.
  static Row row_of(const std::string& transport) {
    for (size_t i = 1; i < records_.size(); ++i) {
      Row row;
      for (size_t c = 0; c < records_[i].size() && c < header().size(); ++c) {
        row[header()[c]] = records_[i][c];
      }
      if (row["transport"] == transport) {
        return row;
      }
    }
    ADD_FAILURE() << "results.csv has no row for transport " << transport << " ("
                  << result_->describe() << ")";
    return {};
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<ProcessResult> result_;
  static std::vector<std::vector<std::string>> records_;
  static std::string meta_text_;
};

std::unique_ptr<TempDir> ComparisonTest::dir_;
std::unique_ptr<ProcessResult> ComparisonTest::result_;
std::vector<std::vector<std::string>> ComparisonTest::records_;
std::string ComparisonTest::meta_text_;

TEST_F(ComparisonTest, ExitsZeroWhenRunCompletes) {
  EXPECT_FALSE(result_->timed_out) << "pushbench run hung: " << result_->describe();
  EXPECT_EQ(result_->exit_code, 0) << "pushbench run failed: " << result_->describe();
}

TEST_F(ComparisonTest, WritesDocumentedHeaderWhenRunCompletes) {
  // The declared columns (bench/schema/result_columns.h), which result_columns_test holds to
  // results/SCHEMA.md and to the reference run's header (columns are only ever appended).
  EXPECT_EQ(header(), result_columns())
      << "results.csv header differs from the declared column list";
}

// Every header column must have its own entry in SCHEMA.md's table: a row whose first cell
// names it (`| `name` |`, or among several names in that cell, e.g. `| `a`, `b` |`).
TEST_F(ComparisonTest, DocumentsEveryColumnWhenSchemaIsRead) {
  const std::string path = std::string(PUSHBENCH_SOURCE_DIR) + "/results/SCHEMA.md";
  const std::string schema = read_file(path);
  ASSERT_FALSE(schema.empty()) << path << " is missing or empty";
  std::set<std::string> documented;
  for (const std::string& line : split_lines(schema)) {
    if (line.rfind("| ", 0) != 0) {
      continue;
    }
    const std::string first_cell = line.substr(1, line.find('|', 1) - 1);
    for (size_t open = first_cell.find('`'); open != std::string::npos;) {
      const size_t close = first_cell.find('`', open + 1);
      if (close == std::string::npos) {
        break;
      }
      documented.insert(first_cell.substr(open + 1, close - open - 1));
      open = first_cell.find('`', close + 1);
    }
  }
  ASSERT_FALSE(header().empty()) << "no results.csv header: " << result_->describe();
  for (const std::string& column : header()) {
    EXPECT_TRUE(documented.count(column) == 1)
        << "column " << column << " is not documented in " << path << " (expected a table row "
        << "| `" << column << "` | ... naming it explicitly)";
  }
}

TEST_F(ComparisonTest, WritesOneRowPerTransportWhenThreeAreRun) {
  ASSERT_EQ(records_.size(), 4U) << "expected a header and 3 rows: " << result_->describe();
  std::multiset<std::string> seen;
  for (size_t i = 1; i < records_.size(); ++i) {
    EXPECT_EQ(records_[i].size(), header().size()) << "row " << i << " has the wrong field count";
    seen.insert(records_[i].empty() ? "" : records_[i][1]);
  }
  EXPECT_EQ(seen, std::multiset<std::string>(kTransports.begin(), kTransports.end()))
      << "expected exactly one row each for poll, poll-close and ws";
}

TEST_F(ComparisonTest, AccountsForEveryNotificationWhenCountingDelivery) {
  for (const std::string& t : kTransports) {
    const Row r = row_of(t);
    const double expected = number(r, "notifications_expected");
    EXPECT_GT(expected, 0) << t << ": notifications_expected must be > 0";
    EXPECT_EQ(number(r, "notifications_delivered") + number(r, "notifications_lost"), expected)
        << t << ": notifications_delivered + notifications_lost != notifications_expected";
  }
}

TEST_F(ComparisonTest, ReportsNoLossOrErrorWhenRunOnLoopback) {
  for (const std::string& t : kTransports) {
    const Row r = row_of(t);
    for (const char* column :
         {"notifications_lost", "notifications_duplicated", "notifications_out_of_order",
          "notifications_misdelivered", "client_errors", "server_queue_drops"}) {
      EXPECT_EQ(number(r, column), 0) << t << ": " << column << " must be 0 on loopback";
    }
  }
}

TEST_F(ComparisonTest, MeasuresPollLatencyNearHalfIntervalWhenPolling) {
  for (const char* t : {"poll", "poll-close"}) {
    const double p50_ms = number(row_of(t), "latency_p50_us") / 1e3;
    // An event waits on average half an interval for the next poll.
    EXPECT_GE(p50_ms, 0.25 * kPollIntervalMs) << t << ": p50 latency far below interval/2";
    EXPECT_LE(p50_ms, 0.75 * kPollIntervalMs) << t << ": p50 latency far above interval/2";
  }
}

TEST_F(ComparisonTest, MeasuresWsLatencyFarBelowPollIntervalWhenPushing) {
  EXPECT_LT(number(row_of("ws"), "latency_p50_us") / 1e3, 0.1 * kPollIntervalMs)
      << "ws p50 latency should be a small fraction of the poll interval (push needs no wait)";
}

TEST_F(ComparisonTest, OpensOneConnectionPerRequestWhenPollClose) {
  const Row r = row_of("poll-close");
  const double opened = number(r, "connections_opened");
  const double requests = number(r, "requests_total");
  EXPECT_GT(opened, 0) << "poll-close opened no connections inside the window";
  EXPECT_GE(opened, 0.8 * requests) << "poll-close: connections_opened not within 20% of requests";
  EXPECT_LE(opened, 1.2 * requests) << "poll-close: connections_opened not within 20% of requests";
}

TEST_F(ComparisonTest, KeepsOneConnectionPerClientWhenPollKeepAlive) {
  const Row r = row_of("poll");
  EXPECT_EQ(number(r, "connections_opened"), 0)
      << "poll must reuse its keep-alive connections: none should open inside the window";
  EXPECT_EQ(number(r, "connections_open"), kClients)
      << "poll must hold exactly one keep-alive connection per client";
}

TEST_F(ComparisonTest, KeepsOneConnectionPerClientWhenWs) {
  const Row r = row_of("ws");
  EXPECT_EQ(number(r, "connections_open"), kClients) << "ws must hold one socket per client";
  EXPECT_EQ(number(r, "requests_total"), 0) << "ws must make no HTTP request inside the window";
}

TEST_F(ComparisonTest, SpendsMoreBytesPerNotificationWhenPolling) {
  const double ws = number(row_of("ws"), "app_bytes_per_notification");
  for (const char* t : {"poll", "poll-close"}) {
    EXPECT_GT(number(row_of(t), "app_bytes_per_notification"), ws)
        << t << " should carry more app bytes per notification than ws (HTTP headers per poll)";
  }
}

TEST_F(ComparisonTest, LeavesPollIntervalEmptyWhenTransportIsWs) {
  EXPECT_EQ(row_of("ws")["poll_interval_ms"], "") << "poll_interval_ms is not applicable to ws";
  for (const char* t : {"poll", "poll-close"}) {
    EXPECT_EQ(number(row_of(t), "poll_interval_ms"), kPollIntervalMs) << t;
  }
}

TEST_F(ComparisonTest, DescribesHostAndScenarioWhenMetaIsWritten) {
  const nlohmann::json meta = nlohmann::json::parse(meta_text_, nullptr, false);
  ASSERT_FALSE(meta.is_discarded()) << "meta.json does not parse: [" << meta_text_ << "]";
  for (const char* key : {"git_commit", "kernel", "cpu_model", "command_line"}) {
    ASSERT_TRUE(meta.contains(key) && meta[key].is_string()) << "meta.json lacks " << key;
    EXPECT_FALSE(meta[key].get<std::string>().empty()) << "meta.json " << key << " is empty";
  }
  ASSERT_TRUE(meta.contains("libraries") && meta["libraries"].contains("libwebsockets"))
      << "meta.json lacks libraries.libwebsockets";
  EXPECT_FALSE(meta["libraries"]["libwebsockets"].get<std::string>().empty());
  ASSERT_TRUE(meta.contains("scenario") && meta["scenario"].contains("seed"))
      << "meta.json lacks scenario.seed";
  EXPECT_EQ(meta["scenario"]["seed"], kSeed) << "meta.json scenario.seed";
  EXPECT_NE(meta["command_line"].get<std::string>().find("--seed 7"), std::string::npos)
      << "meta.json command_line should be the command that was run";
}

}  // namespace
}  // namespace pushbench::test
