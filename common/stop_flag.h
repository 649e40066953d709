// The process's one global: set by SIGINT/SIGTERM, read by the event loops.
#pragma once

namespace pushbench {

void install_stop_signal();
bool stop_requested() noexcept;
void request_stop() noexcept;

}  // namespace pushbench
