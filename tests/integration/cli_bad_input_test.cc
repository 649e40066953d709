// Every binary refuses bad arguments the same way: a non-zero exit (2 for configuration
// errors), exactly one line on stderr that names the problem, nothing on stdout, no crash and
// no hang.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "child_process.h"
#include "clock.h"
#include "fd_limit.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr auto kHangTimeout = std::chrono::seconds(20);
constexpr int kConfigError = 2;

struct BadInput {
  std::string label;              // gtest parameter name
  std::string binary;             // absolute path
  std::vector<std::string> args;  // after argv[0]
  std::string must_mention;       // substring the one stderr line must contain
  std::optional<int> exit_code;   // nullopt: any non-zero exit
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.label; }

// The open-file limit `pushbench run` reports: it raises the soft limit to the hard limit first.
rlim_t open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return RLIM_INFINITY;
  }
  return lim.rlim_max;
}

// Runs `argv` in a private temp dir (so a run that wrongly starts writes nothing elsewhere) and
// checks the shape of the refusal.
void expect_one_line_refusal(const std::vector<std::string>& argv, const std::string& must_mention,
                             std::optional<int> exit_code) {
  TempDir dir;
  const ProcessResult r = run_process(argv, dir.path(), dir.path(), kHangTimeout);
  std::string cmd;
  for (const std::string& a : argv) {
    cmd += (cmd.empty() ? "" : " ") + a;
  }
  SCOPED_TRACE("command: " + cmd);
  ASSERT_FALSE(r.timed_out) << "hung instead of refusing the arguments: " << r.describe();
  ASSERT_EQ(r.signal, 0) << "crashed instead of refusing the arguments: " << r.describe();
  if (exit_code) {
    EXPECT_EQ(r.exit_code, *exit_code) << "wrong exit status: " << r.describe();
  } else {
    EXPECT_NE(r.exit_code, 0) << "accepted bad arguments: " << r.describe();
  }
  const std::vector<std::string> lines = split_lines(r.err);
  EXPECT_EQ(lines.size(), 1U) << "stderr must be exactly one line naming the problem: "
                              << r.describe();
  EXPECT_TRUE(!r.err.empty() && r.err.back() == '\n')
      << "the stderr line must end with a newline: " << r.describe();
  EXPECT_NE(r.err.find(must_mention), std::string::npos)
      << "stderr does not mention '" << must_mention << "': " << r.describe();
  EXPECT_TRUE(r.out.empty()) << "a refused command must print nothing on stdout (no ready line, "
                                "no results): "
                             << r.describe();
}

std::vector<std::string> with_binary(const std::string& binary, std::vector<std::string> args) {
  args.insert(args.begin(), binary);
  return args;
}

std::string param_name(const ::testing::TestParamInfo<BadInput>& p) { return p.param.label; }

class CliBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInputTest, RefusesWithOneLineWhenArgumentIsBad) {
  const BadInput& b = GetParam();
  expect_one_line_refusal(with_binary(b.binary, b.args), b.must_mention, b.exit_code);
}

BadInput run_case(std::string label, std::vector<std::string> args, std::string mention) {
  args.insert(args.begin(), "run");
  // --out inside the working directory (a private temp dir), should validation ever let it run.
  args.insert(args.end(), {"--out", "out"});
  return {std::move(label), PUSHBENCH_CLI_BIN, std::move(args), std::move(mention), kConfigError};
}

