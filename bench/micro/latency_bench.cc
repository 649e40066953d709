// Latency micro benchmarks: every delivered notification is recorded (one sample each), and
// the client sorts the samples once at the end for exact percentiles.
#include <benchmark/benchmark.h>

#include <vector>

#include "latency.h"
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

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
