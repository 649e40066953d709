// pushbench-server's raw TCP port under bad input: a bad id line closes only that connection
// (counted as a bad request), and a good client keeps receiving newline-terminated events; a
// client that stops reading fills its own queue, whose overflow is counted, and nobody else's.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "child_process.h"
#include "clock.h"
#include "event.h"
#include "fd.h"
#include "server_fixture.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

namespace pushbench::test {
namespace {

constexpr int kClients = 4;
constexpr int kPayload = 128;
constexpr int kIoTimeoutS = 5;

// A blocking loopback TCP connection whose reads time out after kIoTimeoutS.
class RawConnection {
 public:
  // rcvbuf > 0: the receive buffer's size, set before connecting (a small one makes a client
  // that does not read back up at once).
  explicit RawConnection(int port, int rcvbuf = 0)
      : fd_(connect_loopback(port, kIoTimeoutS * 1000, rcvbuf)) {}

  void send(const std::string& bytes) {
    if (::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(bytes.size())) {
      throw std::runtime_error("send failed");
    }
  }

  // The next '\n'-terminated line without its '\n'; nullopt on EOF, reset or timeout.
  std::optional<std::string> read_line() {
    size_t nl = 0;
    while ((nl = buf_.find('\n')) == std::string::npos) {
      char chunk[4096];
      const ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
      if (n <= 0) {
        return std::nullopt;
      }
      buf_.append(chunk, static_cast<size_t>(n));
    }
    std::string line = buf_.substr(0, nl);
    buf_.erase(0, nl + 1);
    return line;
  }

