// `pushbench run` under faults: a terminal's Ctrl-C, kill -9 of the CLI, a child killed or
// stopped, a reused --out. An interrupted repetition is never a row of results.csv, the CLI's
// children never outlive it, and the message says where the finished runs are.
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "clock.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

namespace fs = std::filesystem;
constexpr auto kTimeout = std::chrono::seconds(60);

// A short run: 10 WebSocket clients, 2 s window (about 5 s per repetition).
std::vector<std::string> short_run(const std::string& out, int repeat) {
  return {PUSHBENCH_CLI_BIN,
          "run",
          "--transports",
          "ws",
          "--clients",
          "10",
          "--warmup",
          "1",
          "--duration",
          "2",
          "--drain",
          "0.5",
          "--repeat",
          std::to_string(repeat),
          "--no-plots",
          "--out",
          out};
}

// The pid of the live process whose command line has `name` and `out`, or -1.
pid_t child_of_run(const std::string& name, const std::string& out) {
  for (pid_t pid : processes_mentioning(out)) {
    if (read_file("/proc/" + std::to_string(pid) + "/cmdline").find(name) != std::string::npos) {
      return pid;
    }
  }
  return -1;
}

// Waits until repetition `rep`'s client has started and `extra` more have passed (mid-window).
void wait_mid_window(const std::string& out, int rep, std::chrono::milliseconds extra) {
  const std::string stem = out + "/raw/ws-r" + std::to_string(rep) + ".";
  ASSERT_TRUE(eventually([&] { return child_of_run("pushbench-client", stem) > 0; },
                         std::chrono::seconds(30)))
      << "repetition " << rep << "'s client never started";
  std::this_thread::sleep_for(extra);
}

TEST(RunFaultsTest, CtrlCStopsTheRepetitionAtOnceAndRecordsOnlyFinishedOnes) {
  TempDir dir;
  const std::string out = dir.file("out");
  // In a group of its own, as a terminal's foreground job: kill(-pgid) is what Ctrl-C does.
  Spawned cli(short_run(out, 2), dir.path(), dir.path(), /*own_group=*/true);
  wait_mid_window(out, 2, std::chrono::milliseconds(2500));  // 1 s to connect, 1 s warm-up
  const int64_t sent = mono_ns();
  ASSERT_EQ(kill(-cli.pid(), SIGINT), 0);
  const ProcessResult r = cli.wait(kTimeout);
  const double stop_s = static_cast<double>(mono_ns() - sent) / 1e9;
  ASSERT_FALSE(r.timed_out) << r.describe();
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_LT(stop_s, 5.0) << "the repetition must stop at once, not at its window's end";
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find(out + "/results.csv"), std::string::npos) << r.describe();
  const auto rows = read_results(out + "/results.csv");
  ASSERT_EQ(rows.size(), 1U) << "only the finished repetition is a row";
  EXPECT_EQ(rows[0].at("repetition"), "1");
  EXPECT_TRUE(
      eventually([&] { return processes_mentioning(out).empty(); }, std::chrono::seconds(5)))
      << "a child of the interrupted run is still running";
}

TEST(RunFaultsTest, KillingTheCliKillsItsChildren) {
  TempDir dir;
  const std::string out = dir.file("out");
  Spawned cli(short_run(out, 1), dir.path(), dir.path(), /*own_group=*/true);
  wait_mid_window(out, 1, std::chrono::milliseconds(500));
  ASSERT_FALSE(processes_mentioning(out).empty());
  ASSERT_EQ(kill(cli.pid(), SIGKILL), 0);  // the CLI alone, not its group
  const ProcessResult r = cli.wait(kTimeout);
  EXPECT_EQ(r.signal, SIGKILL) << r.describe();
  EXPECT_TRUE(
      eventually([&] { return processes_mentioning(out).empty(); }, std::chrono::seconds(5)))
      << "pushbench-server or pushbench-client outlived the CLI";
}

