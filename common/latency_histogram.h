// A mergeable latency histogram: log-linear buckets with a bounded relative error (the layout of
// HdrHistogram at 3 significant digits), so that processes, shards and repetitions merge exactly
// (bucket counts add) where exact samples cannot be concatenated, and a cell's whole latency
// distribution can be exported as a CDF.
//
// Layout: values 0..2047 ns have a bucket each (exact). Above, each octave [2^e, 2^(e+1)) is cut
// into 1024 equal buckets of width 2^(e-10), up to the int64 maximum (55,296 buckets; the array
// grows only as far as the largest value recorded). A percentile is the highest value of the
// bucket holding the nearest-rank sample (clamped to the exact min and max), so it is >= the exact
// percentile and above it by less than one bucket: relative error < 1/1024 (0.098 %).
// count, min, max and mean are exact. A negative value (no clock gives one here: the planned
// publish time precedes the read) counts in bucket 0 and keeps the exact min.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "latency.h"

namespace pushbench {

class LatencyHistogram {
 public:
  // The bound on |percentile - exact| / exact for exact >= 0 (0 below 2048 ns).
  static constexpr double kRelativeError = 1.0 / 1024;
  static constexpr size_t kBucketCount = 2048 + 52 * 1024;

  // Bucket layout: index of a value (negatives: 0), and a bucket's bounds [lower, upper).
  static size_t bucket_of(int64_t value) noexcept;
  static int64_t lower_bound(size_t bucket) noexcept;
  // The bucket's last value + 1; the last bucket's is the int64 maximum (its last value is too).
  static int64_t upper_bound(size_t bucket) noexcept;

  void record(int64_t value_ns) noexcept;
  // Every count of `other` added: the histogram of the union of both samples.
  void merge(const LatencyHistogram& other);

  uint64_t count() const noexcept { return count_; }
  int64_t min() const noexcept { return count_ ? min_ : 0; }
  int64_t max() const noexcept { return count_ ? max_ : 0; }
  double mean() const noexcept;
  // Nearest rank as percentile_nearest_rank (latency.h), to the bucket: p in (0, 100]; 0 when
  // empty.
  int64_t percentile(double p) const noexcept;
  // The LatencySummary of latency.h, percentiles from the buckets.
  LatencySummary summary() const noexcept;

  struct Bucket {
    int64_t lower_ns, upper_ns;
    uint64_t count;
  };
  // The non-empty buckets, ascending.
  std::vector<Bucket> buckets() const;

  // Sparse JSON: {"layout":..., "count", "min_ns", "max_ns", "sum_ns", "buckets": [[lower_ns,
  // count], ...]} with only the non-empty buckets. from_json throws std::runtime_error on anything
  // else (another layout, a lower bound that is no bucket's, counts that do not add up).
  nlohmann::json to_json() const;
  static LatencyHistogram from_json(const nlohmann::json& j);

  // CSV for users: header "lower_ns,upper_ns,count,cumulative_fraction" and one line per
  // non-empty bucket. `comments` are written first, each line prefixed "# ", followed by a
  // "# count=N min_ns=.. max_ns=.. mean_ns=.. relative_error=.." line that from_csv reads back.
  std::string to_csv(const std::vector<std::string>& comments) const;
  // The histogram of a to_csv text; `comments` (optional) receives its comment lines (without
  // "# "). Throws std::runtime_error when the text is not one.
  static LatencyHistogram from_csv(std::string_view text,
                                   std::vector<std::string>* comments = nullptr);

  friend bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) noexcept;

 private:
  void add(size_t bucket, uint64_t n);

  std::vector<uint64_t> counts_;  // dense up to the largest bucket used
  uint64_t count_ = 0;
  int64_t min_ = 0, max_ = 0;
  // Exact mean even for hours x millions of samples (__extension__: GCC's 128-bit integer).
  __extension__ typedef __int128 Sum;
  Sum sum_ = 0;
};

}  // namespace pushbench