  // True when the server closed the connection (EOF or reset) before sending anything.
  bool closed_by_peer() {
    char c = 0;
    const ssize_t n = ::recv(fd_.get(), &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  Fd fd_;
  std::string buf_;
};

class TcpBadInputTest : public ServerFixture {
 protected:
  void SetUp() override {
    start_server({"--clients", std::to_string(kClients), "--rate", "50", "--payload",
                  std::to_string(kPayload)});
  }

  // A good client for `id` reads one line: one whole event of kPayload bytes for it or for all.
  void expect_event_for(RawConnection& c, int id, const std::string& context) {
    const std::optional<std::string> line = c.read_line();
    ASSERT_TRUE(line.has_value()) << "no event line " << context;
    const auto ev = parse_event(*line);
    ASSERT_TRUE(ev.has_value()) << "not an event " << context << ": [" << *line << "]";
    EXPECT_EQ(ev->length, line->size()) << "bytes after the event " << context;
    EXPECT_EQ(line->size(), static_cast<size_t>(kPayload)) << context;
    EXPECT_TRUE(ev->fields.to == -1 || ev->fields.to == id) << "event for " << ev->fields.to;
  }
};

TEST_F(TcpBadInputTest, ClosesOnlyThatConnectionWhenIdIsNotANumber) {
  RawConnection bad(tcp_port_);
  bad.send("abc\n");
  EXPECT_TRUE(bad.closed_by_peer()) << "the server kept a connection whose id was 'abc'";
  RawConnection good(tcp_port_);
  good.send("0\n");
  expect_event_for(good, 0, "after a bad id on another connection");
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.value("bad_requests", -1), 1) << stats.dump();
  EXPECT_EQ(stats.value("tcp_accepted", -1), 1) << stats.dump();
}

TEST_F(TcpBadInputTest, ClosesConnectionWhenIdLineIsInvalid) {
  const std::vector<std::string> bad = {
      "4\n",                      // out of range (clients 0..3)
      "-1\n",                     // negative
      "\n",                       // empty
      " 1\n",                     // not only digits
      "123456789012345678901\n",  // longer than any id line
      std::string(64, '7'),       // no newline within the line limit
  };
  for (const std::string& input : bad) {
    RawConnection c(tcp_port_);
    c.send(input);
    EXPECT_TRUE(c.closed_by_peer()) << "connection kept open after [" << input << "]";
  }
  RawConnection good(tcp_port_);
  good.send("3\n");
  expect_event_for(good, 3, "after every bad id line");
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.value("bad_requests", -1), static_cast<int>(bad.size())) << stats.dump();
}

// Lines after the id are upstream messages (chat, game). A broadcast server takes none: each is
// counted as bad input and dropped, and the connection goes on receiving its events.
TEST_F(TcpBadInputTest, DropsUpstreamLinesButKeepsServingWhenWorkloadTakesNone) {
  RawConnection c(tcp_port_);
  c.send("1\nnot a message\n{\"seq\":0}\n");
  expect_event_for(c, 1, "after two refused upstream lines");
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.value("bad_requests", -1), 2) << stats.dump();
  EXPECT_EQ(stats.value("tcp_lines_received", -1), 2) << stats.dump();
  EXPECT_EQ(stats["upstream"]["rejected"], 2) << stats.dump();
}

TEST_F(TcpBadInputTest, AcceptsIdWhenLineArrivesSplitAcrossWrites) {
  RawConnection c(tcp_port_);
  c.send("2");
  ::usleep(50'000);  // two TCP segments, two reads on the server
  c.send("\n");
  expect_event_for(c, 2, "after a split id line");
  expect_event_for(c, 2, "second line");
}

// One connection per client id, the newest (as every transport's mailbox has one waiter): a
// second connection for the same id takes over and the first is closed at once, not left open
// and silently starved.
TEST_F(TcpBadInputTest, ClosesFirstConnectionWhenSecondArrivesForTheSameId) {
  RawConnection first(tcp_port_);
  first.send("1\n");
  expect_event_for(first, 1, "on the first connection");
  RawConnection second(tcp_port_);
  second.send("1\n");
  expect_event_for(second, 1, "on the second connection");
  for (int i = 0; i < 100 && first.read_line().has_value(); ++i) {
  }  // events already in flight may come first; then EOF (or a read timeout)
  EXPECT_TRUE(first.closed_by_peer()) << "the replaced connection was kept open";
  expect_event_for(second, 1, "after the first was closed");
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.value("waiters_replaced", -1), 1) << stats.dump();
  EXPECT_EQ(stats.value("tcp_closed", -1), 2) << stats.dump();
}

// Backpressure: client 0 connects with a tiny receive buffer and never reads. Its socket
// buffers fill, its mailbox (--queue-cap) fills, and every event after that is dropped and
// counted (queue_drops); client 1, reading, receives every event in order, and the server still
// stops cleanly with the stalled connection open. 128 slots: 320 ms of slack for the reader
// (with 16, an ASan build's reader fell 40 ms behind once and lost events of its own).
class TcpBackpressureTest : public TcpBadInputTest {
 protected:
  static constexpr int kBigPayload = 16384;
  void SetUp() override {
    start_server({"--clients", "2", "--rate", "400", "--payload", std::to_string(kBigPayload),
                  "--queue-cap", "128"});
  }
};

TEST_F(TcpBackpressureTest, CountsDropsOfAClientThatStopsReadingAndServesTheOthers) {
  RawConnection stalled(tcp_port_, 4096);
  stalled.send("0\n");
  RawConnection reader(tcp_port_);
  reader.send("1\n");
  const int64_t until = mono_ns() + 3 * kNsPerSec;  // ~1,200 events of 16 KiB: ~19 MiB
  int64_t received = 0;
  int64_t last_seq = -1;
  while (mono_ns() < until) {
    const std::optional<std::string> line = reader.read_line();
    ASSERT_TRUE(line.has_value()) << "the reading client stopped receiving";
    const auto ev = parse_event(*line);
    ASSERT_TRUE(ev.has_value()) << "not an event";
    ASSERT_EQ(line->size(), static_cast<size_t>(kBigPayload));
    if (last_seq >= 0) {
      ASSERT_EQ(ev->fields.seq, last_seq + 1) << "the reading client lost events";
    }
    last_seq = ev->fields.seq;
    ++received;
  }
  EXPECT_GT(received, 600) << "400 events/s for 3 s";
  const nlohmann::json stats = stop_server();
  const auto drops = stats.value("queue_drops", int64_t{-1});
  // The stalled client's kernel buffers hold at most a few MiB (~300 events); the rest of its
  // ~1,200 went to its 128-slot queue and overflowed.
  EXPECT_GT(drops, received / 2) << stats.dump();
  EXPECT_LT(drops, received) << "only the stalled client's events may be dropped: " << stats.dump();
}

}  // namespace
}  // namespace pushbench::test
