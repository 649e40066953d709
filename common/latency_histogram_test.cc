// Unit tests for the log-linear latency histogram against the exact store (latency.h): every
// percentile within the stated relative error on random, bimodal and heavy-tailed samples, merges
// equal to the histogram of the union, edge values, and the JSON and CSV round trips.
#include "latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

constexpr double kPercents[] = {0.001, 1,    10,    25,     50,      75, 90,
                                99,    99.9, 99.99, 99.999, 99.9999, 100};

LatencyHistogram histogram_of(const std::vector<int64_t>& v) {
  LatencyHistogram h;
  for (const int64_t x : v) {
    h.record(x);
  }
  return h;
}

// Every percentile of the histogram is >= the exact one and above it by less than the bound;
// count, min, max and mean are exact.
void expect_within_bound(const std::vector<int64_t>& samples, const char* what) {
  const LatencyHistogram h = histogram_of(samples);
  std::vector<int64_t> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(h.count(), sorted.size()) << what;
  EXPECT_EQ(h.min(), sorted.front()) << what;
  EXPECT_EQ(h.max(), sorted.back()) << what;
  long double sum = 0;
  for (const int64_t x : sorted) {
    sum += x;
  }
  const auto mean = static_cast<double>(sum / static_cast<long double>(sorted.size()));
  EXPECT_NEAR(h.mean(), mean, 1e-12 * std::abs(mean) + 1e-9) << what;
  for (const double p : kPercents) {
    const int64_t exact = percentile_nearest_rank(sorted, p);
    const int64_t got = h.percentile(p);
    if (exact < 2048) {
      ASSERT_EQ(got, exact) << what << " p=" << p;  // 1 ns buckets: exact
      continue;
    }
    ASSERT_GE(got, exact) << what << " p=" << p;
    const double err = static_cast<double>(got - exact) / static_cast<double>(exact);
    ASSERT_LT(err, LatencyHistogram::kRelativeError) << what << " p=" << p << " exact=" << exact;
  }
  EXPECT_LE(LatencyHistogram::kRelativeError, 0.001);  // the bound: 3 digits
}

