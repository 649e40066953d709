// Runs the system tools the network layer drives (ip, tc, iptables) through /bin/sh: the
// commands are few, run at setup and teardown only, and their exit status is all that matters.
#pragma once

#include <string>
#include <string_view>

namespace pushbench {

// Runs `cmd` with its output discarded; true when it exited with status 0.
bool run_quiet(const std::string& cmd);
// The same; throws std::runtime_error "<context>: '<cmd>' failed" otherwise.
void run_or_throw(const std::string& cmd, std::string_view context);
// `cmd`'s standard output (stderr discarded); empty when it could not run.
std::string run_capture(const std::string& cmd);

}  // namespace pushbench
