// The live page's server side (`pushbench-server --demo-dir`, servers/demo_page.h): lws serves
// web/ under /demo/ and GET /clock reads the server's CLOCK_MONOTONIC; without --demo-dir
// neither exists; a --demo-dir without index.html, or a bad `pushbench demo` option, is one line
// and exit 2. (The page itself in a browser: tests/browser, ctest Browser.DemoPage.)
#include <chrono>
#include <string>
#include <vector>

#include "http_server_fixture.h"

namespace pushbench::test {
namespace {

const std::string kWebDir = std::string(PUSHBENCH_SOURCE_DIR) + "/web";

class DemoPageTest : public HttpServerFixture {};

TEST_F(DemoPageTest, ServesPageAndClockWhenDemoDirIsGiven) {
  start({"--demo-dir", kWebDir});
  HttpConnection c(port_);
  const auto page = c.get("/demo/");
  ASSERT_TRUE(page.has_value()) << "no response to GET /demo/";
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->header("content-type"), "text/html");
  EXPECT_NE(page->body.find("<script src=\"demo.js\">"), std::string::npos) << page->body;
  const auto script = c.get("/demo/demo.js");
  ASSERT_TRUE(script.has_value()) << "no response to GET /demo/demo.js on the same connection";
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->body, read_file(kWebDir + "/demo.js"));

  // The same CLOCK_MONOTONIC as this process: the reading falls inside the request.
  const int64_t before = mono_ns();
  const auto clock = c.get("/clock");
  const int64_t after = mono_ns();
  ASSERT_TRUE(clock.has_value()) << "no response to GET /clock";
  EXPECT_EQ(clock->status, 200);
  EXPECT_EQ(clock->header("cache-control"), "no-store");
  const nlohmann::json j = nlohmann::json::parse(clock->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << clock->body;
  EXPECT_GE(j.value("mono_ns", int64_t{0}), before) << clock->body;
  EXPECT_LE(j.value("mono_ns", int64_t{0}), after) << clock->body;
  EXPECT_EQ(j.value("clients", 0), kClients) << clock->body;

  // The benchmark's endpoints are as before on the same keep-alive connection.
  const auto poll = c.get("/poll?client=0&after=-1");
  ASSERT_TRUE(poll.has_value()) << "no response to GET /poll after the page";
  EXPECT_TRUE(poll->status == 200 || poll->status == 204) << poll->status;
}

TEST_F(DemoPageTest, ServesNeitherPageNorClockWithoutDemoDir) {
  start({});
  HttpConnection c(port_);
  for (const char* target : {"/clock", "/demo/", "/demo/demo.js"}) {
    const auto r = c.get(target);
    ASSERT_TRUE(r.has_value()) << "no response to GET " << target;
    EXPECT_EQ(r->status, 404) << "GET " << target;
  }
}

TEST(DemoPageOptionsTest, RefusesInOneLineWhenDemoDirHasNoPageOrOptionIsBad) {
  const std::vector<std::vector<std::string>> bad = {
      {PUSHBENCH_SERVER_BIN, "--port", "0", "--demo-dir", "/nonexistent"},
      {PUSHBENCH_SERVER_BIN, "--port", "0", "--demo-dir", PUSHBENCH_SOURCE_DIR},
      {PUSHBENCH_CLI_BIN, "demo", "--port", "0", "--rate", "0"},
      {PUSHBENCH_CLI_BIN, "demo", "--port", "0", "--clients", "3"},
      {PUSHBENCH_CLI_BIN, "demo", "--port", "0", "--poll-interval", "5"},
      {PUSHBENCH_CLI_BIN, "demo", "--port", "0", "--web-dir", "/nonexistent"},
  };
  for (const auto& argv : bad) {
    TempDir dir;
    const ProcessResult r = run_process(argv, dir.path(), dir.path(), std::chrono::seconds(10));
    SCOPED_TRACE(argv[argv.size() - 2] + " " + argv.back());
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(split_lines(r.err).size(), 1U) << r.describe();
  }
}

}  // namespace
}  // namespace pushbench::test
