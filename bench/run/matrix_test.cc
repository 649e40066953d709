// `pushbench run`'s list options and the matrix they expand to: a poll interval multiplies only
// the polling transports, every cell has raw files of its own, runs go scenario by scenario.
#include "matrix.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "config_error.h"

namespace pushbench {
namespace {
RunOptions parse(std::vector<std::string> args) {
  CLI::App app;
  RunOptions o;
  RunOptionLists lists;
  add_run_options(app, o, lists);
  std::reverse(args.begin(), args.end());  // CLI11 parses a vector from its back
  app.parse(args);
  finish_run_options(o, lists);
  return o;
}

TEST(RunOptionsTest, DefaultsAreOneScenario) {
  const RunOptions o = parse({});
  EXPECT_EQ(expand_matrix(o).size(), 3U);  // poll, poll-close, ws
  EXPECT_EQ(o.workload.clients, 1000);
  EXPECT_EQ(o.poll_interval_ms, 1000);
}

TEST(RunOptionsTest, ListsKeepTheirOrder) {
  const RunOptions o = parse({"--poll-interval", "250,1000,5000", "--clients", "10,20", "--payload",
                              "128,256", "--rate", "1,10"});
  EXPECT_EQ(o.sweep.poll_intervals_ms, (std::vector<double>{250, 1000, 5000}));
  EXPECT_EQ(o.sweep.clients, (std::vector<int>{10, 20}));
  EXPECT_EQ(o.sweep.payloads, (std::vector<int>{128, 256}));
  EXPECT_EQ(o.sweep.rates_hz, (std::vector<double>{1, 10}));
  EXPECT_EQ(o.workload.clients, 10);  // the first cell's
  EXPECT_EQ(o.poll_interval_ms, 250);
}

TEST(RunOptionsTest, DurationsWithUnitsAndShortOptions) {
  const RunOptions o = parse({"-t", "poll,ws", "-c", "10,20", "-w", "500ms", "-d", "1m",
                              "--poll-interval", "250ms,1s,5000", "--drain", "2s",
                              "--longpoll-timeout", "1m", "--ws-ping", "25s", "-o", "out", "-q"});
  EXPECT_EQ(o.transports, (std::vector<Transport>{Transport::kPoll, Transport::kWebSocket}));
  EXPECT_EQ(o.sweep.clients, (std::vector<int>{10, 20}));
  EXPECT_EQ(o.warmup_s, 0.5);
  EXPECT_EQ(o.duration_s, 60);
  EXPECT_EQ(o.sweep.poll_intervals_ms, (std::vector<double>{250, 1000, 5000}));
  EXPECT_EQ(o.drain_s, 2);
  EXPECT_EQ(o.longpoll_timeout_s, 60);
  EXPECT_EQ(o.ws_ping_s, 25);
  EXPECT_EQ(o.out_dir, "out");
  EXPECT_TRUE(o.quiet);
  EXPECT_EQ(parse({"--duration", "15"}).duration_s, 15);  // a bare number keeps seconds
}

TEST(RunOptionsTest, TheDefaultDrainWaitsForTheNetworksRoundTrips) {
  RunOptions o = parse({});
  EXPECT_DOUBLE_EQ(o.effective_drain_s(), 2.0);  // 2 poll intervals of 1 s
  o.net.rtt_ms = 40;
  o.net.jitter_ms = 2;
  EXPECT_DOUBLE_EQ(o.effective_drain_s(), 2.0 + 4 * 0.042);
  // satellite: a new TLS connection takes 3 round trips before its request
  o.net = {.profile = "satellite", .rtt_ms = 600, .loss_pct = 0.5};
  EXPECT_DOUBLE_EQ(o.effective_drain_s(), 2.0 + 4 * 0.6 + 2 * (0.2 + 0.6));
  o.drain_s = 3;  // --drain is what it says
  EXPECT_DOUBLE_EQ(o.effective_drain_s(), 3.0);
}

TEST(RunOptionsTest, RefusesEveryBadListValueNamingTheOption) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--poll-interval", "100,abc"}, "--poll-interval: 'abc' is not a duration"},
      {{"--poll-interval", "100,0.1s"}, "--poll-interval lists 0.1s twice"},  // 100 ms both
      {{"--poll-interval", "100,,200"}, "--poll-interval has an empty item"},
      {{"--poll-interval", "100,100"}, "--poll-interval lists 100 twice"},
      {{"--poll-interval", "100,0"}, "--poll-interval must be"},
      {{"--clients", "10,0"}, "--clients must be at least 1"},
      {{"--clients", "10,1.5"}, "--clients: '1.5' is not a whole number"},
      {{"--rate", "10,-1"}, "--rate must be"},
      {{"--payload", "256,10"}, "--payload must be"},
      {{"--workload", "broadcast,nope"}, "unknown workload 'nope'"}};
  for (const auto& [args, message] : bad) {
    try {
      parse(args);
      ADD_FAILURE() << args[0] << " " << args[1] << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos)
          << args[1] << ": " << e.what();
    }
  }
}

TEST(MatrixTest, PollIntervalMultipliesOnlyPollingTransports) {
  const RunOptions o =
      parse({"--transports", "poll,poll-close,ws,sse", "--poll-interval", "250,1000,5000"});
  const auto cells = expand_matrix(o);
  ASSERT_EQ(cells.size(), 3U + 3U + 1U + 1U);
  EXPECT_EQ(cells[0].options.poll_interval_ms, 250);
  EXPECT_EQ(cells[2].options.poll_interval_ms, 5000);
  EXPECT_EQ(cells[6].transport, Transport::kWebSocket);
  EXPECT_EQ(cells[6].options.poll_interval_ms, 250);  // the shortest: the drain stays short
}

