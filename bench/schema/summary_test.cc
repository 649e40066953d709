// The repetition summary: statistics, empty cells, cells and the CSV it writes.
#include "summary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv_writer.h"

namespace pushbench {
namespace {
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kColumns = {"transport",  "repetition", "latency_p50_us",
                                           "late_polls", "flags",      "seed"};

const SummaryRow* find(const std::vector<SummaryRow>& rows, const std::string& transport,
                       const std::string& metric) {
  for (const auto& r : rows) {
    if (r.cell.at(0) == transport && r.metric == metric) {
      return &r;
    }
  }
  return nullptr;
}

TEST(SummaryTest, MedianOfAnOddCountIsTheMiddleValue) {
  const Rows rows = {{"ws", "1", "30", "", "", "1"},
                     {"ws", "2", "10", "", "", "1"},
                     {"ws", "3", "20", "", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  const SummaryRow* r = find(summary, "ws", "latency_p50_us");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->count, 3u);
  EXPECT_DOUBLE_EQ(r->median, 20);
  EXPECT_DOUBLE_EQ(r->min, 10);
  EXPECT_DOUBLE_EQ(r->max, 30);
  ASSERT_TRUE(r->cv_pct.has_value());
  EXPECT_NEAR(*r->cv_pct, 50.0, 1e-9);  // sample stddev 10 / mean 20
}

TEST(SummaryTest, MedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues) {
  const Rows rows = {{"ws", "1", "4", "", "", "1"},
                     {"ws", "2", "1", "", "", "1"},
                     {"ws", "3", "3", "", "", "1"},
                     {"ws", "4", "2", "", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  const SummaryRow* r = find(summary, "ws", "latency_p50_us");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->count, 4u);
  EXPECT_DOUBLE_EQ(r->median, 2.5);
}

// Found by fuzz/results_csv_fuzz: values near DBL_MAX gave a median of inf (the two middle
// values were added first) and a CV of NaN (the sum overflowed).
TEST(SummaryTest, ValuesNearTheLargestDoubleStayFinite) {
  const Rows rows = {{"ws", "1", "1.7e308", "", "", "1"},
                     {"ws", "2", "1.7e308", "", "", "1"},
                     {"ws", "3", "1e308", "", "", "1"},
                     {"ws", "4", "1e308", "", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  const SummaryRow* r = find(summary, "ws", "latency_p50_us");
  ASSERT_NE(r, nullptr);
  EXPECT_DOUBLE_EQ(r->median, 1.35e308);
  ASSERT_TRUE(r->cv_pct.has_value());
  EXPECT_NEAR(*r->cv_pct, 29.94, 0.01);  // sample stddev 0.404e308 / mean 1.35e308
}

TEST(SummaryTest, CoefficientOfVariationOfIdenticalValuesIsZero) {
  const Rows rows = {{"poll", "1", "7.5", "0", "", "1"}, {"poll", "2", "7.5", "0", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  for (const char* metric : {"latency_p50_us", "late_polls"}) {  // also when every value is 0
    const SummaryRow* r = find(summary, "poll", metric);
    ASSERT_NE(r, nullptr) << metric;
    ASSERT_TRUE(r->cv_pct.has_value()) << metric;
    EXPECT_EQ(*r->cv_pct, 0.0) << metric;
  }
}

TEST(SummaryTest, EmptyCellsAreIgnored) {
  const Rows rows = {{"poll", "1", "10", "", "", "1"},
                     {"poll", "2", "", "", "", "1"},
                     {"poll", "3", "20", "", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  const SummaryRow* r = find(summary, "poll", "latency_p50_us");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->count, 2u);
  EXPECT_DOUBLE_EQ(r->median, 15);
  EXPECT_DOUBLE_EQ(r->min, 10);
}

TEST(SummaryTest, AMetricEmptyInEveryRepetitionGivesNoRow) {
  const Rows rows = {{"ws", "1", "10", "", "loss", "1"}, {"ws", "2", "11", "", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  EXPECT_EQ(find(summary, "ws", "late_polls"), nullptr);
  // identity, configuration and text columns are not metrics
  EXPECT_EQ(find(summary, "ws", "repetition"), nullptr);
  EXPECT_EQ(find(summary, "ws", "seed"), nullptr);
  EXPECT_EQ(find(summary, "ws", "flags"), nullptr);
  EXPECT_EQ(find(summary, "ws", "transport"), nullptr);
  EXPECT_EQ(summary.size(), 1u);
}

TEST(SummaryTest, EachCellIsSummarisedSeparatelyInOrderOfFirstAppearance) {
  const Rows rows = {{"ws", "1", "1", "", "", "1"},
                     {"poll", "1", "100", "5", "", "1"},
                     {"ws", "2", "3", "", "", "1"},
                     {"poll", "2", "300", "7", "", "1"}};
  const auto summary = summarize(kColumns, rows);
  ASSERT_EQ(summary.size(), 3u);
  EXPECT_EQ(summary[0].cell.at(0), "ws");
  EXPECT_DOUBLE_EQ(find(summary, "ws", "latency_p50_us")->median, 2);
  EXPECT_DOUBLE_EQ(find(summary, "poll", "latency_p50_us")->median, 200);
  EXPECT_DOUBLE_EQ(find(summary, "poll", "late_polls")->median, 6);
}

TEST(SummaryTest, CsvHasTheDocumentedHeaderAndOneRecordPerRow) {
  const Rows rows = {{"ws", "1", "10", "", "", "1"}, {"ws", "2", "30", "", "", "1"}};
  const auto records = csv_parse(summary_csv(summarize(kColumns, rows)));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], summary_columns());
  const auto& cols = summary_columns();
  auto at = [&](const std::string& name) {
    return records[1].at(
        static_cast<size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin()));
  };
  EXPECT_EQ(at("transport"), "ws");
  EXPECT_EQ(at("workload"), "");  // not in these rows' columns
  EXPECT_EQ(at("metric"), "latency_p50_us");
  EXPECT_EQ(at("count"), "2");
  EXPECT_EQ(at("median"), "20");
  EXPECT_EQ(at("min"), "10");
  EXPECT_EQ(at("max"), "30");
  EXPECT_EQ(at("cv_pct"), "70.71");
}

}  // namespace
}  // namespace pushbench