INSTANTIATE_TEST_SUITE_P(
    Pushbench, CliBadInputTest,
    ::testing::Values(
        run_case("UnknownTransport", {"--transports", "foo"}, "foo"),
        run_case("UnknownWorkload", {"--workload", "nope"}, "nope"),
        run_case("ZeroClients", {"--clients", "0"}, "--clients"),
        run_case("NegativeClients", {"--clients", "-5"}, "--clients"),
        run_case("NonNumericClients", {"--clients", "abc"}, "--clients"),
        run_case("ZeroRate", {"--rate", "0"}, "--rate"),
        run_case("ZeroDuration", {"--duration", "0"}, "--duration"),
        run_case("NegativePollInterval", {"--poll-interval", "-1"}, "--poll-interval"),
        run_case("PayloadTooSmall", {"--payload", "10"}, "--payload"),
        run_case("ZeroRepeat", {"--repeat", "0"}, "--repeat"),
        run_case("UnknownOption", {"--bogus"}, "--bogus"),
        run_case("PollIntervalListWithAWord", {"--poll-interval", "250,abc"}, "'abc'"),
        run_case("PollIntervalListedTwice", {"--poll-interval", "250,250"}, "twice"),
        run_case("ClientsListWithZero", {"--clients", "10,0"}, "--clients"),
        run_case("UnknownWorkloadInList", {"--workload", "broadcast,nope"}, "nope"),
        run_case("NegativeWsPing", {"--ws-ping", "-1"}, "--ws-ping"),
        run_case("UnknownDeflateOffer", {"--deflate-offer", "gzip"}, "gzip"),
        run_case("OldTlsVersion", {"--tls", "--tls-version", "1.1"}, "--tls-version"),
        run_case("TlsResumeNeitherOnNorOff", {"--tls", "--tls-resume", "maybe"}, "--tls-resume"),
        run_case("H2cWithUpstream", {"--transports", "poll,sse-h2", "--workload", "chat"},
                 "sse-h2 without --tls (h2c)"),
        run_case("UnknownH2Transport", {"--tls", "--transports", "ws-h2"}, "ws-h2"),
        run_case("TargetNotAUrl", {"--target", "localhost:8080"}, "localhost:8080"),
        run_case("TargetWithServer", {"--target", "ws://127.0.0.1:1/", "--server", "nginx"},
                 "--server"),
        run_case("TargetWithTls", {"--target", "wss://127.0.0.1:1/", "--tls"}, "--tls"),
        run_case("TargetWithATransportItHasNot",
                 {"--target", "http://127.0.0.1:1/feed", "-t", "poll-close"}, "poll-close"),
        run_case("TargetModeTwice",
                 {"--target", "http://127.0.0.1:1/feed", "-t", "sse", "--mode", "poll"}, "both"),
        run_case("TargetAmbiguousPath", {"--target", "http://127.0.0.1:1/feed"}, "--mode"),
        run_case("TargetTooManyClients", {"--target", "ws://127.0.0.1:1/", "-c", "20000"}, "16000"),
        run_case("TargetPidOfNoProcess",
                 {"--target", "ws://127.0.0.1:1/", "--target-pid", "2147483000"},
                 "no such process"),
        run_case("TimestampFieldWithoutTarget", {"--timestamp-field", "/ts"}, "--target"),
        BadInput{"RampZeroSlo",
                 PUSHBENCH_CLI_BIN,
                 {"ramp", "--slo-p99", "0", "-o", "out"},
                 "--slo-p99",
                 kConfigError},
        BadInput{"RampFactorOne",
                 PUSHBENCH_CLI_BIN,
                 {"ramp", "--factor", "1", "-o", "out"},
                 "--factor",
                 kConfigError},
        BadInput{"RampMaxBelowStart",
                 PUSHBENCH_CLI_BIN,
                 {"ramp", "--start", "500", "--max-clients", "100", "-o", "out"},
                 "--max-clients",
                 kConfigError},
        BadInput{"RampWithTarget",
                 PUSHBENCH_CLI_BIN,
                 {"ramp", "--target", "ws://127.0.0.1:1/", "-o", "out"},
                 "--target",
                 kConfigError},
        run_case("H2ClientsPerConnZero", {"--tls", "--h2-clients-per-conn", "0"},
                 "--h2-clients-per-conn"),
        run_case("H2ClientsPerConnAboveTheStreamLimit", {"--tls", "--h2-clients-per-conn", "201"},
                 "1..200"),
        BadInput{"ReportOfNoResults",
                 PUSHBENCH_CLI_BIN,
                 {"report", "no-such-dir"},
                 "no-such-dir",
                 kConfigError},
        run_case("DurationWithUnknownUnit", {"--duration", "10x"}, "'10x' is not a duration"),
        run_case("DurationWithASpace", {"-d", "10 s"}, "'10 s' is not a duration"),
        run_case("WarmupWithoutNumber", {"-w", "ms"}, "'ms' is not a duration"),
        run_case("PollIntervalWithUnknownUnit", {"--poll-interval", "250ms,1q"}, "'1q'"),
        run_case("RttWithUnknownUnit", {"--rtt", "5parsecs"}, "--rtt"),
        BadInput{"UnknownSubcommand", PUSHBENCH_CLI_BIN, {"bogus"}, "bogus", kConfigError}),
    param_name);

