// Half-open peers: clients whose network vanished without a FIN or RST (their link goes down in
// a network namespace) are detected dead and their SSE streams and held long polls closed within
// the --dead-peer bound (TCP keepalive + TCP_USER_TIMEOUT, and the SSE heartbeat that makes a
// quiet stream write). Needs root and /usr/sbin/ip; skipped otherwise.
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http_server_fixture.h"
#include "netns.h"

namespace pushbench::test {
namespace {

// The calling thread in another network namespace for its lifetime (sockets made meanwhile
// stay there).
class InNetns {
 public:
  explicit InNetns(const std::string& name)
      : home_(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) {
    const int target = ::open(("/var/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
    ok_ = home_ >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
    if (target >= 0) {
      ::close(target);
    }
  }
  ~InNetns() {
    if (home_ >= 0) {
      (void)::setns(home_, CLONE_NEWNET);
      ::close(home_);
    }
  }
  InNetns(const InNetns&) = delete;
  InNetns& operator=(const InNetns&) = delete;
  bool ok() const noexcept { return ok_; }

 private:
  int home_;
  bool ok_ = false;
};

class ServerDeadPeerTest : public HttpServerFixture {};

TEST_F(ServerDeadPeerTest, ClosesStreamsOfVanishedPeersWithinTheBound) {
  if (geteuid() != 0 || ::access("/usr/sbin/ip", X_OK) != 0) {
    GTEST_SKIP() << "needs root and /usr/sbin/ip (network namespaces)";
  }
  NetnsPair ns;
  constexpr int kDeadPeerS = 6;
  constexpr int kStreams = 40;
  start(
      {"--host", ns.server_address(), "--dead-peer", std::to_string(kDeadPeerS), "--sse-heartbeat",
       "1", "--idle-timeout", "600", "--longpoll-timeout", "600", "--workload", "chat"},
      kStreams, ns.server_prefix());
  const int baseline = open_fds(server_->pid());
  std::vector<std::unique_ptr<HttpConnection>> clients;
  {
    InNetns in(ns.client_prefix().back());
    ASSERT_TRUE(in.ok()) << "cannot enter the client namespace";
    for (int i = 0; i < kStreams; ++i) {
      clients.push_back(std::make_unique<HttpConnection>(port_, 2, ns.server_address()));
      const std::string path = i % 2 == 0 ? "/sse?client=" + std::to_string(i)
                                          : "/longpoll?client=" + std::to_string(i) + "&after=0";
      clients.back()->send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }
  }
  ::usleep(500'000);
  ASSERT_GE(open_fds(server_->pid()), baseline + kStreams) << "streams not open";
  // The peers vanish: their link goes down, nothing is sent back, not even a reset.
  ASSERT_EQ(std::system(("/usr/sbin/ip -n " + ns.client_prefix().back() + " link set " +
                         ns.client_iface() + " down")
                            .c_str()),
            0);
  const int64_t t0 = mono_ns();
  int open = 0;
  while (mono_ns() - t0 < (kDeadPeerS + 4) * kNsPerSec) {  // the bound: --dead-peer + 2 s
    open = open_fds(server_->pid()) - baseline;
    if (open <= 0) {
      break;
    }
    ::usleep(200'000);
  }
  const double took_s = static_cast<double>(mono_ns() - t0) / 1e9;
  std::printf("%d half-open streams reaped after %.1f s (--dead-peer %d)\n", kStreams, took_s,
              kDeadPeerS);
  EXPECT_LE(open, 0) << "connections of vanished peers still open after " << took_s << " s";
  stop_server();
}

}  // namespace
}  // namespace pushbench::test
