// The process's one global: set by SIGINT/SIGTERM, read by the event loops.
#include "stop_flag.h"

#include <signal.h>

#include <atomic>

namespace pushbench {
namespace {
std::atomic<bool> g_stop{false};  // the only global (STYLE B3)

void on_signal(int /*signo*/) { g_stop.store(true, std::memory_order_relaxed); }
}  // namespace

void install_stop_signal() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() noexcept { return g_stop.load(std::memory_order_relaxed); }
void request_stop() noexcept { g_stop.store(true, std::memory_order_relaxed); }

}  // namespace pushbench
