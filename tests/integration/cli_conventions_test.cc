// The conventions every binary keeps (issue 17): --version names the project's version and the
// libraries' (exit 0, stdout); `pushbench` alone lists its subcommands (exit 0); every --help
// says what the exit codes mean; the server's --help names what it serves today; short options
// and durations with units are taken where the long forms are.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace pushbench::test {
namespace {

ProcessResult run(const std::vector<std::string>& argv) {
  TempDir dir;
  return run_process(argv, dir.path(), dir.path(), std::chrono::seconds(20));
}

const std::vector<std::string> kBinaries = {PUSHBENCH_CLI_BIN, PUSHBENCH_SERVER_BIN,
                                            PUSHBENCH_CLIENT_BIN};

TEST(CliConventionsTest, VersionOnEveryBinary) {
  std::vector<std::string> binaries = kBinaries;
  if (std::string(PUSHBENCH_DELAY_BIN).size() > 0) {
    binaries.push_back(PUSHBENCH_DELAY_BIN);
  }
  for (const std::string& bin : binaries) {
    const ProcessResult r = run({bin, "--version"});
    SCOPED_TRACE(bin);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_TRUE(r.err.empty()) << r.err;
    const std::vector<std::string> lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 2U) << r.out;
    const std::string name = bin.substr(bin.rfind('/') + 1);
    EXPECT_EQ(lines[0].rfind(name + " " + PUSHBENCH_VERSION, 0), 0U) << lines[0];
    for (const char* lib : {"libwebsockets 4.", "libcurl ", "OpenSSL "}) {
      EXPECT_NE(lines[1].find(lib), std::string::npos) << lines[1];
    }
  }
}

TEST(CliConventionsTest, PushbenchAloneListsItsSubcommands) {
  const ProcessResult r = run({PUSHBENCH_CLI_BIN});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* sub : {"run", "report", "compare", "demo"}) {
    EXPECT_NE(r.out.find(std::string("  ") + sub), std::string::npos) << sub << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("Exit status"), std::string::npos) << r.out;
}

TEST(CliConventionsTest, EveryHelpSaysTheExitCodes) {
  std::vector<std::vector<std::string>> helps;
  for (const std::string& bin : kBinaries) {
    helps.push_back({bin, "--help"});
  }
  for (const char* sub : {"run", "report", "compare", "demo"}) {
    helps.push_back({PUSHBENCH_CLI_BIN, sub, "--help"});
  }
  for (const auto& argv : helps) {
    const ProcessResult r = run(argv);
    SCOPED_TRACE(argv[0] + " " + argv[1]);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_NE(r.out.find("Exit status: 0 "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" 2 bad "), std::string::npos) << r.out;
  }
  const ProcessResult run_help = run({PUSHBENCH_CLI_BIN, "run", "--help"});
  EXPECT_NE(run_help.out.find("130 interrupted"), std::string::npos) << run_help.out;
  for (const char* option : {"-t,--transports", "-c,--clients", "-d,--duration", "-w,--warmup",
                             "-o,--out", "-q,--quiet"}) {
    EXPECT_NE(run_help.out.find(option), std::string::npos) << option;
  }
  const ProcessResult compare_help = run({PUSHBENCH_CLI_BIN, "compare", "--help"});
  EXPECT_NE(compare_help.out.find("1 a regression"), std::string::npos) << compare_help.out;
}

TEST(CliConventionsTest, ServerHelpNamesWhatItServes) {
  const ProcessResult r = run({PUSHBENCH_SERVER_BIN, "--help"});
  for (const char* what : {"/poll", "/longpoll", "/sse", "/ws", "raw TCP", "HTTP/2"}) {
    EXPECT_NE(r.out.find(what), std::string::npos) << what << "\n" << r.out;
  }
}

TEST(CliConventionsTest, ClientHelpHasTransportsNotTheOldName) {
  const ProcessResult r = run({PUSHBENCH_CLIENT_BIN, "--help"});
  EXPECT_NE(r.out.find("-t,--transports"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--transport "), std::string::npos) << "the old name is a hidden alias";
  EXPECT_NE(r.out.find("--url"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pushbench::test
