// Unit tests of a ramp step's verdict and the ramp's client counts.
#include "ramp_step.h"

#include <gtest/gtest.h>

#include "result_columns.h"

namespace pushbench {
namespace {

// A results.csv row with the given columns set, the rest empty.
std::vector<std::string> row_with(const std::vector<std::pair<const char*, std::string>>& set) {
  const std::vector<std::string>& header = result_columns();
  std::vector<std::string> row(header.size());
  for (const auto& [column, value] : set) {
    const auto it = std::find(header.begin(), header.end(), column);
    EXPECT_NE(it, header.end()) << column;
    row[static_cast<size_t>(it - header.begin())] = value;
  }
  return row;
}

TEST(RampStepTest, ACleanRowUnderTheSloHolds) {
  EXPECT_EQ(step_failure(result_columns(),
                         row_with({{"notifications_lost", "0"},
                                   {"client_errors", "0"},
                                   {"latency_p99_us", "999000.0"},
                                   {"flags", ""}}),
                         1000),
            "");
}

TEST(RampStepTest, SaysEveryReasonAStepDidNotHold) {
  EXPECT_EQ(step_failure(result_columns(),
                         row_with({{"notifications_lost", "3"},
                                   {"client_errors", "2"},
                                   {"latency_p99_us", "1500000.0"},
                                   {"flags", "client_saturated;loss;errors"}}),
                         1000),
            "3 notifications lost; 2 client errors; p99 1500.0 ms > 1000 ms; client_saturated");
  EXPECT_EQ(step_failure(result_columns(), row_with({{"flags", "server_saturated"}}), 1000),
            "server_saturated");
  EXPECT_EQ(step_failure(result_columns(), row_with({{"flags", "foreign_load"}}), 1000)
                .rfind("foreign_load (other processes used the measured cores", 0),
            0U);
}

TEST(RampStepTest, NoLatencyIsNoVerdictOnLatency) {  // the idle workload delivers nothing
  EXPECT_EQ(step_failure(result_columns(), row_with({{"latency_p99_us", ""}}), 1), "");
}

TEST(RampStepTest, GeometricStepsGrowByTheFactorUpToTheMaximum) {
  EXPECT_EQ(geometric_steps(100, 1.5, 1000), (std::vector<int>{100, 150, 225, 338, 507, 761}));
  EXPECT_EQ(geometric_steps(1, 1.1, 4), (std::vector<int>{1, 2, 3, 4}));  // at least +1 a step
  EXPECT_EQ(geometric_steps(10, 2, 10), (std::vector<int>{10}));
}

}  // namespace
}  // namespace pushbench
