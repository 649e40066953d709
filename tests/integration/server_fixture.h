// A test fixture that runs one pushbench-server on port 0 (its raw TCP port too), reads both
// ports and the schedule's epoch from the ready line, and on stop requires a clean SIGTERM exit
// (status 0 within 10 s) and the statistics JSON.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <stdexcept>

#include "child_process.h"
#include "clock.h"
#include "fd.h"
#include "test_support.h"

namespace pushbench::test {

// A blocking TCP connection to 127.0.0.1:port whose reads (and writes) time out after
// timeout_ms. rcvbuf > 0: the receive buffer's size, set before connecting (a small one makes a
// client that does not read back up at once).
inline Fd connect_loopback(int port, int timeout_ms, int rcvbuf = 0) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) {
    throw std::runtime_error("socket() failed");
  }
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (rcvbuf > 0) {
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    throw std::runtime_error("cannot connect to the server on port " + std::to_string(port));
  }
  return fd;
}

class ServerFixture : public ::testing::Test {
 protected:
  // `workload`: the server's options after --port and --stats.
  void start_server(const std::vector<std::string>& workload) {
    std::vector<std::string> argv = {PUSHBENCH_SERVER_BIN, "--port", "0", "--stats",
                                     dir_.file("stats.json")};
    argv.insert(argv.end(), workload.begin(), workload.end());
    server_ = std::make_unique<ChildProcess>(argv, -1, dir_.file("server.stderr"));
    stopped_ = false;
    const auto line = server_->read_line(mono_ns() + 10 * kNsPerSec);
    ASSERT_TRUE(line.has_value()) << "no ready line: server " << server_->describe();
    const nlohmann::json ready = nlohmann::json::parse(*line, nullptr, false);
    ASSERT_TRUE(!ready.is_discarded() && ready.contains("port") && ready.contains("tcp_port"))
        << "ready line: " << *line;
    port_ = ready["port"].get<int>();
    tcp_port_ = ready["tcp_port"].get<int>();
    epoch_ = ready.value("epoch_mono_ns", int64_t{0});
    ASSERT_GT(tcp_port_, 0) << "ready line: " << *line;
  }

  void TearDown() override {
    if (server_ && !stopped_) {
      stop_server();
    }
  }

  // SIGTERM; the server must exit with status 0 within 10 s and write its statistics JSON.
  nlohmann::json stop_server() {
    stopped_ = true;
    EXPECT_TRUE(server_->terminate(10 * kNsPerSec))
        << "server did not exit with status 0 within 10 s of SIGTERM: " << server_->describe();
    nlohmann::json stats =
        nlohmann::json::parse(read_file(dir_.file("stats.json")), nullptr, false);
    EXPECT_FALSE(stats.is_discarded()) << "no statistics JSON";
    return stats;
  }

  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
  int tcp_port_ = 0;
  int64_t epoch_ = 0;  // the schedule's time zero (CLOCK_MONOTONIC ns)
  bool stopped_ = false;
};

}  // namespace pushbench::test
