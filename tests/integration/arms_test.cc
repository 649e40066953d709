// Second implementations (issue 18 item 1): `pushbench run --server pushbench,nginx` and
// `--server pushpin` on a small broadcast (10 clients, 2 s window): every arm's rows balance
// (expected == delivered, nothing lost, no error), nginx' poll responses carry pushbench-server's
// bytes but for its own headers (bounded below), the implementation's CPU is a column of its own,
// a transport an implementation does not serve is one line and exit 2, and nothing is left
// running, after a run or a Ctrl-C. Skipped, saying why, where nginx or Pushpin is not installed.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr auto kTimeout = std::chrono::seconds(90);
// nginx' response headers that pushbench-server does not send ("Server: nginx", "Date: ...",
// "Connection: keep-alive"; ~76 B) bound how many more bytes a poll response may carry.
constexpr double kNginxExtraHeaderBytes = 120;

bool installed(std::initializer_list<const char*> paths) {
  for (const char* p : paths) {
    if (access(p, R_OK) != 0) {
      return false;
    }
  }
  return true;
}
bool nginx_installed() {
  return installed({"/usr/sbin/nginx", "/usr/lib/nginx/modules/ngx_http_js_module.so"});
}
bool pushpin_installed() {
  return installed({"/usr/bin/condure", "/usr/bin/zurl", "/usr/bin/pushpin-proxy",
                    "/usr/bin/pushpin-handler", "/usr/lib/pushpin/internal.conf"});
}

std::vector<std::string> small_run(const std::string& servers, const std::string& transports,
                                   const std::string& out, double duration_s) {
  return {PUSHBENCH_CLI_BIN,
          "run",
          "--server",
          servers,
          "--transports",
          transports,
          "--clients",
          "10",
          "--poll-interval",
          "250",
          "--warmup",
          "2",
          "--duration",
          fmt::format("{}", duration_s),
          "--drain",
          "0.6",
          "--seed",
          "18",
          "--no-plots",
          "--out",
          out};
}

// Pushpin's processes name the run's runtime directory (/tmp/pushbench-pushpin-*), not --out:
// one whose directory is gone was left behind.
std::vector<pid_t> orphaned_pushpin_processes() {
  std::vector<pid_t> out;
  for (pid_t pid : processes_mentioning("/tmp/pushbench-pushpin-")) {
    std::string cmd = read_file(fmt::format("/proc/{}/cmdline", pid));
    const size_t at = cmd.find("/tmp/pushbench-pushpin-");
    if (at == std::string::npos) {
      continue;
    }
    const std::string dir = cmd.substr(at, std::string("/tmp/pushbench-pushpin-XXXXXX").size());
    if (!std::filesystem::exists(dir)) {
      out.push_back(pid);
    }
  }
  return out;
}

class ArmsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    if (nginx_installed()) {
      nginx_ = run("pushbench,nginx", "poll", "nginx");
    }
    if (pushpin_installed()) {
      pushpin_ = run("pushpin", "longpoll,sse,ws", "pushpin");
    }
  }
  static void TearDownTestSuite() {
    nginx_.clear();
    pushpin_.clear();
    dir_.reset();
  }

  // One run: its rows by "<server_impl>/<transport>".
  static std::map<std::string, ResultsRow> run(const std::string& servers,
                                               const std::string& transports,
                                               const std::string& out) {
    const ProcessResult r = run_process(small_run(servers, transports, dir_->file(out), 2),
                                        dir_->path(), dir_->path(), kTimeout);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    std::map<std::string, ResultsRow> rows;
    for (ResultsRow& row : read_results(dir_->file(out) + "/results.csv")) {
      rows[row["server_impl"] + "/" + row["transport"]] = row;
    }
    EXPECT_TRUE(eventually([&] { return processes_mentioning(dir_->file(out)).empty(); },
                           std::chrono::seconds(5)))
        << "a process of the run is still running";
    return rows;
  }

  static void expect_balanced(const ResultsRow& row) {
    EXPECT_GT(number(row, "notifications_expected"), 0);
    EXPECT_EQ(number(row, "notifications_delivered"), number(row, "notifications_expected"));
    EXPECT_EQ(number(row, "notifications_lost"), 0);
    EXPECT_EQ(number(row, "notifications_duplicated"), 0);
    EXPECT_EQ(number(row, "client_errors"), 0);
    EXPECT_GT(number(row, "impl_cpu_s"), 0);
    EXPECT_GE(number(row, "server_cpu_s"), number(row, "impl_cpu_s"));
    EXPECT_GT(number(row, "impl_rss_kb"), 0);
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::map<std::string, ResultsRow> nginx_;
  static inline std::map<std::string, ResultsRow> pushpin_;
};

