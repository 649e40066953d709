// A standalone pushbench-server on port 0 for the HTTP server tests: started with the options a
// test gives, stopped with SIGTERM (which must end it with status 0 and its statistics JSON).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "child_process.h"
#include "clock.h"
#include "http_connection.h"
#include "test_support.h"

namespace pushbench::test {

constexpr int kClients = 4;

class HttpServerFixture : public ::testing::Test {
 protected:
  // A server of `clients` clients (broadcast, unless `extra` says otherwise), run through
  // `wrapper` (e.g. prlimit) when given.
  void start(const std::vector<std::string>& extra, int clients = kClients,
             const std::vector<std::string>& wrapper = {}) {
    std::vector<std::string> argv = wrapper;
    const std::vector<std::string> own{PUSHBENCH_SERVER_BIN,
                                       "--port",
                                       "0",
                                       "--clients",
                                       std::to_string(clients),
                                       "--rate",
                                       "50",
                                       "--payload",
                                       "128",
                                       "--stats",
                                       stats_path()};
    argv.insert(argv.end(), own.begin(), own.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ChildProcess>(argv, -1, dir_.file("server.stderr"));
    stopped_ = false;
    const auto line = server_->read_line(mono_ns() + 10 * kNsPerSec);
    ASSERT_TRUE(line.has_value()) << "no ready line: server " << server_->describe();
    const nlohmann::json ready = nlohmann::json::parse(*line, nullptr, false);
    ASSERT_TRUE(!ready.is_discarded() && ready.value("ready", false) && ready.contains("port"))
        << "bad ready line: " << *line;
    port_ = ready["port"].get<int>();
    ASSERT_GT(port_, 0) << "ready line port: " << *line;
  }

  void TearDown() override {
    if (server_ && !stopped_) {
      stop_server();
    }
  }

  // SIGTERM; the server must exit with status 0 and write its statistics JSON.
  nlohmann::json stop_server() {
    stopped_ = true;
    const bool clean = server_->terminate(10 * kNsPerSec);
    EXPECT_TRUE(clean) << "server did not exit with status 0 on SIGTERM: " << server_->describe();
    nlohmann::json stats = nlohmann::json::parse(read_file(stats_path()), nullptr, false);
    EXPECT_FALSE(stats.is_discarded()) << "no statistics JSON in " << stats_path();
    return stats;
  }

  bool server_alive() const {
    // ChildProcess reaps only in terminate(): a crashed server is a zombie until then.
    const std::string stat = read_file(fmt_proc_stat());
    const size_t paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
  }

  std::string fmt_proc_stat() const { return "/proc/" + std::to_string(server_->pid()) + "/stat"; }
  std::string stats_path() const { return dir_.file("stats.json"); }

  // A valid poll answers 200 with a JSON array or 204, always with Content-Length.
  static void expect_valid_poll(HttpConnection& c, const std::string& context) {
    const auto r = c.get("/poll?client=1");
    ASSERT_TRUE(r.has_value()) << "no response to a valid /poll " << context;
    EXPECT_TRUE(r->status == 200 || r->status == 204)
        << "valid /poll answered " << r->status << " " << context;
    EXPECT_EQ(r->version, "HTTP/1.1") << "status line version " << context;
    EXPECT_FALSE(r->header("content-length").empty())
        << "/poll response without Content-Length " << context;
    if (r->status == 200) {
      EXPECT_TRUE(r->body.size() >= 2 && r->body.front() == '[' && r->body.back() == ']')
          << "200 body is not a JSON array: " << r->body;
    }
  }

  static void expect_one_line_body(const HttpResponse& r, const std::string& context) {
    EXPECT_FALSE(r.body.empty()) << "empty reason " << context;
    EXPECT_TRUE(!r.body.empty() && r.body.back() == '\n' &&
                r.body.find('\n') == r.body.size() - 1 && r.body.size() > 1)
        << "reason is not exactly one line " << context << ": [" << r.body << "]";
  }

  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace pushbench::test
