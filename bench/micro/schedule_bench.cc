// Schedule micro benchmark: the server and every client generate the whole seeded schedule.
#include <benchmark/benchmark.h>

#include "schedule.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)

// Arg 0: fixed arrivals, broadcast; Arg 1: Poisson arrivals, notify (one RNG draw more each).
void BM_Schedule_Generate(benchmark::State& state) {
  const bool poisson_notify = state.range(0) == 1;
  const WorkloadSpec spec{.workload = poisson_notify ? Workload::kNotify : Workload::kBroadcast,
                          .arrival = poisson_notify ? Arrival::kPoisson : Arrival::kFixed,
                          .clients = 1000,
                          .rate_hz = 1000,
                          .payload_bytes = 256,
                          .seed = 7,
                          .duration_ns = 0};
  ScheduleGenerator schedule(spec);
  for (auto _ : state) {
    auto ev = schedule.next();
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(poisson_notify ? "poisson notify" : "fixed broadcast");
}
BENCHMARK(BM_Schedule_Generate)->Arg(0)->Arg(1);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