TEST(MatrixTest, EveryCombinationIsAScenario) {
  const RunOptions o = parse({"--transports", "poll,ws", "--clients", "10,20", "--rate", "1,10",
                              "--payload", "128,512", "--poll-interval", "200,400"});
  const auto cells = expand_matrix(o);
  EXPECT_EQ(cells.size(), 2U * 2 * 2 * (2 + 1));
  EXPECT_EQ(cells.back().scenario, 8U);
  EXPECT_EQ(cells.back().options.workload.clients, 20);
  EXPECT_EQ(cells.back().options.workload.rate_hz, 10);
  EXPECT_EQ(cells.back().options.workload.payload_bytes, 512);
}

TEST(MatrixTest, RawNamesAreUniquePerCell) {
  const auto one = expand_matrix(parse({}));
  EXPECT_EQ(one[0].raw_name, "poll");  // one scenario: the names of a run without sweeps
  const auto cells = expand_matrix(parse({"--poll-interval", "250,1000", "--clients", "5,6"}));
  std::set<std::string> names;
  for (const Cell& c : cells) {
    names.insert(c.raw_name);
  }
  EXPECT_EQ(names.size(), cells.size());
  EXPECT_EQ(cells[0].raw_name, "c01-poll");
}

TEST(MatrixTest, RunsGoScenarioByScenarioThenRepetitionByRepetition) {
  const RunOptions o = parse({"--transports", "poll,ws", "--clients", "5,6", "--repeat", "2"});
  const auto cells = expand_matrix(o);
  const auto runs = run_order(cells, o.repeat);
  ASSERT_EQ(runs.size(), 8U);
  std::vector<std::pair<size_t, int>> order;
  for (const PlannedRun& r : runs) {
    order.emplace_back(r.cell->index, r.repetition);
  }
  EXPECT_EQ(order, (std::vector<std::pair<size_t, int>>{
                       {1, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {4, 1}, {3, 2}, {4, 2}}));
}

TEST(MatrixTest, DescribesARunWithItsIntervalAndScenario) {
  const auto cells = expand_matrix(parse({"--poll-interval", "250", "--clients", "5"}));
  EXPECT_EQ(describe_run(cells[0], 1),
            "poll every 250 ms, repetition 1/1: broadcast, 5 clients, 10 events/s, 256 B events");
  EXPECT_EQ(describe_run(cells[2], 1),
            "ws, repetition 1/1: broadcast, 5 clients, 10 events/s, 256 B events");
}

// --rate and --payload mean different things per workload; the line says which.
TEST(MatrixTest, DescribesEachWorkloadInItsOwnUnits) {
  const auto cells = expand_matrix(
      parse({"--transports", "ws", "--workload", "chat,game,idle", "--clients", "20"}));
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(describe_run(cells[0], 1),
            "ws, repetition 1/1: chat, 20 clients, 10 messages/s in all, 256 B messages, rooms "
            "of 10");
  EXPECT_EQ(describe_run(cells[1], 1),
            "ws, repetition 1/1: game, 20 clients, 20 Hz tick, 80 B inputs up, 256 B states "
            "down");
  EXPECT_EQ(describe_run(cells[2], 1), "ws, repetition 1/1: idle, 20 clients, no events");
}

}  // namespace
}  // namespace pushbench

namespace pushbench {
namespace {
// --server: every transport once per implementation, implementation by implementation; raw
// files say which; a transport or workload an implementation does not serve is refused.
TEST(RunOptionsTest, ServersMultiplyTheTransportsImplementationByImplementation) {
  if (!missing_package(ServerImpl::kNginx).empty()) {
    GTEST_SKIP() << missing_package(ServerImpl::kNginx);
  }
  const RunOptions o = parse({"--server", "pushbench,nginx", "--transports", "poll,poll-close"});
  const std::vector<Cell> cells = expand_matrix(o);
  ASSERT_EQ(cells.size(), 4U);
  std::vector<std::string> names;
  for (const Cell& c : cells) {
    names.push_back(c.raw_name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"pushbench-poll", "pushbench-poll-close", "nginx-poll",
                                             "nginx-poll-close"}));
  EXPECT_EQ(describe_run(cells[2], 1).substr(0, 33), "poll every 1000 ms on nginx, repe");
  // The default keeps today's names.
  EXPECT_EQ(expand_matrix(parse({"--transports", "poll"})).front().raw_name, "poll");
}

TEST(RunOptionsTest, RefusesWhatAnImplementationDoesNotServe) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--server", "nginx", "--transports", "ws"}, "--server nginx does not serve ws"},
      {{"--server", "pushpin", "--transports", "poll"}, "--server pushpin does not serve poll"},
      {{"--server", "pushpin", "--transports", "sse", "--workload", "chat"},
       "broadcast and idle workloads only"},
      {{"--server", "apache"}, "--server: 'apache' is not pushbench, nginx or pushpin"}};
  for (const auto& [args, message] : bad) {
    try {
      parse(args);
      ADD_FAILURE() << args[1] << " " << args[3 % args.size()] << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}
}  // namespace
}  // namespace pushbench
