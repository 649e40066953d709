// Which namespaces the stale cleanup removes: only pushbench's, only when their owner is gone.
#include "stale.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {

TEST(StaleTest, OnlyPushbenchNamespacesOfDeadOwnersAreStale) {
  const std::string list =
      "pushbench-s100 (id: 3)\n"
      "pushbench-c100 (id: 4)\n"
      "pushbench-s200 (id: 5)\n"
      "pushbench-p300\n"
      "pushbench-x400\n"
      "pushbench-s\n"
      "pushbench-sabc\n"
      "other-s100\n"
      "blue\n";
  const auto stale = stale_namespaces(list, [](long pid) { return pid == 200; });
  EXPECT_EQ(stale,
            (std::vector<std::string>{"pushbench-s100", "pushbench-c100", "pushbench-p300"}));
  EXPECT_TRUE(stale_namespaces("", [](long) { return false; }).empty());
}

}  // namespace
}  // namespace pushbench
