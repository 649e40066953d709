// GET /poll response assembly: the server's own body code (servers/poll_body.h, from
// pushbench::server) on the kind of buffer respond_with_pending (servers/http_poll.cc) fills:
// LWS_PRE headroom, a header block of the size lws writes, then the JSON array of every pending
// event. Only the lws calls (the header block, the write) are left out: they need a connection.
#include <benchmark/benchmark.h>
#include <libwebsockets.h>

#include <memory>
#include <string>

#include "event.h"
#include "mailbox.h"
#include "poll_body.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names (STYLE.md B8); `for (auto _ : state)` is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
constexpr std::string_view kHeaders =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2571\r\n\r\n";

// Arg: pending events of 256 bytes in the client's mailbox.
void BM_PollResponse_Assemble(benchmark::State& state) {
  const auto events = static_cast<int>(state.range(0));
  EventQueue pending;
  for (int i = 0; i < events; ++i) {
    auto ev = std::make_shared<EncodedEvent>();
    ev->seq = i;
    encode_event({.seq = i, .t_ns = 1'700'000'000'000'000'000, .to = -1}, 256, 7, ev->json);
    pending.push_back(std::move(ev));
  }
  std::string out;  // the server's reused scratch buffer
  for (auto _ : state) {
    const size_t body_len = poll_body_length(pending);
    benchmark::DoNotOptimize(body_len);
    out.resize(LWS_PRE);
    out.append(kHeaders);
    append_poll_body(pending, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size() - LWS_PRE));
  state.SetItemsProcessed(state.iterations() * events);
}
BENCHMARK(BM_PollResponse_Assemble)->Arg(1)->Arg(10)->Arg(100);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