INSTANTIATE_TEST_SUITE_P(
    Server, CliBadInputTest,
    ::testing::Values(
        BadInput{
            "PortOutOfRange", PUSHBENCH_SERVER_BIN, {"--port", "99999"}, "99999", kConfigError},
        BadInput{"UnknownLoop", PUSHBENCH_SERVER_BIN, {"--loop", "nope"}, "nope", kConfigError},
        BadInput{"WsPingTooShort",
                 PUSHBENCH_SERVER_BIN,
                 {"--ws-ping", "0.001"},
                 "--ws-ping",
                 kConfigError},
        BadInput{"OldTlsVersion",
                 PUSHBENCH_SERVER_BIN,
                 {"--tls-version", "1.1"},
                 "--tls-version",
                 kConfigError},
        BadInput{"TlsCertWithoutKey",
                 PUSHBENCH_SERVER_BIN,
                 {"--tls-cert", "cert.pem"},
                 "--tls-key",
                 kConfigError},
        BadInput{"IdleTimeoutNotWholeSeconds",
                 PUSHBENCH_SERVER_BIN,
                 {"--idle-timeout", "1500ms"},
                 "whole number of seconds",
                 kConfigError},
        BadInput{"DurationWithUnknownUnit",
                 PUSHBENCH_SERVER_BIN,
                 {"-d", "3d"},
                 "'3d' is not a duration",
                 kConfigError}),
    param_name);

INSTANTIATE_TEST_SUITE_P(
    Client, CliBadInputTest,
    ::testing::Values(
        // --port and --epoch-mono-ns are required: give them, so the transport is the only error.
        BadInput{"UnknownTransport",
                 PUSHBENCH_CLIENT_BIN,
                 {"--transport", "foo", "--port", "1", "--epoch-mono-ns", "1"},
                 "foo",
                 kConfigError},
        BadInput{"TlsResumeNeitherOnNorOff",
                 PUSHBENCH_CLIENT_BIN,
                 {"--tls-resume", "maybe", "--port", "1", "--epoch-mono-ns", "1"},
                 "--tls-resume",
                 kConfigError},
        BadInput{"H2cWithUpstream",
                 PUSHBENCH_CLIENT_BIN,
                 {"--transports", "longpoll-h2", "--workload", "chat", "--port", "1",
                  "--epoch-mono-ns", "1"},
                 "h2c",
                 kConfigError},
        BadInput{"NoPortWithoutUrl",
                 PUSHBENCH_CLIENT_BIN,
                 {"--epoch-mono-ns", "1"},
                 "--port is required",
                 kConfigError},
        BadInput{"PollIntervalWithUnknownUnit",
                 PUSHBENCH_CLIENT_BIN,
                 {"--poll-interval", "1 s", "--port", "1", "--epoch-mono-ns", "1"},
                 "'1 s' is not a duration",
                 kConfigError},
        BadInput{"UrlWithAmbiguousPath",
                 PUSHBENCH_CLIENT_BIN,
                 {"--url", "http://127.0.0.1:1/feed"},
                 "--mode",
                 kConfigError},
        BadInput{"UrlWithUnknownScheme",
                 PUSHBENCH_CLIENT_BIN,
                 {"--url", "gopher://127.0.0.1:1/"},
                 "http, https, ws or wss",
                 kConfigError},
        BadInput{"TimestampFieldNotAPointer",
                 PUSHBENCH_CLIENT_BIN,
                 {"--url", "ws://127.0.0.1:1/", "--timestamp-field", "ts"},
                 "JSON pointer",
                 kConfigError},
        BadInput{
            "UnknownTimestampClock",
            PUSHBENCH_CLIENT_BIN,
            {"--url", "ws://127.0.0.1:1/", "--timestamp-field", "/ts", "--timestamp-clock", "tai"},
            "tai",
            kConfigError},
        BadInput{"ModeWithoutUrl",
                 PUSHBENCH_CLIENT_BIN,
                 {"--mode", "sse", "--port", "1", "--epoch-mono-ns", "1"},
                 "--url",
                 kConfigError}),
    param_name);