TEST(LatencyHistogramTest, PercentilesWithinBoundOnUniformSamples) {
  std::mt19937_64 gen(1);
  for (auto [lo, hi] : {std::pair<int64_t, int64_t>{1, 2'000},
                        {1, 100'000},
                        {10'000, 5'000'000'000},
                        {1, 4'000'000'000'000}}) {
    std::uniform_int_distribution<int64_t> dist(lo, hi);
    for (size_t n : {1u, 2u, 999u, 100'001u}) {
      std::vector<int64_t> v(n);
      for (int64_t& x : v) {
        x = dist(gen);
      }
      expect_within_bound(v, "uniform");
    }
  }
}

TEST(LatencyHistogramTest, PercentilesWithinBoundOnBimodalSamples) {
  // Fast in-memory delivery and a slow mode a poll interval later, 80/20.
  std::mt19937_64 gen(2);
  std::normal_distribution<double> fast(80'000, 8'000);
  std::normal_distribution<double> slow(500'000'000, 50'000'000);
  std::bernoulli_distribution which(0.2);
  std::vector<int64_t> v(200'000);
  for (int64_t& x : v) {
    x = std::max<int64_t>(1, std::llround(which(gen) ? slow(gen) : fast(gen)));
  }
  expect_within_bound(v, "bimodal");
}

TEST(LatencyHistogramTest, PercentilesWithinBoundOnHeavyTailedSamples) {
  std::mt19937_64 gen(3);
  std::lognormal_distribution<double> lognormal(std::log(200'000.0), 1.5);
  std::vector<int64_t> v(200'000);
  for (int64_t& x : v) {
    x = std::llround(lognormal(gen));
  }
  expect_within_bound(v, "lognormal");
  // Pareto (alpha 1.1): a tail reaching hours.
  std::uniform_real_distribution<double> u(0, 1);
  for (int64_t& x : v) {
    x = std::llround(std::min(50'000.0 * std::pow(1 - u(gen), -1 / 1.1), 1e13));
  }
  expect_within_bound(v, "pareto");
}

TEST(LatencyHistogramTest, KeepsEdgeValues) {
  const int64_t hour = int64_t{3600} * 1'000'000'000;
  const std::vector<int64_t> edges = {0, 1, 2047, 2048, 2049, 4095, 4096, hour, 10 * hour};
  expect_within_bound(edges, "edges");
  const LatencyHistogram h = histogram_of(edges);
  EXPECT_EQ(h.percentile(0.001), 0);
  EXPECT_EQ(h.percentile(100), 10 * hour);
  const LatencyHistogram one = histogram_of({1});
  for (const double p : kPercents) {
    EXPECT_EQ(one.percentile(p), 1);
  }
  const LatencyHistogram big = histogram_of({std::numeric_limits<int64_t>::max()});
  EXPECT_EQ(big.percentile(50), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(LatencyHistogram().percentile(50), 0);
  EXPECT_EQ(LatencyHistogram().mean(), 0.0);
}

TEST(LatencyHistogramTest, CountsNegativeValuesInBucketZeroWithExactMin) {
  const LatencyHistogram h = histogram_of({-5, 10, 20});
  EXPECT_EQ(h.min(), -5);
  EXPECT_EQ(h.percentile(1), 0);  // bucket 0's highest value: at or above the exact -5
  EXPECT_EQ(h.percentile(100), 20);
  EXPECT_DOUBLE_EQ(h.mean(), 25.0 / 3);
}

TEST(LatencyHistogramTest, BucketsAreContiguousAndWithinTheBound) {
  int64_t previous_upper = 0;
  for (size_t b = 0; b < LatencyHistogram::kBucketCount; ++b) {
    const int64_t lower = LatencyHistogram::lower_bound(b);
    const int64_t upper = LatencyHistogram::upper_bound(b);
    ASSERT_EQ(lower, previous_upper) << b;
    ASSERT_LT(lower, upper) << b;
    ASSERT_EQ(LatencyHistogram::bucket_of(lower), b);
    ASSERT_EQ(LatencyHistogram::bucket_of(upper - 1), b);
    if (lower >= 2048) {
      // Width / lower <= 1/1024: any value of the bucket is within the bound of any other.
      ASSERT_LE(static_cast<double>(upper - lower) / static_cast<double>(lower),
                LatencyHistogram::kRelativeError)
          << b;
    } else {
      ASSERT_EQ(upper - lower, 1) << b;
    }
    previous_upper = upper;
  }
  EXPECT_EQ(previous_upper, std::numeric_limits<int64_t>::max());
}

TEST(LatencyHistogramTest, MergeEqualsHistogramOfTheUnion) {
  std::mt19937_64 gen(4);
  std::uniform_int_distribution<int64_t> fast(10'000, 50'000);
  std::uniform_int_distribution<int64_t> slow(1'000'000, 90'000'000'000);
  std::vector<int64_t> a(5003);
  std::vector<int64_t> b(2998);
  for (int64_t& x : a) {
    x = fast(gen);
  }
  for (int64_t& x : b) {
    x = slow(gen);
  }
  std::vector<int64_t> both = a;
  both.insert(both.end(), b.begin(), b.end());
  LatencyHistogram merged = histogram_of(a);
  merged.merge(histogram_of(b));
  EXPECT_EQ(merged, histogram_of(both));
  LatencyHistogram reversed = histogram_of(b);
  reversed.merge(histogram_of(a));
  EXPECT_EQ(reversed, merged);
  expect_within_bound(both, "merged");
  // Merging into and from an empty histogram.
  LatencyHistogram empty;
  LatencyHistogram copy = merged;
  copy.merge(empty);
  EXPECT_EQ(copy, merged);
  empty.merge(merged);
  EXPECT_EQ(empty, merged);
  // Medians are never averaged: {1,2,3} + {100,200,300} has p50 3.
  LatencyHistogram low = histogram_of({1, 2, 3});
  low.merge(histogram_of({100, 200, 300}));
  EXPECT_EQ(low.percentile(50), 3);
}

TEST(LatencyHistogramTest, RoundTripsThroughJsonAndCsv) {
  std::mt19937_64 gen(5);
  std::lognormal_distribution<double> lognormal(std::log(300'000.0), 2);
  std::vector<int64_t> v(10'000);
  for (int64_t& x : v) {
    x = std::llround(lognormal(gen));
  }
  v.push_back(0);
  const LatencyHistogram h = histogram_of(v);
  const nlohmann::json j = h.to_json();
  EXPECT_EQ(LatencyHistogram::from_json(nlohmann::json::parse(j.dump())), h);
  // Sparse: only the non-empty buckets.
  EXPECT_EQ(j.at("buckets").size(), h.buckets().size());
  EXPECT_LT(h.buckets().size(), v.size());

  std::vector<std::string> comments;
  const std::string csv = h.to_csv({"cell poll", "transport=poll"});
  EXPECT_EQ(LatencyHistogram::from_csv(csv, &comments), h);
  ASSERT_GE(comments.size(), 2u);
  EXPECT_EQ(comments[0], "cell poll");
  EXPECT_EQ(comments[1], "transport=poll");
  EXPECT_NE(csv.find("\r\nlower_ns,upper_ns,count,cumulative_fraction\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",1\r\n"), std::string::npos);  // the last bucket's cumulative fraction

  // Sums past int64 (hours x millions) survive as text.
  LatencyHistogram hours;
  const int64_t ten_hours = int64_t{36'000} * 1'000'000'000;
  for (int i = 0; i < 300'000; ++i) {  // 1.08e19 ns in all: past int64's 9.2e18
    hours.record(ten_hours);
  }
  EXPECT_TRUE(hours.to_json().at("sum_ns").is_string());
  EXPECT_EQ(LatencyHistogram::from_json(hours.to_json()), hours);
  EXPECT_EQ(LatencyHistogram::from_csv(hours.to_csv({})), hours);
  EXPECT_DOUBLE_EQ(hours.mean(), static_cast<double>(ten_hours));
}

TEST(LatencyHistogramTest, RefusesWhatIsNotAHistogram) {
  const LatencyHistogram h = histogram_of({5, 3000});
  nlohmann::json j = h.to_json();
  j["buckets"][1][0] = 3001;  // inside a bucket, not its lower bound
  EXPECT_THROW(LatencyHistogram::from_json(j), std::runtime_error);
  j = h.to_json();
  j["count"] = 3;
  EXPECT_THROW(LatencyHistogram::from_json(j), std::runtime_error);
  j = h.to_json();
  j["layout"] = "hdr";
  EXPECT_THROW(LatencyHistogram::from_json(j), std::runtime_error);
  EXPECT_THROW(LatencyHistogram::from_json(nlohmann::json::object()), std::runtime_error);
  EXPECT_THROW(LatencyHistogram::from_csv("a,b\r\n1,2\r\n"), std::runtime_error);
  std::string csv = h.to_csv({});
  csv.replace(csv.find("count=2"), 7, "count=9");
  EXPECT_THROW(LatencyHistogram::from_csv(csv), std::runtime_error);
}

}  // namespace
}  // namespace pushbench
