// CSV micro benchmark: one results.csv row (50 fields, a few needing quotes) per repetition.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "csv_writer.h"

namespace pushbench {
namespace {

void BM_Csv_Line(benchmark::State& state) {
  std::vector<std::string> fields;
  for (int i = 0; i < 50; ++i) {
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

}  // namespace
}  // namespace pushbench