// In one client process (more are spread over shards, bench/run/shard_plan.h).
TEST(CliBadInputTest, RefusesClientsBeyondOpenFileLimitWhenLimitIsReported) {
  constexpr rlim_t kClients = 25000;
  const rlim_t limit = open_file_limit();
  if (limit == RLIM_INFINITY || limit >= kClients) {
    GTEST_SKIP() << "the open-file limit here (" << limit << ") allows " << kClients << " clients";
  }
  expect_one_line_refusal({PUSHBENCH_CLI_BIN, "run", "--clients", std::to_string(kClients),
                           "--client-procs", "1", "--out", "out"},
                          std::to_string(limit), kConfigError);
}

// Chat over an HTTP transport holds two connections per client (its poll and its POST /send):
// a client count that fits one connection each but not two is refused, naming the half.
TEST(CliBadInputTest, RefusesHttpChatClientsBeyondHalfTheOpenFileLimit) {
  const rlim_t limit = open_file_limit();
  if (limit == RLIM_INFINITY || limit > 100000) {
    GTEST_SKIP() << "the open-file limit here (" << limit << ") is not a constraint";
  }
  const rlim_t clients = limit * 3 / 4;  // fits once, not twice
  expect_one_line_refusal({PUSHBENCH_CLI_BIN, "run", "--transports", "ws,poll", "--workload",
                           "broadcast,chat", "--clients", std::to_string(clients), "--out", "out"},
                          std::to_string((limit - kFdReserve) / 2) + " clients", kConfigError);
}

// A listening socket on 127.0.0.1 at a kernel-chosen port, held for the test's lifetime.
class Listener {
 public:
  Listener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1:0");
    }
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  int port() const noexcept { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(CliBadInputTest, RefusesToStartServerWhenPortIsInUse) {
  Listener taken;
  const std::string port = std::to_string(taken.port());
  // Not a configuration error (the same command works once the port is free): any non-zero exit.
  expect_one_line_refusal({PUSHBENCH_SERVER_BIN, "--port", port}, port, std::nullopt);
}

// --stats /dev/null as root once replaced the system's /dev/null with a regular file (the
// statistics were renamed over it). A scratch character device with /dev/null's numbers, made in
// a temp dir (never the real one), must still be a device after the server wrote to it; a
// directory is refused with one line.
TEST(CliBadInputTest, ServerStatsOntoADeviceWritesInPlaceAndRefusesADirectory) {
  TempDir dir;
  const std::string dev = dir.file("null");
  if (::mknod(dev.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs CAP_MKNOD (run as root): " << std::strerror(errno);
  }
  for (const std::string& stats : {dev, dir.path()}) {
    ChildProcess server({PUSHBENCH_SERVER_BIN, "--port", "0", "--clients", "1", "--stats", stats},
                        -1, dir.file("server.stderr"));
    ASSERT_TRUE(server.read_line(mono_ns() + 10 * kNsPerSec).has_value()) << server.describe();
    const bool ok = server.terminate(10 * kNsPerSec);
    if (stats == dev) {
      EXPECT_TRUE(ok) << server.describe();
      struct stat st {};
      ASSERT_EQ(::stat(dev.c_str(), &st), 0);
      EXPECT_TRUE(S_ISCHR(st.st_mode)) << "--stats replaced the device with a regular file";
      EXPECT_EQ(st.st_rdev, makedev(1, 3));
    } else {
      EXPECT_FALSE(ok) << "wrote its statistics onto a directory";
      const auto lines = split_lines(read_file(dir.file("server.stderr")));
      ASSERT_EQ(lines.size(), 1U) << server.describe();
      EXPECT_NE(lines[0].find("Is a directory"), std::string::npos) << lines[0];
    }
  }
}

}  // namespace
}  // namespace pushbench::test
