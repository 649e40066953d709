// The measured processes' command lines: the server keeps a keep-alive poller's connection
// between two of its polls.
#include "process_args.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pushbench {
namespace {

std::string value_after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it != argv.end() && it + 1 != argv.end() ? *(it + 1) : "";
}

TEST(ProcessArgsTest, ServerKeepsAPollersConnectionForTwoOfItsIntervals) {
  RunOptions o;
  o.poll_interval_ms = 1000;
  EXPECT_EQ(server_idle_timeout_s(o), 60);  // the server's default, never less
  o.poll_interval_ms = 60000;
  EXPECT_EQ(server_idle_timeout_s(o), 120);
  o.poll_interval_ms = 45250;
  EXPECT_EQ(server_idle_timeout_s(o), 91);  // whole seconds, rounded up
  o.poll_interval_ms = 4'000'000;
  EXPECT_EQ(server_idle_timeout_s(o), 3600);  // the server's bound
  o.poll_interval_ms = 60000;
  EXPECT_EQ(value_after(server_args("pushbench-server", o, Transport::kPoll, "stats.json", 1),
                        "--idle-timeout"),
            "120");
}

}  // namespace
}  // namespace pushbench
