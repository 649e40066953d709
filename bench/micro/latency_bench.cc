// Latency micro benchmarks: every delivered notification is recorded (one sample each, in the
// exact store and the mergeable histogram), and the client sorts the samples once at the end for
// exact percentiles; the runner merges histograms.
#include <benchmark/benchmark.h>

#include <vector>

#include "latency.h"
#include "latency_histogram.h"
#include "rng.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
constexpr int64_t kSamples = 100'000;

// Recording into a reserved recorder, as the client does (it reserves the expected count).
void BM_Latency_Record(benchmark::State& state) {
  for (auto _ : state) {
    LatencyRecorder recorder;
    recorder.reserve(static_cast<size_t>(kSamples));
    for (int64_t i = 0; i < kSamples; ++i) {
      recorder.record(1'000'000 + (i * 7919) % 500'000);
    }
    benchmark::DoNotOptimize(recorder.count());
  }
  state.SetItemsProcessed(state.iterations() * kSamples);
}
BENCHMARK(BM_Latency_Record);

// Sort + percentiles + mean of 100k unsorted samples (copied in untimed, since summarize sorts).
void BM_Latency_Summarize(benchmark::State& state) {
  Rng rng(7);
  LatencyRecorder source;
  source.reserve(static_cast<size_t>(kSamples));
  for (int64_t i = 0; i < kSamples; ++i) {
    source.record(static_cast<int64_t>(rng.below(200'000'000)));
  }
  for (auto _ : state) {
    state.PauseTiming();
    LatencyRecorder recorder = source;
    state.ResumeTiming();
    LatencySummary summary = recorder.summarize();
    benchmark::DoNotOptimize(summary);
  }
  state.SetItemsProcessed(state.iterations() * kSamples);
}
BENCHMARK(BM_Latency_Summarize)->Unit(benchmark::kMillisecond);

// Recording into the histogram, as the client does beside the exact store (same values).
void BM_LatencyHistogram_Record(benchmark::State& state) {
  for (auto _ : state) {
    LatencyHistogram h;
    for (int64_t i = 0; i < kSamples; ++i) {
      h.record(1'000'000 + (i * 7919) % 500'000);
    }
    benchmark::DoNotOptimize(h.count());
  }
  state.SetItemsProcessed(state.iterations() * kSamples);
}
BENCHMARK(BM_LatencyHistogram_Record);

// Merging one repetition's histogram (100k samples up to 200 ms) into a cell's, and p99 of it.
void BM_LatencyHistogram_MergePercentile(benchmark::State& state) {
  Rng rng(7);
  LatencyHistogram source;
  for (int64_t i = 0; i < kSamples; ++i) {
    source.record(static_cast<int64_t>(rng.below(200'000'000)));
  }
  for (auto _ : state) {
    LatencyHistogram cell;
    cell.merge(source);
    benchmark::DoNotOptimize(cell.percentile(99));
  }
}
BENCHMARK(BM_LatencyHistogram_MergePercentile)->Unit(benchmark::kMicrosecond);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
