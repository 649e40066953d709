// Unit tests of reading the rate cap's drops from `tc -s qdisc show` and the loss rules' from
// `iptables -L -v` (net_shaper.h).
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

TEST(LossRuleDropsTest, SumsPushbenchsDropRules) {
  // As iptables 1.8.9 (nf_tables) lists the raw table's PREROUTING with -v -x -n.
  EXPECT_EQ(
      loss_rule_drops("Chain PREROUTING (policy ACCEPT 5890 packets, 901234 bytes)\n"
                      "    pkts      bytes target     prot opt in     out     source               "
                      "destination         \n"
                      "     105     6090 DROP       0    --  pbc0   *       0.0.0.0/0            "
                      "0.0.0.0/0            statistic mode random probability 0.02000000002 /* "
                      "pushbench-net */\n"
                      "       7      420 DROP       0    --  eth0   *       0.0.0.0/0            "
                      "0.0.0.0/0            /* someone else's */\n"
                      "       3      180 NFQUEUE    0    --  pbc0   *       0.0.0.0/0            "
                      "0.0.0.0/0            /* pushbench-net */ NFQUEUE num 7 bypass\n"),
      105u);
  EXPECT_EQ(loss_rule_drops("Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n"), 0u);
}

TEST(LossRuleDropsTest, NoneWithoutTheChainOrWithABadCount) {
  EXPECT_FALSE(loss_rule_drops(""));
  EXPECT_FALSE(
      loss_rule_drops("Chain PREROUTING (policy ACCEPT)\n"
                      "  x  0 DROP  0 -- pbc0 * /* pushbench-net */\n"));
}

}  // namespace
}  // namespace pushbench
