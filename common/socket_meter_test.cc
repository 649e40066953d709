// Unit tests for TCP_INFO byte counters and the window accounting of SocketMeter, on a real
// loopback TCP pair with blocking sockets (each write is read in full before counters are read).
#include "socket_meter.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

// Owns one file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd_ = std::exchange(o.fd_, -1);
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_ = -1;
};

// A connected loopback TCP pair: `client` connected to `server` (the accepted socket).
struct TcpPair {
  Fd client;
  Fd server;
};

TcpPair make_pair_or_fail() {
  TcpPair pair;
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  EXPECT_GE(listener.get(), 0) << std::strerror(errno);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listener.get(), 4) != 0 ||
      ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "listen on 127.0.0.1:0: " << std::strerror(errno);
    return pair;
  }
  pair.client = Fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (pair.client.get() < 0 ||
      ::connect(pair.client.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ADD_FAILURE() << "connect: " << std::strerror(errno);
    return pair;
  }
  pair.server = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_GE(pair.server.get(), 0) << std::strerror(errno);
  return pair;
}

bool send_all(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t k = ::send(fd, data, n, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) {
      continue;
    }
    if (k <= 0) {
      return false;
    }
    data += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

bool recv_exact(int fd, char* data, size_t n) {
  while (n > 0) {
    ssize_t k = ::recv(fd, data, n, 0);
    if (k < 0 && errno == EINTR) {
      continue;
    }
    if (k <= 0) {
      return false;
    }
    data += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

// Sends n bytes from `from` to `to` in chunks small enough for the socket buffers, reading each
// chunk in full on the other end, so that every byte has been sent and received on return.
void transfer(int from, int to, size_t n) {
  constexpr size_t kChunk = 8192;
  std::string out(kChunk, 'x');
  std::string in(kChunk, '\0');
  while (n > 0) {
    const size_t k = n < kChunk ? n : kChunk;
    ASSERT_TRUE(send_all(from, out.data(), k)) << std::strerror(errno);
    ASSERT_TRUE(recv_exact(to, in.data(), k)) << std::strerror(errno);
    n -= k;
  }
}

TcpCounters counters_or_fail(int fd) {
  auto c = read_tcp_counters(fd);
  EXPECT_TRUE(c.has_value()) << "fd=" << fd;
  return c.value_or(TcpCounters{});
}

TEST(SocketMeterTest, ReadsExactPayloadBytesOnLoopbackPair) {
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  constexpr size_t kUp = 100'000;
  constexpr size_t kDown = 12'345;
  transfer(p.client.get(), p.server.get(), kUp);
  transfer(p.server.get(), p.client.get(), kDown);
  const TcpCounters c = counters_or_fail(p.client.get());
  const TcpCounters s = counters_or_fail(p.server.get());
  EXPECT_EQ(c.bytes_sent, kUp);
  EXPECT_EQ(s.bytes_received, kUp);
  EXPECT_EQ(s.bytes_sent, kDown);
  EXPECT_EQ(c.bytes_received, kDown);
  // SYN plus at least one data segment each way.
  EXPECT_GE(c.segs_out, 2u);
  EXPECT_GE(c.segs_in, 2u);
  EXPECT_GE(s.segs_out, 2u);
  EXPECT_GE(s.segs_in, 2u);
}

TEST(SocketMeterTest, ReadsZeroBytesOnFreshConnection) {
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  const TcpCounters c = counters_or_fail(p.client.get());
  EXPECT_EQ(c.bytes_sent, 0u);
  EXPECT_EQ(c.bytes_received, 0u);
  EXPECT_GE(c.segs_out, 1u);  // the SYN
}

TEST(SocketMeterTest, ReturnsNulloptWhenFdIsNotTcp) {
  int fds[2] = {-1, -1};
  ASSERT_EQ(::pipe(fds), 0);
  Fd r(fds[0]);
  Fd w(fds[1]);
  EXPECT_FALSE(read_tcp_counters(r.get()).has_value());
  EXPECT_FALSE(read_tcp_counters(-1).has_value());
  Fd udp(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ASSERT_GE(udp.get(), 0);
  EXPECT_FALSE(read_tcp_counters(udp.get()).has_value());
}

TEST(SocketMeterTest, AddsAndSubtractsCountersFieldByField) {
  TcpCounters a{10, 20, 3, 4, 2};
  const TcpCounters b{1, 2, 1, 1, 1};
  const TcpCounters d = a - b;
  EXPECT_EQ(d.bytes_sent, 9u);
  EXPECT_EQ(d.bytes_received, 18u);
  EXPECT_EQ(d.segs_out, 2u);
  EXPECT_EQ(d.segs_in, 3u);
  EXPECT_EQ(d.retrans, 1u);
  a += b;
  EXPECT_EQ(a.bytes_sent, 11u);
  EXPECT_EQ(a.bytes_received, 22u);
  EXPECT_EQ(a.segs_out, 4u);
  EXPECT_EQ(a.segs_in, 5u);
  EXPECT_EQ(a.retrans, 3u);
}

// Every socket counted in the window gives one RTT sample, closed in it or open at its end;
// loopback's round trip is microseconds, and nothing is retransmitted.
TEST(SocketMeterTest, SamplesEachWindowSocketsRtt) {
  TcpPair open = make_pair_or_fail();
  TcpPair closed = make_pair_or_fail();
  ASSERT_GE(open.server.get(), 0);
  ASSERT_GE(closed.server.get(), 0);
  transfer(open.client.get(), open.server.get(), 1000);
  transfer(closed.client.get(), closed.server.get(), 1000);
  const auto rtt = read_tcp_rtt(open.client.get());
  ASSERT_TRUE(rtt.has_value());
  EXPECT_GT(rtt->srtt_us, 0u);
  EXPECT_LE(rtt->min_rtt_us, rtt->srtt_us * 8);  // srtt is a smoothed mean; min is a minimum
  SocketMeter m;
  m.on_open(open.client.get());
  m.on_open(closed.client.get());
  m.begin_window();
  m.on_close(closed.client.get());
  m.end_window();
  EXPECT_EQ(m.srtt().count(), 2u);
  EXPECT_EQ(m.min_rtt().count(), 2u);
  EXPECT_LT(m.min_rtt().summarize().max_ns, 50'000'000);  // < 50 ms on loopback, loaded or not
  EXPECT_EQ(m.window_totals().retrans, 0u);
  EXPECT_FALSE(read_tcp_rtt(-1).has_value());
}

TEST(SocketMeterTest, CountsOnlyInWindowBytesWhenSocketOpenedBeforeWindow) {
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  SocketMeter meter;
  meter.on_open(p.client.get());
  transfer(p.client.get(), p.server.get(), 5000);  // before the window
  transfer(p.server.get(), p.client.get(), 700);
  meter.begin_window();
  transfer(p.client.get(), p.server.get(), 30'000);
  transfer(p.server.get(), p.client.get(), 1234);
  meter.end_window();
  const TcpCounters& t = meter.window_totals();
  EXPECT_EQ(t.bytes_sent, 30'000u);
  EXPECT_EQ(t.bytes_received, 1234u);
  EXPECT_GE(t.segs_out, 1u);
  EXPECT_GE(t.segs_in, 1u);
  EXPECT_EQ(meter.connections_opened(), 0u);  // opened before the window
  EXPECT_EQ(meter.connections_open_at_end(), 1u);
  EXPECT_EQ(meter.read_failures(), 0u);
  meter.on_close(p.client.get());
  EXPECT_EQ(meter.open_now(), 0u);
}

TEST(SocketMeterTest, CountsSocketOpenedAndClosedInsideWindowFully) {
  SocketMeter meter;
  meter.begin_window();
  {
    TcpPair p = make_pair_or_fail();
    ASSERT_GE(p.server.get(), 0);
    meter.on_open(p.client.get());
    EXPECT_EQ(meter.open_now(), 1u);
    transfer(p.client.get(), p.server.get(), 4321);
    transfer(p.server.get(), p.client.get(), 999);
    meter.on_close(p.client.get());
    p.client.reset();
  }
  EXPECT_EQ(meter.open_now(), 0u);
  meter.end_window();
  const TcpCounters& t = meter.window_totals();
  EXPECT_EQ(t.bytes_sent, 4321u);
  EXPECT_EQ(t.bytes_received, 999u);
  EXPECT_GE(t.segs_out, 2u);  // SYN and data
  EXPECT_GE(t.segs_in, 2u);   // SYN-ACK and data
  EXPECT_EQ(meter.connections_opened(), 1u);
  EXPECT_EQ(meter.connections_open_at_end(), 0u);
  EXPECT_EQ(meter.read_failures(), 0u);
}

TEST(SocketMeterTest, CountsTheTeardownOfASocketClosedInsideTheWindow) {
  // close_socket defers close(2) until the FIN exchange is over, so the FIN sent and the peer's
  // ACK of it are in the socket's counters (tcpdump sees them; a plain close would lose them).
  SocketMeter meter;
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  const int fd = ::dup(p.client.get());  // the meter closes this one
  ASSERT_GE(fd, 0);
  p.client.reset();
  meter.on_open(fd);
  meter.begin_window();
  const TcpCounters baseline = counters_or_fail(fd);
  transfer(fd, p.server.get(), 100);
  p.server.reset();  // the peer closes first, as a poll-close server does
  usleep(20'000);
  const TcpCounters before = counters_or_fail(fd) - baseline;
  EXPECT_EQ(meter.close_socket(fd), 0);
  EXPECT_EQ(meter.open_now(), 1u) << "closed before its teardown was over";
  for (int i = 0; i < 100 && meter.open_now() > 0; ++i) {
    usleep(2'000);
    meter.reap_closing(false);
  }
  EXPECT_EQ(meter.open_now(), 0u);
  meter.end_window();
  const TcpCounters& t = meter.window_totals();
  EXPECT_EQ(t.bytes_sent, 100u);
  EXPECT_GE(t.segs_out, before.segs_out + 1) << "our FIN is not counted";
  EXPECT_GE(t.segs_in, before.segs_in + 1) << "the peer's ACK of our FIN is not counted";
  EXPECT_EQ(meter.read_failures(), 0u);
}

TEST(SocketMeterTest, CountsHandshakeSegmentsOfSocketOpenedInsideWindow) {
  // A socket registered in the window counts from zero: its SYN and handshake ACK belong to it.
  SocketMeter meter;
  meter.begin_window();
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  meter.on_open(p.client.get());
  meter.on_close(p.client.get());
  p.client.reset();
  meter.end_window();
  const TcpCounters& t = meter.window_totals();
  EXPECT_EQ(t.bytes_sent, 0u);
  EXPECT_EQ(t.bytes_received, 0u);
  EXPECT_GE(t.segs_out, 2u);  // SYN, ACK
  EXPECT_GE(t.segs_in, 1u);   // SYN-ACK
  EXPECT_EQ(meter.connections_opened(), 1u);
}

TEST(SocketMeterTest, CountsSocketsStillOpenAtEndOfWindow) {
  SocketMeter meter;
  TcpPair before = make_pair_or_fail();
  ASSERT_GE(before.server.get(), 0);
  meter.on_open(before.client.get());
  meter.begin_window();
  TcpPair kept = make_pair_or_fail();
  TcpPair closed = make_pair_or_fail();
  ASSERT_GE(kept.server.get(), 0);
  ASSERT_GE(closed.server.get(), 0);
  meter.on_open(kept.client.get());
  meter.on_open(closed.client.get());
  transfer(before.client.get(), before.server.get(), 100);
  transfer(kept.client.get(), kept.server.get(), 200);
  transfer(closed.client.get(), closed.server.get(), 400);
  meter.on_close(closed.client.get());
  closed.client.reset();
  meter.end_window();
  EXPECT_EQ(meter.connections_opened(), 2u);
  EXPECT_EQ(meter.connections_open_at_end(), 2u);  // `before` and `kept`
  EXPECT_EQ(meter.open_now(), 2u);
  EXPECT_EQ(meter.window_totals().bytes_sent, 700u);
  EXPECT_EQ(meter.read_failures(), 0u);
}

TEST(SocketMeterTest, IgnoresBytesAfterEndOfWindow) {
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  SocketMeter meter;
  meter.begin_window();
  meter.on_open(p.client.get());
  transfer(p.client.get(), p.server.get(), 1000);
  meter.end_window();
  const TcpCounters at_end = meter.window_totals();
  EXPECT_EQ(at_end.bytes_sent, 1000u);
  transfer(p.client.get(), p.server.get(), 50'000);
  transfer(p.server.get(), p.client.get(), 50'000);
  meter.on_close(p.client.get());
  meter.end_window();  // a second call changes nothing
  EXPECT_EQ(meter.window_totals().bytes_sent, at_end.bytes_sent);
  EXPECT_EQ(meter.window_totals().bytes_received, at_end.bytes_received);
  EXPECT_EQ(meter.window_totals().segs_out, at_end.segs_out);
  EXPECT_EQ(meter.window_totals().segs_in, at_end.segs_in);
  EXPECT_EQ(meter.connections_open_at_end(), 1u);
}

TEST(SocketMeterTest, IgnoresSocketOpenedAndClosedBeforeWindow) {
  SocketMeter meter;
  {
    TcpPair p = make_pair_or_fail();
    ASSERT_GE(p.server.get(), 0);
    meter.on_open(p.client.get());
    transfer(p.client.get(), p.server.get(), 3000);
    meter.on_close(p.client.get());
  }
  meter.begin_window();
  meter.end_window();
  EXPECT_EQ(meter.window_totals().bytes_sent, 0u);
  EXPECT_EQ(meter.window_totals().bytes_received, 0u);
  EXPECT_EQ(meter.connections_opened(), 0u);
  EXPECT_EQ(meter.connections_open_at_end(), 0u);
}

TEST(SocketMeterTest, IgnoresSocketOpenedAfterWindow) {
  SocketMeter meter;
  meter.begin_window();
  meter.end_window();
  TcpPair p = make_pair_or_fail();
  ASSERT_GE(p.server.get(), 0);
  meter.on_open(p.client.get());
  transfer(p.client.get(), p.server.get(), 3000);
  meter.on_close(p.client.get());
  EXPECT_EQ(meter.window_totals().bytes_sent, 0u);
  EXPECT_EQ(meter.connections_opened(), 0u);
}

TEST(SocketMeterTest, SumsBytesAcrossSuccessiveConnections) {
  SocketMeter meter;
  meter.begin_window();
  for (size_t i = 1; i <= 3; ++i) {
    TcpPair p = make_pair_or_fail();
    ASSERT_GE(p.server.get(), 0);
    meter.on_open(p.client.get());
    transfer(p.client.get(), p.server.get(), 1000 * i);
    meter.on_close(p.client.get());
  }
  meter.end_window();
  EXPECT_EQ(meter.window_totals().bytes_sent, 6000u);
  EXPECT_EQ(meter.connections_opened(), 3u);
  EXPECT_EQ(meter.connections_open_at_end(), 0u);
}

TEST(SocketMeterTest, StartsFromZeroWhenFdNumberIsReused) {
  SocketMeter meter;
  TcpPair a = make_pair_or_fail();
  ASSERT_GE(a.server.get(), 0);
  meter.on_open(a.client.get());
  transfer(a.client.get(), a.server.get(), 5000);  // before the window
  meter.begin_window();                            // baseline: 5000 bytes sent
  transfer(a.client.get(), a.server.get(), 100);
  const int fd = a.client.get();
  meter.on_close(fd);
  a.client.reset();

  // A new connection that gets the same descriptor number.
  TcpPair b = make_pair_or_fail();
  ASSERT_GE(b.server.get(), 0);
  if (b.client.get() != fd) {
    ASSERT_EQ(::dup2(b.client.get(), fd), fd) << std::strerror(errno);
    b.client = Fd(fd);  // closes the original descriptor, keeps the connection
  }
  meter.on_open(fd);
  transfer(fd, b.server.get(), 300);
  meter.on_close(fd);
  meter.end_window();
  EXPECT_EQ(meter.window_totals().bytes_sent, 400u);
  EXPECT_EQ(meter.connections_opened(), 1u);
}

TEST(SocketMeterTest, CountsReadFailureWhenFdIsNotTcp) {
  int fds[2] = {-1, -1};
  ASSERT_EQ(::pipe(fds), 0);
  Fd r(fds[0]);
  Fd w(fds[1]);
  SocketMeter meter;
  meter.on_open(r.get());
  meter.begin_window();
  EXPECT_GE(meter.read_failures(), 1u);
  meter.end_window();
  EXPECT_EQ(meter.read_failures(), 2u);  // the baseline and the final read
  EXPECT_EQ(meter.window_totals().bytes_sent, 0u);
}

TEST(SocketMeterTest, IgnoresNegativeAndUnknownFds) {
  SocketMeter meter;
  meter.on_open(-1);
  meter.on_close(-1);
  meter.on_close(12345);
  EXPECT_EQ(meter.open_now(), 0u);
  meter.begin_window();
  meter.end_window();
  EXPECT_EQ(meter.connections_open_at_end(), 0u);
  EXPECT_EQ(meter.read_failures(), 0u);
}

}  // namespace
}  // namespace pushbench