TEST_F(ArmsTest, NginxPollIsBalanced) {
  if (!nginx_installed()) {
    GTEST_SKIP() << "nginx or libnginx-mod-http-js is not installed (scripts/setup.sh installs "
                    "them)";
  }
  ASSERT_EQ(nginx_.size(), 2U) << "one row per implementation";
  SCOPED_TRACE("nginx/poll");
  expect_balanced(nginx_.at("nginx/poll"));
  const ResultsRow& own = nginx_.at("pushbench/poll");
  EXPECT_EQ(own.at("impl_cpu_s"), "") << "pushbench-server alone has no implementation column";
  EXPECT_EQ(number(own, "notifications_expected"),
            number(nginx_.at("nginx/poll"), "notifications_expected"))
      << "the same schedule";
}

TEST_F(ArmsTest, NginxPollResponsesCarryPushbenchsBytesButForItsHeaders) {
  if (!nginx_installed()) {
    GTEST_SKIP() << "nginx or libnginx-mod-http-js is not installed";
  }
  const ResultsRow& own = nginx_.at("pushbench/poll");
  const ResultsRow& nginx = nginx_.at("nginx/poll");
  const double own_per_poll = number(own, "app_bytes_down") / number(own, "requests_total");
  const double nginx_per_poll = number(nginx, "app_bytes_down") / number(nginx, "requests_total");
  EXPECT_GE(nginx_per_poll, own_per_poll - 5) << "nginx " << nginx_per_poll << " B per poll";
  EXPECT_LE(nginx_per_poll, own_per_poll + kNginxExtraHeaderBytes)
      << "nginx " << nginx_per_poll << " B per poll, pushbench " << own_per_poll;
  // The requests are the client's, byte for byte (but for the digits of `after` and the window's
  // edges, which cut a request from its bytes).
  EXPECT_NEAR(number(own, "app_bytes_up") / number(own, "requests_total"),
              number(nginx, "app_bytes_up") / number(nginx, "requests_total"), 1.0);
}

TEST_F(ArmsTest, PushpinLongpollSseWsAreBalanced) {
  if (!pushpin_installed()) {
    GTEST_SKIP() << "Pushpin is not installed (Debian package pushpin; scripts/setup.sh "
                    "installs it)";
  }
  ASSERT_EQ(pushpin_.size(), 3U);
  for (const char* t : {"longpoll", "sse", "ws"}) {
    SCOPED_TRACE(t);
    expect_balanced(pushpin_.at(std::string("pushpin/") + t));
  }
  EXPECT_TRUE(orphaned_pushpin_processes().empty());
}

TEST_F(ArmsTest, ATransportAnImplementationDoesNotServeIsOneLineAndExit2) {
  TempDir dir;
  for (const auto& [servers, transport] : std::vector<std::pair<std::string, std::string>>{
           {"pushbench,nginx", "ws"}, {"pushpin", "poll"}}) {
    SCOPED_TRACE(servers + " " + transport);
    const ProcessResult r = run_process(small_run(servers, transport, dir.file("out"), 2),
                                        dir.path(), dir.path(), std::chrono::seconds(20));
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(split_lines(r.err).size(), 1U) << r.err;
    EXPECT_NE(r.err.find("does not serve " + transport), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out"))) << "nothing may start";
  }
}

TEST_F(ArmsTest, CtrlCLeavesNoPushpinProcessBehind) {
  if (!pushpin_installed()) {
    GTEST_SKIP() << "Pushpin is not installed";
  }
  TempDir dir;
  const std::string out = dir.file("out");
  Spawned cli(small_run("pushpin", "ws", out, 5), dir.path(), dir.path(), /*own_group=*/true);
  ASSERT_TRUE(eventually(
      [&] {
        for (pid_t pid : processes_mentioning(out)) {
          if (read_file(fmt::format("/proc/{}/cmdline", pid)).find("pushbench-client") !=
              std::string::npos) {
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(20)))
      << "the client never started";
  ASSERT_EQ(kill(-cli.pid(), SIGINT), 0);
  const ProcessResult r = cli.wait(kTimeout);
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_TRUE(
      eventually([&] { return processes_mentioning(out).empty(); }, std::chrono::seconds(5)));
  EXPECT_TRUE(
      eventually([] { return orphaned_pushpin_processes().empty(); }, std::chrono::seconds(5)));
}

}  // namespace
}  // namespace pushbench::test
