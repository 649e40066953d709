// --netns: the client veth's counters are an independent second byte source; the TCP_INFO-derived
// wire bytes must agree with them. Needs root (network namespaces); skipped otherwise.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>

#include "csv_writer.h"
#include "test_support.h"

namespace pushbench {
namespace {

TEST(NetnsTest, WireBytesAgreeWithTheVethCountersWhenRunInNamespaces) {
  if (geteuid() != 0 || access("/usr/sbin/ip", X_OK) != 0) {
    GTEST_SKIP() << "--netns needs root and /usr/sbin/ip";
  }
  test::TempDir dir;
  auto r = test::run_process({PUSHBENCH_CLI_BIN,
                              "run",
                              "--netns",
                              "--transports",
                              "poll,ws",
                              "--clients",
                              "20",
                              "--rate",
                              "20",
                              "--poll-interval",
                              "200",
                              "--warmup",
                              "1.5",
                              "--duration",
                              "3",
                              "--drain",
                              "1",
                              "--no-plots",
                              "--out",
                              dir.file("out")},
                             dir.path(), dir.path(), std::chrono::seconds(90));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto rows = test::read_results(dir.file("out/results.csv"));
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    const std::string t = row.at("transport");
    ASSERT_FALSE(row.at("veth_bytes_down").empty()) << t;
    EXPECT_EQ(row.at("notifications_lost"), "0") << t;
    EXPECT_LT(std::fabs(std::stod(row.at("wire_vs_veth_bytes_pct"))), 2.0) << t;
  }
  EXPECT_NE(test::read_file(dir.file("out/meta.json")).find("veth"), std::string::npos);
}

}  // namespace
}  // namespace pushbench
