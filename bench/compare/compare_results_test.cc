// The gate on results.csv files: what passes, what fails with exit 1 and a table naming the
// metric, and what is bad input (exit 2, one line).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "compare_test_support.h"
#include "csv_writer.h"
#include "result_columns.h"
#include "results_fixture.h"
#include "results_table.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

// The report has a row for `cell` and `metric` (first two columns).
bool has_row(const std::string& report, const std::string& cell, const std::string& metric) {
  for (const std::string& line : split_lines(report)) {
    if (line.rfind(cell + " ", 0) == 0 &&
        line.find_first_not_of(' ', cell.size()) == line.find(metric)) {
      return true;
    }
  }
  return false;
}

class CompareResultsTest : public ::testing::Test {
 protected:
  std::string base() const { return dir().file("base"); }
  std::string cand() const { return dir().file("new"); }
  const TempDir& dir() const noexcept { return dir_; }

 private:
  TempDir dir_;
};

TEST_F(CompareResultsTest, PassesWhenInputsAreIdentical) {
  ResultsFixture().write(base());
  ResultsFixture().write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("compare: ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.regressions(), "");
}

TEST_F(CompareResultsTest, AcceptsCsvFilesAsWellAsDirectories) {
  ResultsFixture().write(base());
  ResultsFixture().write(cand());
  EXPECT_EQ(compare(base() + "/results.csv", cand()).exit_code, 0);
}

TEST_F(CompareResultsTest, FailsNamingTheMetricWhenBytesPerNotificationGrowFivePercent) {
  ResultsFixture().write(base());
  ResultsFixture().scale("poll", "app_bytes_per_notification", 1.05).write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string table = r.regressions();
  EXPECT_NE(table.find("app_bytes_per_notification"), std::string::npos) << r.out;
  EXPECT_NE(table.find("poll "), std::string::npos) << r.out;
  EXPECT_NE(table.find("+5.00 %"), std::string::npos) << r.out;
  EXPECT_EQ(table.find("ws "), std::string::npos) << "only the doctored cell fails\n" << r.out;
}

TEST_F(CompareResultsTest, FailsWhenAMachineIndependentMetricImprovesBeyondTolerance) {
  ResultsFixture().write(base());
  ResultsFixture().scale("poll", "requests_total", 0.9).write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("CHANGED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("refresh the baseline"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, PassesWhenMachineIndependentChangeIsWithinTolerance) {
  ResultsFixture().write(base());
  ResultsFixture().scale("poll", "app_bytes_per_notification", 1.005).write(cand());
  EXPECT_EQ(compare(base(), cand()).exit_code, 0);
}

TEST_F(CompareResultsTest, FailsOnAnyLossEvenOfOneNotification) {
  ResultsFixture().write(base());
  ResultsFixture()
      .set("ws", "notifications_delivered", "3999")
      .set("ws", "notifications_lost", "1")
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("notifications_lost"), std::string::npos) << r.out;
  EXPECT_NE(r.regressions().find("must be 0"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, FailsOnDuplicatesAndMisdeliveriesInNew) {
  ResultsFixture().write(base());
  ResultsFixture()
      .set("poll", "notifications_duplicated", "2")
      .set("poll-close", "notifications_misdelivered", "1")
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("notifications_duplicated"), std::string::npos) << r.out;
  EXPECT_NE(r.regressions().find("notifications_misdelivered"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, PassesWhenSpeedChangeIsInsideTheNoiseBand) {
  ResultsFixture().write(base());
  ResultsFixture()
      .scale("", "server_cpu_us_per_notification", 1.15)
      .scale("", "server_cpu_us_per_request", 1.15)
      .scale("poll", "latency_p50_us", 1.3)
      .write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(CompareResultsTest, FailsWhenServerCpuGrowsBeyondItsTolerance) {
  ResultsFixture().write(base());
  ResultsFixture().scale("ws", "server_cpu_us_per_notification", 1.6).write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("server_cpu_us_per_notification"), std::string::npos) << r.out;
  // ws got slower and poll did not: the within-run ratio catches it too.
  EXPECT_NE(r.regressions().find("ws / poll"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, PassesFasterSpeedAsImproved) {
  ResultsFixture().write(base());
  ResultsFixture().scale("", "server_cpu_us_per_notification", 0.5).write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("improved"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, WithinRunRatioSurvivesAUniformlySlowerMachine) {
  ResultsFixture().write(base());
  ResultsFixture()
      .scale("", "server_cpu_us_per_notification", 2)
      .scale("", "server_cpu_us_per_request", 2)
      .write(cand());
  CompareOptions o{.baseline = base(), .candidate = cand(), .only = "speed"};
  const auto r = compare(o);
  EXPECT_EQ(r.exit_code, 1) << "absolute CPU doubled\n" << r.out;
  const std::string table = r.regressions();
  EXPECT_EQ(table.find("ratio:"), std::string::npos) << "ratios are unchanged\n" << r.out;
  EXPECT_NE(r.out.find("ratio:server_cpu_us_per_notification"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, OnlyMachineIndependentIgnoresSpeed) {
  ResultsFixture().write(base());
  ResultsFixture().scale("", "server_cpu_us_per_notification", 3).write(cand());
  CompareOptions o{.baseline = base(), .candidate = cand(), .only = "machine-independent"};
  const auto r = compare(o);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("server_cpu"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("latency"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, ToleranceOverrideWidensOneMetric) {
  ResultsFixture().write(base());
  ResultsFixture().scale("poll", "app_bytes_per_notification", 1.05).write(cand());
  CompareOptions o{
      .baseline = base(), .candidate = cand(), .tolerances = {"app_bytes_per_notification=10"}};
  const auto r = compare(o);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(CompareResultsTest, EmptyCellIsNotApplicableNeverZero) {
  // ws has no poll requests: server_cpu_us_per_request is empty on both sides, so not compared.
  ResultsFixture().write(base());
  ResultsFixture().write(cand());
  const auto same = compare(base(), cand());
  EXPECT_FALSE(has_row(same.out, "ws", "server_cpu_us_per_request")) << same.out;
  EXPECT_TRUE(has_row(same.out, "poll-close", "server_cpu_us_per_request")) << same.out;
  // A value where the baseline had none is a change, not "0 -> 0".
  ResultsFixture().set("ws", "server_cpu_us_per_request", "0").write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has_row(r.out, "ws", "server_cpu_us_per_request")) << r.out;
  EXPECT_NE(r.regressions().find("not applicable in BASELINE"), std::string::npos) << r.out;
}

TEST_F(CompareResultsTest, MatchesCellsRegardlessOfRowOrderSeedAndExtraCells) {
  ResultsFixture().drop_transport("poll-close").write(base());
  ResultsFixture().set("", "seed", "8").write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("only in NEW, not compared: poll-close"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seed differs"), std::string::npos) << r.out;
}

// Flagged rows are compared like the others, but the output says which they are.
TEST_F(CompareResultsTest, WarnsAboutFlaggedRows) {
  ResultsFixture().write(base());
  ResultsFixture().set("ws", "flags", "foreign_load").write(cand());
  const auto r = compare(base(), cand());
  EXPECT_NE(r.out.find("rows carry trust flags"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(ws, repetition 1): foreign_load"), std::string::npos) << r.out;
  ResultsFixture().write(cand());
  EXPECT_EQ(compare(base(), cand()).out.find("trust flags"), std::string::npos);
}

TEST_F(CompareResultsTest, IgnoresColumnsPresentInOneFileOnly) {
  ResultsFixture().write(base());
  ResultsFixture().set("", "wire_bytes_per_notification", "400").write(cand());
  EXPECT_EQ(compare(base(), cand()).exit_code, 0);
}

TEST_F(CompareResultsTest, ExitsTwoOnSchemaVersionMismatch) {
  ResultsFixture().write(base());
  ResultsFixture().set("", "schema_version", "2").write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("schema_version differs"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), std::string::npos) << "one line: " << r.err;
}

// Columns are append-only: an older schema whose columns are a prefix of the newer one's is
// compared on the common columns, with a note for stderr; either side may be the older.
TEST_F(CompareResultsTest, ComparesAnOlderSchemaOnTheCommonColumns) {
  ResultsFixture().write(base());
  ResultsFixture().set("", "schema_version", "2").set("", "new_column_us", "5").write(cand());
  auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("BASELINE has schema_version 1, NEW 2: comparing the"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find('\n'), std::string::npos) << "one line: " << r.err;
  r = compare(cand(), base());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("(the NEW file's columns are a prefix"), std::string::npos) << r.err;
  // A regression in a common column still fails.
  ResultsFixture()
      .set("", "schema_version", "2")
      .set("", "new_column_us", "5")
      .scale("poll", "app_bytes_per_notification", 1.5)
      .write(cand());
  EXPECT_EQ(compare(base(), cand()).exit_code, 1);
}

TEST_F(CompareResultsTest, FormatJsonHoldsEveryCheckAndTheVerdict) {
  ResultsFixture().write(base());
  ResultsFixture().scale("poll-close", "app_bytes_per_notification", 1.05).write(cand());
  const auto r = compare(CompareOptions{
      .baseline = base(), .candidate = cand(), .only = "machine-independent", .format = "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("verdict"), "failed");
  EXPECT_EQ(j.at("failures"), 1);
  size_t failing = 0;
  for (const nlohmann::json& check : j.at("checks")) {
    if (check.at("fails").get<bool>()) {
      ++failing;
      EXPECT_EQ(check.at("cell"), "poll-close");
      EXPECT_EQ(check.at("metric"), "app_bytes_per_notification");
      EXPECT_EQ(check.at("verdict"), "REGRESSED");
      EXPECT_NEAR(check.at("change_pct").get<double>(), 5, 0.01);
      EXPECT_TRUE(check.at("baseline").is_number());
    }
  }
  EXPECT_EQ(failing, 1u);
  EXPECT_GT(j.at("checks").size(), 1u);
}

// Every committed results directory (results/*/ and one level below), whatever schema version
// it was written at, parses, has columns that are a prefix of this build's (append-only),
// compares against itself (exit 0 or 1) and against results/baseline: exit 0 or 1, or "no common
// cells" when its scenario is not the baseline's (none of them shares the baseline's 50-client
// cells) — never a schema refusal. And the baseline cut down to the columns of each file older than
// it, under that file's version, compares against the baseline on the common columns with the
// note (compare_results_test's append-only tests check that path whatever is committed).
TEST(CommittedResultsTest, EveryCommittedRunParsesAndComparesAgainstTheBaseline) {
  namespace fs = std::filesystem;
  const fs::path results = fs::path(PUSHBENCH_SOURCE_DIR) / "results";
  const std::string baseline = (results / "baseline").string();
  const ResultsTable base = read_results_dir(baseline);
  std::vector<fs::path> dirs;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(results)) {
    // results/runs/ is `pushbench run`'s default --out: local runs, not committed.
    const fs::path rel = fs::relative(e.path(), results);
    if (e.path().filename() == "results.csv" && *rel.begin() != "runs") {
      dirs.push_back(e.path().parent_path());
    }
  }
  ASSERT_GE(dirs.size(), 3u);
  TempDir tmp;
  for (const fs::path& d : dirs) {
    const ResultsTable t = read_results_dir(d.string());
    const std::vector<std::string>& now = result_columns();
    ASSERT_TRUE(t.header.size() <= now.size() &&
                std::equal(t.header.begin(), t.header.end(), now.begin()))
        << d << ": schema " << t.schema_version << " is not a prefix of this build's columns";
    const auto self = compare(d.string(), d.string());
    EXPECT_NE(self.exit_code, 2) << d << ": " << self.err;
    const auto r = compare(baseline, d.string());
    if (r.exit_code == 2) {
      EXPECT_NE(r.err.find("no common cells"), std::string::npos) << d << ": " << r.err;
    }
    if (t.header.size() >= base.header.size()) {
      continue;
    }
    std::string cut = csv_line(t.header);
    for (const std::vector<std::string>& row : base.rows) {
      std::vector<std::string> fields(row.begin(), row.begin() + t.header.size());
      fields[0] = t.schema_version;
      cut += csv_line(fields);
    }
    fs::create_directories(tmp.file("cut"));
    write_file_atomic(tmp.file("cut") + "/results.csv", cut);
    const auto c = compare(baseline, tmp.file("cut"));
    EXPECT_NE(c.exit_code, 2) << d << ": " << c.err;
    EXPECT_NE(c.err.find(fmt::format("NEW {}: comparing the {} columns they share",
                                     t.schema_version, t.header.size())),
              std::string::npos)
        << d << ": " << c.err;
  }
}

TEST_F(CompareResultsTest, ExitsTwoOnMissingFile) {
  ResultsFixture().write(base());
  const auto r = compare(base(), dir().file("nowhere"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nowhere: no such file or directory"), std::string::npos) << r.err;
}

TEST_F(CompareResultsTest, ExitsTwoOnDirectoryWithoutResults) {
  ResultsFixture().write(base());
  const auto r = compare(base(), dir().path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("without results.csv"), std::string::npos) << r.err;
}

TEST_F(CompareResultsTest, ExitsTwoWhenNoCellIsCommon) {
  ResultsFixture().write(base());
  ResultsFixture().set("", "clients", "100").write(cand());
  const auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no common cells"), std::string::npos) << r.err;
}

TEST_F(CompareResultsTest, ExitsTwoOnMalformedCsv) {
  ResultsFixture().write(base());
  std::filesystem::create_directories(cand());
  write_file_atomic(cand() + "/results.csv", ResultsFixture().csv() + "1,poll,broadcast\r\n");
  auto r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("row 5 has 3 fields"), std::string::npos) << r.err;

  ResultsFixture().set("poll", "requests_total", "lots").write(cand());
  r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("requests_total is 'lots', not a number"), std::string::npos) << r.err;

  write_file_atomic(cand() + "/results.csv", "");
  EXPECT_EQ(compare(base(), cand()).exit_code, 2);
  write_file_atomic(cand() + "/results.csv", "a,b\r\n1,2\r\n");
  r = compare(base(), cand());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no schema_version column"), std::string::npos) << r.err;
}

TEST_F(CompareResultsTest, ExitsTwoWhenComparingCsvWithBenchmarkJson) {
  ResultsFixture().write(base());
  write_file_atomic(dir().file("micro.json"), R"({"context":{},"benchmarks":[]})");
  const auto r = compare(base(), dir().file("micro.json"));
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CompareResultsTest, ExitsTwoOnUnknownToleranceMetricOrScope) {
  ResultsFixture().write(base());
  ResultsFixture().write(cand());
  auto r = compare({.baseline = base(), .candidate = cand(), .tolerances = {"speed_of_light=5"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown metric 'speed_of_light'"), std::string::npos) << r.err;
  r = compare({.baseline = base(), .candidate = cand(), .tolerances = {"notifications_lost=5"}});
  EXPECT_EQ(r.exit_code, 2) << "loss allows no tolerance";
  r = compare({.baseline = base(), .candidate = cand(), .only = "fast"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CompareResultsTest, CommittedBaselineComparesEqualToItself) {
  const std::string baseline = std::string(PUSHBENCH_SOURCE_DIR) + "/results/baseline";
  const auto r = compare(baseline, baseline);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace pushbench::test
