// GET /poll response assembly. respond_with_pending (servers/http_poll.cc) needs a live lws
// connection (lws_add_http_common_headers, lws_write), so this benchmarks the same string work on
// the same kind of buffer: LWS_PRE headroom, a header block of the size lws writes, then the JSON
// array of every pending event, built exactly as respond_with_pending builds it. Keep the two in
// step.
#include <benchmark/benchmark.h>
#include <libwebsockets.h>

#include <deque>
#include <memory>
#include <string>

#include "event.h"
#include "mailbox.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names (STYLE.md B8); `for (auto _ : state)` is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
constexpr std::string_view kHeaders =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2571\r\n\r\n";

// Arg: pending events of 256 bytes in the client's mailbox.
void BM_PollResponse_Assemble(benchmark::State& state) {
  const auto events = static_cast<int>(state.range(0));
  std::deque<EventRef> pending;
  for (int i = 0; i < events; ++i) {
    auto ev = std::make_shared<EncodedEvent>();
    ev->seq = i;
    encode_event({.seq = i, .t_ns = 1'700'000'000'000'000'000, .to = -1}, 256, 7, ev->json);
    pending.push_back(std::move(ev));
  }
  std::string out;  // the server's reused scratch buffer
  for (auto _ : state) {
    size_t body_len = 1 + pending.size();  // '[' + separators + ']'
    for (const EventRef& ev : pending) {
      body_len += ev->json.size();
    }
    benchmark::DoNotOptimize(body_len);
    out.resize(LWS_PRE);
    out.append(kHeaders);
    out.push_back('[');
    for (const EventRef& ev : pending) {
      if (out.back() != '[') {
        out.push_back(',');
      }
      out.append(ev->json);
    }
    out.push_back(']');
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size() - LWS_PRE));
  state.SetItemsProcessed(state.iterations() * events);
}
BENCHMARK(BM_PollResponse_Assemble)->Arg(1)->Arg(10)->Arg(100);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
