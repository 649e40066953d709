// Wire-level bytes and packets (issue 4): the client's wire_bytes_* (app bytes + TCP/IP headers
// computed from TCP_INFO segment counts) and packets_* agree within 2 % with a tcpdump capture of
// the same window on loopback. Skipped only when tcpdump is missing or capture is not permitted.
// And the server's own getrusage agrees with the /proc CPU time the bench samples.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "child_process.h"
#include "clock.h"
#include "proc_stats.h"
#include "test_support.h"

namespace pushbench {
namespace {

using test::TempDir;

std::optional<std::string> find_tcpdump() {
  for (const char* p : {"/usr/bin/tcpdump", "/usr/sbin/tcpdump", "/sbin/tcpdump"}) {
    if (access(p, X_OK) == 0) {
      return std::string(p);
    }
  }
  return std::nullopt;
}

// CLOCK_REALTIME − CLOCK_MONOTONIC (ns): pcap time stamps are wall-clock, the window monotonic.
int64_t realtime_minus_mono_ns() {
  int64_t best_gap = INT64_MAX;
  int64_t offset = 0;
  for (int i = 0; i < 20; ++i) {
    const int64_t m0 = mono_ns();
    timespec rt{};
    clock_gettime(CLOCK_REALTIME, &rt);
    const int64_t m1 = mono_ns();
    if (m1 - m0 < best_gap) {
      best_gap = m1 - m0;
      offset = rt.tv_sec * kNsPerSec + rt.tv_nsec - (m0 + (m1 - m0) / 2);
    }
  }
  return offset;
}

struct Capture {
  uint64_t bytes_up = 0;  // Σ IPv4 total length, client → server port
  uint64_t bytes_down = 0;
  uint64_t packets_up = 0;
  uint64_t packets_down = 0;
  uint64_t non_ipv4 = 0;
};

uint32_t rd32(const unsigned char* p, bool swap) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? __builtin_bswap32(v) : v;
}

// Parses a libpcap file (Ethernet link type, as tcpdump writes for lo) and sums the packets to
// and from `port` whose time stamps are in [from_ns, to_ns) (CLOCK_REALTIME).
Capture parse_pcap(const std::string& data, int port, int64_t from_ns, int64_t to_ns) {
  Capture c;
  const auto* d = reinterpret_cast<const unsigned char*>(data.data());
  if (data.size() < 24) {
    ADD_FAILURE() << "pcap file too short: " << data.size() << " bytes";
    return c;
  }
  const uint32_t magic = rd32(d, false);
  bool swap = false;
  bool nanos = false;
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
    nanos = magic == 0xa1b23c4d;
  } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
    swap = true;
    nanos = magic == 0x4d3cb2a1;
  } else {
    ADD_FAILURE() << "not a pcap file (magic " << std::hex << magic << ")";
    return c;
  }
  const uint32_t linktype = rd32(d + 20, swap);
  if (linktype != 1) {
    ADD_FAILURE() << "link type " << linktype << ", expected 1 (Ethernet)";
    return c;
  }
  size_t off = 24;
  while (off + 16 <= data.size()) {
    const int64_t sec = rd32(d + off, swap);
    const int64_t frac = rd32(d + off + 4, swap);
    const uint32_t caplen = rd32(d + off + 8, swap);
    const unsigned char* pkt = d + off + 16;
    off += 16 + caplen;
    if (off > data.size()) {
      break;
    }
    const int64_t ts = sec * kNsPerSec + (nanos ? frac : frac * 1000);
    if (ts < from_ns || ts >= to_ns || caplen < 14 + 20) {
      continue;
    }
    if (pkt[12] != 0x08 || pkt[13] != 0x00) {  // EtherType IPv4
      ++c.non_ipv4;
      continue;
    }
    const unsigned char* ip = pkt + 14;
    const size_t ihl = static_cast<size_t>(ip[0] & 0x0f) * 4;
    if (ip[9] != 6 || caplen < 14 + ihl + 4) {
      continue;
    }
    const uint32_t total_len = (uint32_t{ip[2]} << 8) | ip[3];
    const int sport = (ip[ihl] << 8) | ip[ihl + 1];
    const int dport = (ip[ihl + 2] << 8) | ip[ihl + 3];
    if (dport == port) {
      c.bytes_up += total_len;
      ++c.packets_up;
    } else if (sport == port) {
      c.bytes_down += total_len;
      ++c.packets_down;
    }
  }
  return c;
}

class WireCaptureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WireCaptureTest, WireBytesAndPacketsMatchATcpdumpCaptureWithinTwoPercent) {
  const std::string transport = GetParam();
  const auto tcpdump = find_tcpdump();
  if (!tcpdump) {
    GTEST_SKIP() << "tcpdump is not installed (scripts/setup.sh installs it): cannot verify the "
                    "wire-level byte and packet counts against a capture";
  }
  TempDir dir;
  const std::string pcap = dir.file("lo.pcap");
  // -U: write each packet at once; -Z root: keep the right to write into the private temp dir.
  ChildProcess dump(
      {"/bin/sh", "-c",
       "exec " + *tcpdump + " -i lo -n -U -Z root --immediate-mode -B 16384 -s 128 -w " + pcap +
           " tcp 2>&1"},
      -1, dir.file("tcpdump.log"));
  std::optional<std::string> line;
  while ((line = dump.read_line(mono_ns() + 10 * kNsPerSec))) {
    if (line->find("listening on") != std::string::npos) {
      break;
    }
  }
  if (!line) {
    GTEST_SKIP() << "tcpdump cannot capture on lo here (needs root or CAP_NET_RAW): "
                 << dump.describe();
  }

  const int clients = 20;
  const double warmup_s = 1.5;
  const double duration_s = 3;
  const int64_t epoch = mono_ns() + kNsPerSec + clients * 200'000;
  const std::vector<std::string> common = {
      "--clients",       std::to_string(clients), "--rate", "20", "--payload", "128", "--seed", "7",
      "--epoch-mono-ns", std::to_string(epoch)};
  std::vector<std::string> server_argv = {
      PUSHBENCH_SERVER_BIN,   "--port", "0", "--warmup", "1.5", "--duration", "3", "--stats",
      dir.file("server.json")};
  server_argv.insert(server_argv.end(), common.begin(), common.end());
  ChildProcess server(server_argv, -1, dir.file("server.log"));
  auto ready = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(ready.has_value()) << server.describe();
  const int port = nlohmann::json::parse(*ready).at("port").get<int>();

