// pushbench-mpi with network namespaces as hosts (issue 16): one server host and two client
// hosts on a bridge (net/netns_hosts.h), Open MPI starting the remote ranks with a script that
// runs `ip netns exec HOST ...` where it would run ssh. Three runs, inspected by the tests:
//   local  `pushbench run` of poll and ws, 1 server and 2 client processes;
//   mpi    the same cells under mpirun, the clients applying the offsets they measure
//          (--clock measure: the namespaces share one clock, so each must be within its
//          uncertainty of 0);
//   delay  ws again with 20 ms added one way, server -> each client host (pushbench-delay in the
//          client hosts' namespaces): the latency must rise by that much.
// Needs root and Open MPI (the delay run pushbench-delay); skipped otherwise. The namespaces go
// also when it fails (RAII; the stale clean-up at the start removes a killed run's).
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "net_shaper.h"
#include "netns_hosts.h"
#include "stale.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr const char* kMpirun = "/usr/bin/mpirun";
constexpr double kOneWayMs = 20;

using Rows = std::map<std::string, ResultsRow>;

std::vector<std::string> cell_options(const std::string& transports, const std::string& out) {
  return {
      "--transports", transports, "--clients",  "60",  "--rate",  "10",  "--poll-interval", "250",
      "--warmup",     "1",        "--duration", "1.5", "--drain", "0.5", "--seed",          "5",
      "--no-plots",   "--out",    out};
}

class MpiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::string(PUSHBENCH_MPI_BIN).empty()) {
      skip_ =
          "pushbench-mpi is not built: CMake found no MPI (apt-get install openmpi-bin "
          "libopenmpi-dev)";
      return;
    }
    if (access(kMpirun, X_OK) != 0) {
      skip_ = std::string("no ") + kMpirun + " (Debian package openmpi-bin)";
      return;
    }
    if (geteuid() != 0 || access("/usr/sbin/ip", X_OK) != 0) {
      skip_ = "namespaces as hosts need root and /usr/sbin/ip";
      return;
    }
    remove_stale_net_objects();
    dir_ = std::make_unique<TempDir>();
    std::vector<std::string> local = {PUSHBENCH_CLI_BIN, "run", "--client-procs", "2",
                                      "--server-procs",  "1"};
    const auto local_options = cell_options("poll,ws", dir_->file("local"));
    local.insert(local.end(), local_options.begin(), local_options.end());
    local_ = run_rows_by_transport(local, dir_->path(), dir_->file("local"));

    hosts_ = std::make_unique<NetnsHosts>(3);
    const std::string agent = dir_->file("agent.sh");
    std::ofstream(agent) << hosts_->rsh_agent_script(dir_->path());
    chmod(agent.c_str(), 0755);
    // Rank 0 (coordinator) and 1 (server) on host 0, ranks 2 and 3 (clients) on hosts 1 and 2.
    std::ofstream(dir_->file("hostfile")) << hosts_->address(0) << " slots=2\n"
                                          << hosts_->address(1) << " slots=1\n"
                                          << hosts_->address(2) << " slots=1\n";
    mpi_ = run_mpi({"--clock", "measure"}, "poll,ws", "mpi");
    if (std::string(PUSHBENCH_DELAY_BIN).empty()) {
      return;  // the delay test says why it is skipped
    }
    NetConditions one_way;
    one_way.rtt_ms = 2 * kOneWayMs;  // half of it each way: the down direction alone is shaped
    std::vector<std::unique_ptr<NetShaper>> links;
    for (int i = 1; i < hosts_->size(); ++i) {
      links.push_back(
          std::make_unique<NetShaper>(one_way, hosts_->link(i),
                                      NetShaperOptions{.delay_binary = PUSHBENCH_DELAY_BIN,
                                                       .stats_dir = dir_->path(),
                                                       .seed = static_cast<uint64_t>(i),
                                                       .down_cpu = -1,
                                                       .up_cpu = -1}));
    }
    delayed_ = run_mpi({}, "ws", "delay");
  }

  static Rows run_mpi(const std::vector<std::string>& extra, const std::string& transports,
                      const std::string& out) {
    std::vector<std::string> argv = hosts_->prefix(0);
    argv.insert(argv.end(), {kMpirun,
                             "--allow-run-as-root",
                             "--hostfile",
                             dir_->file("hostfile"),
                             "-np",
                             "4",
                             "--mca",
                             "plm_rsh_agent",
                             dir_->file("agent.sh"),
                             "--mca",
                             "oob_tcp_if_include",
                             NetnsHosts::subnet(),
                             "--mca",
                             "btl_tcp_if_include",
                             NetnsHosts::subnet(),
                             "--mca",
                             "btl",
                             "self,tcp",
                             PUSHBENCH_MPI_BIN,
                             "--server-ranks",
                             "1"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto options = cell_options(transports, dir_->file(out));
    argv.insert(argv.end(), options.begin(), options.end());
    return run_rows_by_transport(argv, dir_->path(), dir_->file(out));
  }

  static void TearDownTestSuite() {
    hosts_.reset();
    dir_.reset();
  }

  void SetUp() override {
    if (!skip_.empty()) {
      GTEST_SKIP() << skip_;
    }
  }

  static nlohmann::json mpi_json(const std::string& path) {
    return nlohmann::json::parse(read_file(dir_->file("mpi/" + path)));
  }

  static inline std::string skip_;
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<NetnsHosts> hosts_;
  static inline Rows local_, mpi_, delayed_;
};

TEST_F(MpiTest, ThreeHostsCountWhatLocalShardsCount) {
  for (const std::string t : {"poll", "ws"}) {
    SCOPED_TRACE(t);
    ASSERT_TRUE(local_.count(t) && mpi_.count(t));
    const ResultsRow& a = local_[t];
    const ResultsRow& b = mpi_[t];
    for (const char* exact : {"notifications_expected", "notifications_delivered",
                              "notifications_lost", "connections_open"}) {
      EXPECT_EQ(number(a, exact), number(b, exact)) << exact;
    }
    const auto client = mpi_json("raw/" + t + "-r1.client.json");
    EXPECT_EQ(b.at("flags").find("errors"), std::string::npos)
        << b.at("flags") << ": " << client.at("errors").dump();
  }
  // meta.json says where each rank ran.
  const auto ranks = mpi_json("meta.json").at("mpi").at("ranks");
  ASSERT_EQ(ranks.size(), 4u);
  EXPECT_EQ(ranks[1].at("role"), "server");
  EXPECT_EQ(ranks[1].at("address"), hosts_->address(0));
  EXPECT_EQ(ranks[3].at("address"), hosts_->address(2));
}

TEST_F(MpiTest, MeasuredOffsetsAreWithinTheirUncertaintyOfZeroOnOneMachine) {
  for (const std::string t : {"poll", "ws"}) {
    SCOPED_TRACE(t);
    ASSERT_TRUE(local_.count(t) && mpi_.count(t));
    EXPECT_EQ(local_[t].at("clock"), "local");
    EXPECT_EQ(mpi_[t].at("clock"), "measured");
    EXPECT_LE(std::fabs(number(mpi_[t], "clock_offset_us")),
              number(mpi_[t], "clock_uncertainty_us"));
    const auto clocks = mpi_json("raw/" + t + "-r1.clock.json");
    ASSERT_EQ(clocks.size(), 2u);
    for (const auto& c : clocks) {
      std::printf("%s: client rank %d offset %.1f +- %.1f us\n", t.c_str(),
                  c.at("client_rank").get<int>(), c.at("offset_ns").get<double>() / 1e3,
                  c.at("uncertainty_ns").get<double>() / 1e3);
      EXPECT_LE(std::llabs(c.at("offset_ns").get<int64_t>()),
                c.at("uncertainty_ns").get<int64_t>());
      EXPECT_TRUE(c.at("same_host").get<bool>());  // one machine: one boot id
    }
  }
}

TEST_F(MpiTest, LatencyRisesByTheOneWayDelayBetweenHosts) {
  if (std::string(PUSHBENCH_DELAY_BIN).empty()) {
    GTEST_SKIP() << "pushbench-delay is not built (libnetfilter-queue-dev): no delay stage";
  }
  ASSERT_TRUE(mpi_.count("ws") && delayed_.count("ws"));
  const ResultsRow& row = delayed_["ws"];
  EXPECT_EQ(row.at("clock"), "same_host");  // --clock auto: one boot id, the exact method
  EXPECT_EQ(number(row, "notifications_lost"), 0);
  const double before = number(mpi_["ws"], "latency_p50_us") / 1e3;
  const double after = number(row, "latency_p50_us") / 1e3;
  std::printf("ws p50 %.2f ms without, %.2f ms with %.0f ms one way (server -> client hosts)\n",
              before, after, kOneWayMs);
  EXPECT_GE(after - before, 0.9 * kOneWayMs);
  EXPECT_LE(after - before, 1.5 * kOneWayMs);
}

}  // namespace
}  // namespace pushbench::test