// A child killed (-9) or stopped (SIGSTOP) mid-window: the run fails at once (exit 1), says
// what happened and where the finished repetition is.
void expect_child_failure_reported(int sig, const std::string& must_mention) {
  TempDir dir;
  const std::string out = dir.file("out");
  Spawned cli(short_run(out, 2), dir.path(), dir.path(), /*own_group=*/true);
  wait_mid_window(out, 2, std::chrono::milliseconds(2500));
  const pid_t client = child_of_run("pushbench-client", out + "/raw/ws-r2.");
  ASSERT_GT(client, 0);
  ASSERT_EQ(kill(client, sig), 0);
  const ProcessResult r = cli.wait(kTimeout);
  ASSERT_FALSE(r.timed_out) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_LT(r.elapsed_s, 30.0) << r.describe();
  EXPECT_NE(r.err.find(must_mention), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find(out + "/results.csv"), std::string::npos)
      << "the message must say where the finished runs are: " << r.describe();
  const auto rows = read_results(out + "/results.csv");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].at("repetition"), "1");
  EXPECT_TRUE(
      eventually([&] { return processes_mentioning(out).empty(); }, std::chrono::seconds(5)));
}

TEST(RunFaultsTest, AKilledClientIsReportedWithWhereTheFinishedRunsAre) {
  expect_child_failure_reported(SIGKILL, "SIGKILL");
}

TEST(RunFaultsTest, AStoppedClientIsDetectedAndReported) {
  expect_child_failure_reported(SIGSTOP, "SIGSTOP");
}

TEST(RunFaultsTest, AReusedOutIsRefusedWithoutForce) {
  TempDir dir;
  const std::string out = dir.file("out");
  fs::create_directories(out + "/raw");
  { std::ofstream(out + "/results.csv") << "earlier run\n"; }
  { std::ofstream(out + "/raw/old-r1.client.json") << "{}\n"; }
  const ProcessResult refused = run_process(short_run(out, 1), dir.path(), dir.path(), kTimeout);
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_EQ(split_lines(refused.err).size(), 1U) << refused.describe();
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.describe();
  EXPECT_EQ(read_file(out + "/results.csv"), "earlier run\n") << "the earlier run was touched";

  std::vector<std::string> forced = short_run(out, 1);
  forced.push_back("--force");
  const ProcessResult r = run_process(forced, dir.path(), dir.path(), kTimeout);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_results(out + "/results.csv").size(), 1U);
  EXPECT_FALSE(fs::exists(out + "/raw/old-r1.client.json")) << "the earlier run's raw files stay";
}

// A tmpfs of 64 KiB mounted in a temp dir (root only), unmounted on destruction.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const std::string& path) : path_(path) {
    fs::create_directories(path);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, "size=64k") == 0;
    error_ = mounted_ ? "" : std::strerror(errno);
  }
  ~SmallTmpfs() {
    if (mounted_) {
      ::umount2(path_.c_str(), MNT_DETACH);
    }
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  bool mounted() const noexcept { return mounted_; }
  const std::string& error() const noexcept { return error_; }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

// Disk full under --out once made pushbench-client abort (SIGABRT: its error line could not be
// written to its log, and fmt::print threw from main's catch handler).
TEST(RunFaultsTest, DiskFullIsOneClearLineAndNothingHalfWritten) {
  TempDir dir;
  SmallTmpfs disk(dir.file("disk"));
  if (!disk.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << disk.error();
  }
  // Room for meta.json (one 4 KiB page) and nothing after it.
  {
    std::ofstream filler(dir.file("disk/filler"), std::ios::binary);
    filler << std::string(60 * 1024, '\0');
  }
  const std::string out = dir.file("disk/out");
  // --quiet: no progress line on stderr before the error (progress goes to stderr).
  std::vector<std::string> argv = short_run(out, 1);
  argv.push_back("--quiet");
  const ProcessResult r = run_process(argv, dir.path(), dir.path(), kTimeout);
  ASSERT_FALSE(r.timed_out) << r.describe();
  EXPECT_EQ(r.signal, 0) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const auto lines = split_lines(r.err);
  ASSERT_EQ(lines.size(), 1U) << r.describe();
  EXPECT_EQ(lines[0].find("SIGABRT"), std::string::npos) << "a child aborted: " << r.describe();
  EXPECT_TRUE(lines[0].find("full") != std::string::npos ||
              lines[0].find("No space left") != std::string::npos)
      << "the reason must be the full disk: " << r.describe();
  EXPECT_FALSE(fs::exists(out + "/results.csv")) << "nothing was measured";
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp."), std::string::npos) << "half-written file left: " << name;
    if (name.ends_with(".json") && name != "meta.json") {
      ADD_FAILURE() << "a result file exists though the disk was full: " << name;
    }
  }
}

}  // namespace
}  // namespace pushbench::test
