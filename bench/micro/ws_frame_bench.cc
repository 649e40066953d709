// WebSocket frame preparation as servers/ws_push.cc does it: lws_write needs LWS_PRE bytes of
// headroom before the payload (it writes the frame header there), so every event is copied
// into the reused scratch buffer behind that headroom.
#include <benchmark/benchmark.h>
#include <libwebsockets.h>

#include <cstring>
#include <string>

#include "event.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)

// Arg: payload bytes.
void BM_WsFrame_Prepare(benchmark::State& state) {
  const auto payload = static_cast<int>(state.range(0));
  std::string json;
  encode_event({.seq = 42, .t_ns = 1'700'000'000'000'000'000, .to = -1}, payload, 7, json);
  std::string scratch;
  for (auto _ : state) {
    scratch.resize(LWS_PRE + json.size());
    std::memcpy(scratch.data() + LWS_PRE, json.data(), json.size());
    auto* frame = reinterpret_cast<unsigned char*>(scratch.data()) + LWS_PRE;
    benchmark::DoNotOptimize(frame);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * payload);
}
BENCHMARK(BM_WsFrame_Prepare)->Arg(80)->Arg(256)->Arg(4096);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
