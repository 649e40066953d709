// pushbench-mpi with network namespaces as hosts (issue 16): one server host and two client
// hosts on a bridge (net/netns_hosts.h), Open MPI starting the remote ranks with a script that
// runs `ip netns exec HOST ...` where it would run ssh. The same poll and ws cells run as a
// local sharded `pushbench run` (1 server, 2 client processes) must count the same: expected,
// delivered, lost and open connections exact. The clients apply the offsets they measure
// (--clock measure; the namespaces share one clock), so each must be within its uncertainty of
// 0. Needs root and Open MPI; skipped otherwise. The namespaces go also when it fails (RAII, and
// the stale clean-up at the start removes a killed run's).
#include <unistd.h>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "netns_hosts.h"
#include "stale.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr const char* kMpirun = "/usr/bin/mpirun";

std::vector<std::string> cell_options(const std::string& out) {
  return {
      "--transports", "poll,ws", "--clients",  "60",  "--rate",  "10",  "--poll-interval", "250",
      "--warmup",     "1",       "--duration", "1.5", "--drain", "0.5", "--seed",          "5",
      "--no-plots",   "--out",   out};
}

TEST(MpiTest, ThreeNamespaceHostsCountWhatLocalShardsCount) {
  if (std::string(PUSHBENCH_MPI_BIN).empty()) {
    GTEST_SKIP() << "pushbench-mpi is not built: CMake found no MPI (apt-get install openmpi-bin "
                    "libopenmpi-dev)";
  }
  if (access(kMpirun, X_OK) != 0) {
    GTEST_SKIP() << "no " << kMpirun << " (Debian package openmpi-bin)";
  }
  if (geteuid() != 0 || access("/usr/sbin/ip", X_OK) != 0) {
    GTEST_SKIP() << "namespaces as hosts need root and /usr/sbin/ip";
  }
  remove_stale_net_objects();
  TempDir dir;

  std::vector<std::string> local = {PUSHBENCH_CLI_BIN, "run", "--client-procs", "2",
                                    "--server-procs",  "1"};
  const auto local_options = cell_options(dir.file("local"));
  local.insert(local.end(), local_options.begin(), local_options.end());
  auto whole = run_rows_by_transport(local, dir.path(), dir.file("local"));

  const NetnsHosts hosts(3);
  const std::string agent = dir.file("agent.sh");
  {
    std::ofstream(agent) << hosts.rsh_agent_script(dir.path());
    chmod(agent.c_str(), 0755);
    // Rank 0 (coordinator) and 1 (server) on host 0, ranks 2 and 3 (clients) on hosts 1 and 2.
    std::ofstream(dir.file("hostfile")) << hosts.address(0) << " slots=2\n"
                                        << hosts.address(1) << " slots=1\n"
                                        << hosts.address(2) << " slots=1\n";
  }
  std::vector<std::string> argv = hosts.prefix(0);
  argv.insert(argv.end(), {kMpirun,
                           "--allow-run-as-root",
                           "--hostfile",
                           dir.file("hostfile"),
                           "-np",
                           "4",
                           "--mca",
                           "plm_rsh_agent",
                           agent,
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
                           "1",
                           "--clock",
                           "measure"});
  const auto mpi_options = cell_options(dir.file("mpi"));
  argv.insert(argv.end(), mpi_options.begin(), mpi_options.end());
  auto spread = run_rows_by_transport(argv, dir.path(), dir.file("mpi"));

  for (const std::string t : {"poll", "ws"}) {
    SCOPED_TRACE(t);
    ASSERT_TRUE(whole.count(t) && spread.count(t));
    const ResultsRow& a = whole[t];
    const ResultsRow& b = spread[t];
    for (const char* exact : {"notifications_expected", "notifications_delivered",
                              "notifications_lost", "connections_open"}) {
      EXPECT_EQ(number(a, exact), number(b, exact)) << exact;
    }
    EXPECT_EQ(a.at("clock"), "local");
    EXPECT_EQ(b.at("clock"), "measured");
    EXPECT_LE(std::fabs(number(b, "clock_offset_us")), number(b, "clock_uncertainty_us"));
    const auto client =
        nlohmann::json::parse(read_file(dir.file("mpi/raw/" + t + "-r1.client.json")));
    EXPECT_EQ(b.at("flags").find("errors"), std::string::npos)
        << b.at("flags") << ": " << client.at("errors").dump();
  }
  // meta.json says where each rank ran; raw/ holds every client rank's measured offset.
  const auto meta = nlohmann::json::parse(read_file(dir.file("mpi/meta.json")));
  ASSERT_EQ(meta.at("mpi").at("ranks").size(), 4u);
  EXPECT_EQ(meta.at("mpi").at("ranks")[3].at("address"), hosts.address(2));
  EXPECT_EQ(meta.at("mpi").at("ranks")[1].at("role"), "server");
  const auto clocks = nlohmann::json::parse(read_file(dir.file("mpi/raw/poll-r1.clock.json")));
  ASSERT_EQ(clocks.size(), 2u);
  for (const auto& c : clocks) {
    EXPECT_LE(std::llabs(c.at("offset_ns").get<int64_t>()), c.at("uncertainty_ns").get<int64_t>());
    EXPECT_TRUE(c.at("same_host").get<bool>());  // one machine: one boot id
  }
}

}  // namespace
}  // namespace pushbench::test
