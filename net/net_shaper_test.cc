// Unit tests of reading the rate cap's drops from `tc -s qdisc show` (net_shaper.h).
#include "net_shaper.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {

TEST(TbfDropsTest, ReadsTheTbfsDroppedCount) {
  // As tc (iproute2 6.1) prints a tbf alone and one under netem.
  EXPECT_EQ(tbf_drops("qdisc tbf 1: root refcnt 2 rate 10Mbit burst 5000b lat 100ms \n"
                      " Sent 1234567 bytes 890 pkt (dropped 17, overlimits 301 requeues 0) \n"
                      " backlog 0b 0p requeues 0\n"),
            17u);
  EXPECT_EQ(tbf_drops("qdisc netem 1: root refcnt 2 limit 1000 delay 20ms\n"
                      " Sent 99 bytes 1 pkt (dropped 3, overlimits 0 requeues 0) \n"
                      "qdisc tbf 10: parent 1:1 rate 2Mbit burst 6056b lat 100ms \n"
                      " Sent 88 bytes 1 pkt (dropped 0, overlimits 0 requeues 0) \n"),
            0u);  // netem's own drops are not the cap's
}

TEST(TbfDropsTest, NoneWithoutATbfOrACount) {
  EXPECT_FALSE(
      tbf_drops("qdisc noqueue 0: root refcnt 2 \n"
                " Sent 0 bytes 0 pkt (dropped 0, overlimits 0 requeues 0) \n"));
  EXPECT_FALSE(tbf_drops(""));
  EXPECT_FALSE(tbf_drops("qdisc tbf 1: root rate 1Mbit\n Sent 0 bytes 0 pkt (dropped x, "));
}

}  // namespace
}  // namespace pushbench
