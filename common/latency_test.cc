// Unit tests for exact nearest-rank percentiles, summaries and merges of latency samples.
#include "latency.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

// p expressed in tenths of a percent, so the oracle's rank is exact integer arithmetic:
// the smallest k with k / n >= p / 100, i.e. k = ceil(p_tenths * n / 1000).
struct Percent {
  double p;
  int64_t tenths;
};
constexpr Percent kPercents[] = {{50, 500}, {90, 900}, {99, 990}, {99.9, 999}, {100, 1000}};

int64_t oracle(const std::vector<int64_t>& sorted, int64_t p_tenths) {
  const auto n = static_cast<int64_t>(sorted.size());
  int64_t rank = (p_tenths * n + 999) / 1000;
  rank = std::clamp<int64_t>(rank, 1, n);
  return sorted[static_cast<size_t>(rank - 1)];
}

std::vector<int64_t> random_samples(size_t n, uint64_t seed, int64_t lo, int64_t hi) {
  std::mt19937_64 gen(seed);
  std::uniform_int_distribution<int64_t> dist(lo, hi);
  std::vector<int64_t> v(n);
  for (int64_t& x : v) {
    x = dist(gen);
  }
  return v;
}

std::vector<int64_t> sorted_copy(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(LatencyRecorderTest, MatchesSortOracleForRandomVectors) {
  uint64_t seed = 1;
  for (size_t n : {1u, 2u, 10u, 1000u, 100001u}) {
    // Wide values, and a narrow range so that ties are common.
    for (auto [lo, hi] : {std::pair<int64_t, int64_t>{-1000, 1'000'000'000'000},
                          std::pair<int64_t, int64_t>{0, 20}}) {
      const auto sorted = sorted_copy(random_samples(n, seed++, lo, hi));
      for (const Percent& pc : kPercents) {
        EXPECT_EQ(percentile_nearest_rank(sorted, pc.p), oracle(sorted, pc.tenths))
            << "n=" << n << " p=" << pc.p;
      }
    }
  }
}

// Regression: a floating-point rank turned ceil(99.9 / 100 * 1000) into 1000, returning the
// maximum for p99.9 of most multiples of 1000 samples.
TEST(LatencyRecorderTest, ReturnsRank999ForP999WhenSizeIs1000) {
  std::vector<int64_t> sorted(1000);
  for (size_t i = 0; i < sorted.size(); ++i) {
    sorted[i] = static_cast<int64_t>(i) + 1;  // value == rank
  }
  EXPECT_EQ(percentile_nearest_rank(sorted, 99.9), 999);
  for (size_t n : {2000u, 10000u, 100000u}) {
    const auto v = sorted_copy(random_samples(n, n, 0, 1'000'000'000));
    EXPECT_EQ(percentile_nearest_rank(v, 99.9), oracle(v, 999)) << "n=" << n;
  }
}

TEST(LatencyRecorderTest, MatchesIntegerRankForEverySizeUpTo20000) {
  std::vector<int64_t> sorted;  // value == rank, so the result is the rank itself
  for (int64_t n = 1; n <= 20000; ++n) {
    sorted.push_back(n);
    for (const Percent& pc : kPercents) {
      const int64_t rank = (pc.tenths * n + 999) / 1000;
      ASSERT_EQ(percentile_nearest_rank(sorted, pc.p), rank) << "n=" << n << " p=" << pc.p;
    }
  }
}

TEST(LatencyRecorderTest, ReturnsHandComputedRanksForOneToTen) {
  std::vector<int64_t> sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(percentile_nearest_rank(sorted, 50), 5);
  EXPECT_EQ(percentile_nearest_rank(sorted, 51), 6);
  EXPECT_EQ(percentile_nearest_rank(sorted, 90), 9);
  EXPECT_EQ(percentile_nearest_rank(sorted, 99), 10);
  EXPECT_EQ(percentile_nearest_rank(sorted, 100), 10);
  EXPECT_EQ(percentile_nearest_rank(sorted, 0.001), 1);
}

TEST(LatencyRecorderTest, ReturnsOnlySampleForEveryPercentileWhenSizeIsOne) {
  std::vector<int64_t> sorted = {42};
  for (const Percent& pc : kPercents) {
    EXPECT_EQ(percentile_nearest_rank(sorted, pc.p), 42) << "p=" << pc.p;
  }
}

TEST(LatencyRecorderTest, SummarizesCountMinMaxMean) {
  LatencyRecorder rec;
  for (int64_t v : {30, -5, 10, 1000, 10, 7}) {
    rec.record(v);
  }
  LatencySummary s = rec.summarize();
  EXPECT_EQ(s.count, 6u);
  EXPECT_EQ(s.min_ns, -5);
  EXPECT_EQ(s.max_ns, 1000);
  EXPECT_DOUBLE_EQ(s.mean_ns, 1052.0 / 6.0);
  EXPECT_EQ(s.p50_ns, 10);
  EXPECT_EQ(s.p90_ns, 1000);
}

TEST(LatencyRecorderTest, SummarizesRandomSamplesLikeOracle) {
  for (size_t n : {1u, 2u, 10u, 1000u, 1001u, 100000u, 100001u}) {
    LatencyRecorder rec;
    rec.reserve(n);
    const auto samples = random_samples(n, 100 + n, 0, 5'000'000'000);
    int64_t sum = 0;
    for (int64_t v : samples) {
      rec.record(v);
      sum += v;
    }
    const auto sorted = sorted_copy(samples);
    LatencySummary s = rec.summarize();
    EXPECT_EQ(s.count, n);
    EXPECT_EQ(s.min_ns, sorted.front());
    EXPECT_EQ(s.max_ns, sorted.back());
    const double mean = static_cast<double>(sum) / static_cast<double>(n);
    EXPECT_NEAR(s.mean_ns, mean, 1e-9 * mean) << "n=" << n;
    EXPECT_EQ(s.p50_ns, oracle(sorted, 500)) << "n=" << n;
    EXPECT_EQ(s.p90_ns, oracle(sorted, 900)) << "n=" << n;
    EXPECT_EQ(s.p99_ns, oracle(sorted, 990)) << "n=" << n;
    EXPECT_EQ(s.p999_ns, oracle(sorted, 999)) << "n=" << n;
    EXPECT_EQ(rec.samples(), sorted);  // summarize sorts in place
  }
}

TEST(LatencyRecorderTest, SummarizesEmptyRecorderAsZeroes) {
  LatencyRecorder rec;
  LatencySummary s = rec.summarize();
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.min_ns, 0);
  EXPECT_EQ(s.max_ns, 0);
  EXPECT_EQ(s.p50_ns, 0);
  EXPECT_EQ(s.p999_ns, 0);
  EXPECT_EQ(s.mean_ns, 0.0);
}

void expect_same_summary(const LatencySummary& a, const LatencySummary& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.min_ns, b.min_ns);
  EXPECT_EQ(a.max_ns, b.max_ns);
  EXPECT_EQ(a.p50_ns, b.p50_ns);
  EXPECT_EQ(a.p90_ns, b.p90_ns);
  EXPECT_EQ(a.p99_ns, b.p99_ns);
  EXPECT_EQ(a.p999_ns, b.p999_ns);
  EXPECT_DOUBLE_EQ(a.mean_ns, b.mean_ns);
}

TEST(LatencyRecorderTest, MergesToSummaryOfConcatenation) {
  // Two processes with different distributions: a merge keeps every sample.
  const auto fast = random_samples(5003, 11, 10'000, 50'000);
  const auto slow = random_samples(2998, 12, 1'000'000, 90'000'000);
  LatencyRecorder a;
  LatencyRecorder b;
  LatencyRecorder all;
  for (int64_t v : fast) {
    a.record(v);
    all.record(v);
  }
  for (int64_t v : slow) {
    b.record(v);
    all.record(v);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), fast.size() + slow.size());
  EXPECT_EQ(b.count(), slow.size());  // the source is untouched
  LatencySummary merged = a.summarize();
  LatencySummary concatenated = all.summarize();
  expect_same_summary(merged, concatenated);
  EXPECT_EQ(a.samples(), all.samples());

  std::vector<int64_t> both = fast;
  both.insert(both.end(), slow.begin(), slow.end());
  const auto sorted = sorted_copy(both);
  EXPECT_EQ(merged.p50_ns, oracle(sorted, 500));
  EXPECT_EQ(merged.p99_ns, oracle(sorted, 990));
}

TEST(LatencyRecorderTest, MergesWithoutAveragingPercentiles) {
  LatencyRecorder a;
  LatencyRecorder b;
  for (int64_t v : {1, 2, 3}) {
    a.record(v);
  }
  for (int64_t v : {100, 200, 300}) {
    b.record(v);
  }
  a.merge(b);
  LatencySummary s = a.summarize();
  EXPECT_EQ(s.count, 6u);
  EXPECT_EQ(s.p50_ns, 3);  // averaging the two medians would give 101
  EXPECT_EQ(s.max_ns, 300);
  EXPECT_EQ(s.min_ns, 1);
}

TEST(LatencyRecorderTest, KeepsSummaryWhenMergingEmptyRecorder) {
  LatencyRecorder a;
  LatencyRecorder empty;
  for (int64_t v : {5, 1, 9}) {
    a.record(v);
  }
  LatencyRecorder copy = a;
  a.merge(empty);
  expect_same_summary(a.summarize(), copy.summarize());
  empty.merge(copy);
  expect_same_summary(empty.summarize(), copy.summarize());
}

}  // namespace
}  // namespace pushbench
