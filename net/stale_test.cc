// What the stale cleanup removes: only pushbench's namespaces and snapshots, only when their
// owner is gone.
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
      "pushbench-m500-0\n"
      "pushbench-m500-1 (id: 6)\n"
      "pushbench-m200-0\n"
      "pushbench-mx-0\n"
      "pushbench-x400\n"
      "pushbench-s\n"
      "pushbench-sabc\n"
      "other-s100\n"
      "blue\n";
  const auto stale = stale_namespaces(list, [](long pid) { return pid == 200; });
  EXPECT_EQ(stale, (std::vector<std::string>{"pushbench-s100", "pushbench-c100", "pushbench-p300",
                                             "pushbench-m500-0", "pushbench-m500-1"}));
  EXPECT_TRUE(stale_namespaces("", [](long) { return false; }).empty());
}

TEST(StaleTest, OnlyDelaySnapshotsOfDeadOwnersAreStale) {
  EXPECT_EQ(delay_snapshot_path(100, "down"), "/dev/shm/pushbench-delay-100-down.json");
  const std::vector<std::string> files = {
      "pushbench-delay-100-down.json", "pushbench-delay-100-up.json",
      "pushbench-delay-200-down.json", "pushbench-delay-x-up.json",
      "pushbench-delay--up.json",      "other-delay-100-down.json"};
  EXPECT_EQ(
      stale_snapshots(files, [](long pid) { return pid == 200; }),
      (std::vector<std::string>{"pushbench-delay-100-down.json", "pushbench-delay-100-up.json"}));
}

}  // namespace
}  // namespace pushbench
