// CSV micro benchmark: one results.csv row (50 fields, a few needing quotes) per repetition.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "csv_writer.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)

void BM_Csv_Line(benchmark::State& state) {
  constexpr int kFields = 50;
  std::vector<std::string> fields;
  fields.reserve(kFields);
  for (int i = 0; i < kFields; ++i) {
    fields.push_back(i % 10 == 0 ? "needs \"quotes\", and a comma" : std::to_string(i * 12345.678));
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    std::string line = csv_line(fields);
    bytes += static_cast<int64_t>(line.size());
    benchmark::DoNotOptimize(line.data());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Csv_Line);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
