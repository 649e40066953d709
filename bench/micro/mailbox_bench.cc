// The server's per-client queues (servers/mailbox.cc, linked from pushbench::server): one
// broadcast event queued in every client's mailbox, then every client's poll acknowledging it.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "mailbox.h"

namespace pushbench {
namespace {
// BM_<Component>_<Operation> names, as in Google Benchmark's own examples; `for (auto _ : state)`
// is the benchmark loop.
// NOLINTBEGIN(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)

// Arg: clients. Items are notifications (one push and one pop each).
void BM_Mailbox_PushPop(benchmark::State& state) {
  const auto clients = static_cast<int>(state.range(0));
  Mailboxes mailboxes(clients, 4096);
  int64_t seq = 0;
  const std::string json(256, 'x');
  for (auto _ : state) {
    auto ev = std::make_shared<const EncodedEvent>(EncodedEvent{.seq = seq, .json = json});
    mailboxes.deliver(-1, ev);
    for (int c = 0; c < clients; ++c) {
      Mailboxes::acknowledge(mailboxes.at(c), seq);
    }
    ++seq;
  }
  state.SetItemsProcessed(state.iterations() * clients);
  benchmark::DoNotOptimize(mailboxes.counters().enqueued);
}
BENCHMARK(BM_Mailbox_PushPop)->Arg(1)->Arg(100)->Arg(1000);

// NOLINTEND(readability-identifier-naming, clang-analyzer-deadcode.DeadStores)
}  // namespace
}  // namespace pushbench
