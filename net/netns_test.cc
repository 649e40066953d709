// count_live_tcp: which sockets of /proc/net/tcp may still send.
#include "netns.h"

#include <gtest/gtest.h>

namespace pushbench {
namespace {
constexpr const char* kHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n";

std::string row(int slot, const char* state) {
  return std::to_string(slot) + ": 0100D50A:1F90 0200D50A:9C40 " + state +
         " 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 "
         "30 10 -1\n";
}

TEST(CountLiveTcpTest, ListenTimeWaitAndCloseAreQuiet) {
  EXPECT_EQ(count_live_tcp(kHeader), 0u);
  EXPECT_EQ(count_live_tcp(std::string(kHeader) + row(0, "0A") + row(1, "06") + row(2, "07")), 0u);
}

TEST(CountLiveTcpTest, ClosingHandshakesAndOpenConnectionsAreLive) {
  // ESTABLISHED, SYN_SENT, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING.
  std::string text = kHeader;
  int slot = 0;
  for (const char* state : {"01", "02", "04", "05", "08", "09", "0B"}) {
    text += row(slot++, state);
  }
  text += row(slot, "06");
  EXPECT_EQ(count_live_tcp(text), 7u);
}

TEST(CountLiveTcpTest, AShortLineIsNotCounted) {
  EXPECT_EQ(count_live_tcp(std::string(kHeader) + "0: 0100D50A:1F90\n\n"), 0u);
}

}  // namespace
}  // namespace pushbench
