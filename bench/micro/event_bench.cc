// Event codec micro benchmarks: the server encodes every event once, every client parses every
// event it receives (one object per WebSocket frame, or an array of them per poll response).
#include <benchmark/benchmark.h>

#include <string>

#include "event.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
constexpr uint64_t kSeed = 7;

std::string encoded(int64_t seq, int payload_bytes) {
  std::string out;
  encode_event({.seq = seq, .t_ns = 1'700'000'000'123'456'789, .to = -1}, payload_bytes, kSeed,
               out);
  return out;
}

// Arg: payload bytes. The server's cost per event (not per notification: encoded once).
void BM_Event_Encode(benchmark::State& state) {
  const auto payload = static_cast<int>(state.range(0));
  std::string out;
  int64_t seq = 0;
  for (auto _ : state) {
    out.clear();
    const bool ok = encode_event({.seq = seq++, .t_ns = 1'700'000'000'123'456'789, .to = -1},
                                 payload, kSeed, out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * payload);
}
BENCHMARK(BM_Event_Encode)->Arg(80)->Arg(256)->Arg(4096);

// One WebSocket frame's worth: a single 256-byte event.
void BM_Event_Parse(benchmark::State& state) {
  const std::string text = encoded(123'456, 256);
  for (auto _ : state) {
    auto ev = parse_event(text);
    benchmark::DoNotOptimize(ev);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Event_Parse);

// One poll response body: a JSON array of 10 events of 256 bytes, as /poll sends it.
void BM_EventArray_Parse(benchmark::State& state) {
  constexpr int kEvents = 10;
  std::string body = "[";
  for (int i = 0; i < kEvents; ++i) {
    if (i > 0) {
      body += ',';
    }
    body += encoded(1000 + i, 256);
  }
  body += "]";
  for (auto _ : state) {
    int64_t seq_sum = 0;
    const bool ok = for_each_event_in_array(
        body, [&seq_sum](const ParsedEvent& ev) { seq_sum += ev.fields.seq; });
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(seq_sum);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations() * kEvents);
}
BENCHMARK(BM_EventArray_Parse);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