  std::vector<std::string> client_argv = {PUSHBENCH_CLIENT_BIN,
                                          "--transport",
                                          transport,
                                          "--port",
                                          std::to_string(port),
                                          "--warmup",
                                          "1.5",
                                          "--duration",
                                          "3",
                                          "--poll-interval",
                                          "200",
                                          "--result",
                                          dir.file("client.json")};
  client_argv.insert(client_argv.end(), common.begin(), common.end());
  ChildProcess client(client_argv, -1, dir.file("client.log"));
  const int64_t window_start = epoch + static_cast<int64_t>(warmup_s * 1e9);
  const int64_t window_end = window_start + static_cast<int64_t>(duration_s * 1e9);
  ASSERT_TRUE(client.read_line(window_start).has_value()) << client.describe();
  const int64_t offset = realtime_minus_mono_ns();
  while (mono_ns() < window_end + 300 * kNsPerMs) {
    usleep(50'000);
  }
  ASSERT_TRUE(client.terminate(10 * kNsPerSec)) << client.describe();
  EXPECT_TRUE(server.terminate(10 * kNsPerSec)) << server.describe();
  kill(dump.pid(), SIGINT);  // tcpdump flushes and prints its counts
  std::string dump_summary;
  while ((line = dump.read_line(mono_ns() + 5 * kNsPerSec))) {
    dump_summary += *line + "\n";
  }
  dump.terminate(5 * kNsPerSec);
  EXPECT_NE(("\n" + dump_summary).find("\n0 packets dropped by kernel"), std::string::npos)
      << "tcpdump dropped packets: the capture is incomplete\n"
      << dump_summary;

  const auto result = nlohmann::json::parse(test::read_file(dir.file("client.json")));
  ASSERT_TRUE(result.at("window_complete").get<bool>());
  const Capture cap =
      parse_pcap(test::read_file(pcap), port, window_start + offset, window_end + offset);
  EXPECT_EQ(cap.non_ipv4, 0u) << "runs bind IPv4 127.0.0.1: the 52-byte header assumes IPv4";
  const auto wire_up = result.at("wire_bytes_up").get<uint64_t>();
  const auto wire_down = result.at("wire_bytes_down").get<uint64_t>();
  const auto packets_up = result.at("segments_up").get<uint64_t>();
  const auto packets_down = result.at("segments_down").get<uint64_t>();
  std::printf(
      "%s: capture up %llu B / %llu pkts, down %llu B / %llu pkts; reported up %llu B / "
      "%llu pkts, down %llu B / %llu pkts; connections opened %llu\n",
      transport.c_str(), static_cast<unsigned long long>(cap.bytes_up),
      static_cast<unsigned long long>(cap.packets_up),
      static_cast<unsigned long long>(cap.bytes_down),
      static_cast<unsigned long long>(cap.packets_down), static_cast<unsigned long long>(wire_up),
      static_cast<unsigned long long>(packets_up), static_cast<unsigned long long>(wire_down),
      static_cast<unsigned long long>(packets_down),
      static_cast<unsigned long long>(result.at("connections_opened").get<uint64_t>()));
  ASSERT_GT(cap.packets_up, 100u) << "too little traffic in the window to compare";
  ASSERT_GT(cap.packets_down, 100u);
  auto near = [](uint64_t reported, uint64_t captured) {
    return std::abs(static_cast<double>(reported) - static_cast<double>(captured)) <=
           0.02 * static_cast<double>(captured);
  };
  EXPECT_TRUE(near(wire_up, cap.bytes_up)) << wire_up << " vs captured " << cap.bytes_up;
  EXPECT_TRUE(near(wire_down, cap.bytes_down)) << wire_down << " vs captured " << cap.bytes_down;
  EXPECT_TRUE(near(packets_up, cap.packets_up)) << packets_up << " vs " << cap.packets_up;
  EXPECT_TRUE(near(packets_down, cap.packets_down)) << packets_down << " vs " << cap.packets_down;
}

INSTANTIATE_TEST_SUITE_P(Transports, WireCaptureTest, ::testing::Values("poll", "poll-close", "ws"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

// The server's own getrusage (user + sys, whole run, in its exit statistics) agrees within 10 %
// with the /proc schedstat on-CPU time the bench samples (server_cpu_s is a difference of two
// such samples), taken just before the server is stopped. 30,000 notifications/s: at 15,000 the
// server came to use 0.19 s over the run, under the 0.2 s this compares.
TEST(ServerCpuTest, SchedstatCpuTimeMatchesTheServersOwnGetrusageWithinTenPercent) {
  TempDir dir;
  const int64_t epoch = mono_ns() + kNsPerSec;
  const std::vector<std::string> common = {
      "--clients", "100", "--rate",          "300",
      "--payload", "256", "--epoch-mono-ns", std::to_string(epoch)};
  std::vector<std::string> server_argv = {
      PUSHBENCH_SERVER_BIN,   "--port", "0", "--warmup", "0.5", "--duration", "3.5", "--stats",
      dir.file("server.json")};
  server_argv.insert(server_argv.end(), common.begin(), common.end());
  ChildProcess server(server_argv, -1, dir.file("server.log"));
  auto ready = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(ready.has_value()) << server.describe();
  const int port = nlohmann::json::parse(*ready).at("port").get<int>();
  std::vector<std::string> client_argv = {PUSHBENCH_CLIENT_BIN,
                                          "--transport",
                                          "ws",
                                          "--port",
                                          std::to_string(port),
                                          "--warmup",
                                          "0.5",
                                          "--duration",
                                          "3.5",
                                          "--result",
                                          dir.file("client.json")};
  client_argv.insert(client_argv.end(), common.begin(), common.end());
  ChildProcess client(client_argv, -1, dir.file("client.log"));
  ASSERT_TRUE(client.read_line(epoch + kNsPerSec / 2).has_value()) << client.describe();
  while (mono_ns() < epoch + 4 * kNsPerSec) {
    usleep(50'000);
  }
  const auto sample = sample_process(server.pid());
  ASSERT_TRUE(sample.has_value());
  EXPECT_TRUE(client.terminate(10 * kNsPerSec)) << client.describe();
  ASSERT_TRUE(server.terminate(10 * kNsPerSec)) << server.describe();
  const auto stats = nlohmann::json::parse(test::read_file(dir.file("server.json")));
  ASSERT_TRUE(stats.contains("rusage_cpu_s")) << stats.dump();
  const double rusage_s = stats.at("rusage_cpu_s").get<double>();
  std::printf("server CPU: schedstat %.4f s (before SIGTERM), getrusage %.4f s (at exit)\n",
              sample->cpu_s, rusage_s);
  ASSERT_GE(sample->cpu_s, 0.2) << "too little server CPU to compare";
  EXPECT_NEAR(rusage_s, sample->cpu_s, 0.1 * sample->cpu_s);
}

}  // namespace
}  // namespace pushbench
