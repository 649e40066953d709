// The gate on Google Benchmark JSON: benchmarks matched by name, real_time medians compared.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compare_input.h"
#include "compare_test_support.h"
#include "config_error.h"
#include "csv_writer.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

struct Bench {
  std::string name;
  std::vector<double> real_time_ns;  // one per repetition
};

// What pushbench_micro writes with --benchmark_repetitions=N: per-repetition entries, then the
// mean/median/stddev aggregates.
std::string benchmark_json(const std::vector<Bench>& benches) {
  std::string entries;
  auto add = [&entries](const std::string& e) { entries += (entries.empty() ? "" : ",\n") + e; };
  for (const Bench& b : benches) {
    for (size_t i = 0; i < b.real_time_ns.size(); ++i) {
      add(fmt::format(R"({{"name":"{0}","run_name":"{0}","run_type":"iteration","repetitions":{1},)"
                      R"("repetition_index":{2},"iterations":1000,"real_time":{3},"cpu_time":{3},)"
                      R"("time_unit":"ns"}})",
                      b.name, b.real_time_ns.size(), i, b.real_time_ns[i]));
    }
    std::vector<double> sorted = b.real_time_ns;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double med = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    add(fmt::format(
        R"({{"name":"{0}_median","run_name":"{0}","run_type":"aggregate",)"
        R"("aggregate_name":"median","real_time":{1},"cpu_time":{1},"time_unit":"us"}})",
        b.name, med / 1000));
  }
  return fmt::format(R"({{"context":{{"date":"now","json_schema_version":1}},"benchmarks":[{}]}})",
                     entries);
}

std::vector<Bench> baseline_benches() {
  return {{"BM_Event_Encode/256", {100, 102, 99, 101, 100, 98, 103, 100, 101, 99}},
          {"BM_Csv_Line", {900, 910, 905, 899, 902, 915, 901, 903, 904, 900}}};
}

class CompareMicroTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    write_file_atomic(dir().file(name), text);
    return dir().file(name);
  }
  const TempDir& dir() const noexcept { return dir_; }

 private:
  TempDir dir_;
};

TEST_F(CompareMicroTest, PassesWhenIdentical) {
  const auto base = write("base.json", benchmark_json(baseline_benches()));
  const auto r = compare(base, base);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("BM_Event_Encode/256"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 matched benchmarks"), std::string::npos) << r.out;
}

TEST_F(CompareMicroTest, FailsWhenOneBenchmarkIsTwiceAsSlow) {
  auto slower = baseline_benches();
  for (double& t : slower[1].real_time_ns) {
    t *= 2;
  }
  const auto r = compare(write("base.json", benchmark_json(baseline_benches())),
                         write("new.json", benchmark_json(slower)));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.regressions().find("BM_Csv_Line"), std::string::npos) << r.out;
  EXPECT_EQ(r.regressions().find("BM_Event_Encode"), std::string::npos) << r.out;
  EXPECT_NE(r.regressions().find("+100"), std::string::npos) << r.out;
}

TEST_F(CompareMicroTest, PassesWithinTheDefaultTolerance) {
  auto slower = baseline_benches();
  for (double& t : slower[0].real_time_ns) {
    t *= 1.2;
  }
  const auto r = compare(write("base.json", benchmark_json(baseline_benches())),
                         write("new.json", benchmark_json(slower)));
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(CompareMicroTest, PerBenchmarkToleranceOverride) {
  auto slower = baseline_benches();
  for (double& t : slower[1].real_time_ns) {
    t *= 2;
  }
  CompareOptions o{.baseline = write("base.json", benchmark_json(baseline_benches())),
                   .candidate = write("new.json", benchmark_json(slower)),
                   .tolerances = {"BM_Csv_Line=150"}};
  const auto r = compare(o);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(CompareMicroTest, UsesTheMedianAggregateWhenOnlyAggregatesWereWritten) {
  const std::string only_median =
      R"({"context":{},"benchmarks":[{"name":"BM_X_median","run_name":"BM_X",)"
      R"("run_type":"aggregate","aggregate_name":"median","real_time":2.0,"time_unit":"ms"}]})";
  const std::string slower =
      R"({"context":{},"benchmarks":[{"name":"BM_X_median","run_name":"BM_X",)"
      R"("run_type":"aggregate","aggregate_name":"median","real_time":5000,"time_unit":"us"}]})";
  const auto r = compare(write("a.json", only_median), write("b.json", slower));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("2000000"), std::string::npos) << "ms converted to ns\n" << r.out;
}

TEST_F(CompareMicroTest, ExitsTwoOnMalformedJson) {
  const auto base = write("base.json", benchmark_json(baseline_benches()));
  auto r = compare(base, write("bad.json", R"({"benchmarks": [ {"name": )"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
  r = compare(base, write("other.json", R"({"results": []})"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no \"benchmarks\" array"), std::string::npos) << r.err;
  r = compare(base,
              write("typo.json", R"({"benchmarks": [{"name": "BM_X", "real_time": "fast"}]})"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("malformed benchmark entry"), std::string::npos) << r.err;
}

// Found by fuzz/micro_json_fuzz: get<int>() of 1e300 was undefined behaviour (UBSan:
// "outside the range of representable values of type 'int'"), not an error.
TEST(MicroJsonTest, RefusesASchemaVersionThatIsNotAnInt) {
  for (const char* version : {"1e300", "-1", "1.5", "\"1\"", "4294967296"}) {
    const std::string text = fmt::format(
        R"({{"context":{{"json_schema_version":{}}},"benchmarks":[{{"name":"BM_X","real_time":1}}]}})",
        version);
    try {
      parse_micro_json(text, "micro.json");
      ADD_FAILURE() << "accepted json_schema_version " << version;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("micro.json: context.json_schema_version"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_EQ(
      parse_micro_json(
          R"({"context":{"json_schema_version":1},"benchmarks":[{"name":"BM_X","real_time":1}]})",
          "micro.json")
          .json_schema_version,
      1);
}

TEST_F(CompareMicroTest, ExitsTwoWhenNoBenchmarkIsCommonOrScopeExcludesThem) {
  const auto base = write("base.json", benchmark_json(baseline_benches()));
  auto r = compare(base, write("other.json", benchmark_json({{"BM_Other", {1, 2, 3}}})));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no common benchmarks"), std::string::npos) << r.err;
  r = compare({.baseline = base, .candidate = base, .only = "machine-independent"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace pushbench::test
