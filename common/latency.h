// Latency samples and exact percentiles. The sample count is bounded and known in advance
// (one per expected notification in the window), so raw samples are kept: percentiles are exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pushbench {

struct LatencySummary {
  uint64_t count = 0;
  int64_t p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0, min_ns = 0;
  double mean_ns = 0;
};

// The nearest rank of percentile p among n samples: ceil(p/100 * n), in [1, n]. p in (0, 100];
// requires n > 0.
uint64_t nearest_rank(uint64_t n, double p) noexcept;

// Nearest-rank percentile of an ascending vector: the smallest value v such that at least
// p% of samples are <= v. p in (0, 100]. Requires !sorted.empty().
int64_t percentile_nearest_rank(const std::vector<int64_t>& sorted, double p) noexcept;

class LatencyRecorder {
 public:
  void reserve(size_t n) { samples_.reserve(n); }
  void record(int64_t latency_ns) { samples_.push_back(latency_ns); }
  // Merging keeps every sample: percentiles of a merge are exact, never averaged.
  void merge(const LatencyRecorder& other);
  size_t count() const noexcept { return samples_.size(); }
  const std::vector<int64_t>& samples() const noexcept { return samples_; }
  // Sorts the samples in place.
  LatencySummary summarize();

 private:
  std::vector<int64_t> samples_;
};

}  // namespace pushbench
