// Latency samples and exact percentiles.
#include "latency.h"

#include <algorithm>
#include <cmath>

namespace pushbench {

uint64_t nearest_rank(uint64_t n, double p) noexcept {
  // rank = ceil(p/100 * n) in integers (p in 1/1000 of a percent): floating point would turn
  // 99.9 % of 1000 into ceil(999.0000000000001) = 1000. 128 bits: n x 100,000 may pass 2^64.
  __extension__ typedef unsigned __int128 Wide;
  const auto milli_pct = static_cast<uint64_t>(std::llround(p * 1000));
  const auto rank = static_cast<uint64_t>((Wide{milli_pct} * n + 99'999) / 100'000);
  return std::clamp<uint64_t>(rank, 1, n);
}

int64_t percentile_nearest_rank(const std::vector<int64_t>& sorted, double p) noexcept {
  return sorted[nearest_rank(sorted.size(), p) - 1];
}

void LatencyRecorder::merge(const LatencyRecorder& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
}

LatencySummary LatencyRecorder::summarize() {
  LatencySummary s;
  s.count = samples_.size();
  if (samples_.empty()) {
    return s;
  }
  std::sort(samples_.begin(), samples_.end());
  s.p50_ns = percentile_nearest_rank(samples_, 50);
  s.p90_ns = percentile_nearest_rank(samples_, 90);
  s.p99_ns = percentile_nearest_rank(samples_, 99);
  s.p999_ns = percentile_nearest_rank(samples_, 99.9);
  s.min_ns = samples_.front();
  s.max_ns = samples_.back();
  long double sum = 0;
  for (int64_t v : samples_) {
    sum += v;
  }
  s.mean_ns = static_cast<double>(sum / static_cast<long double>(samples_.size()));
  return s;
}

}  // namespace pushbench
