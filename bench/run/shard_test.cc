// Shards of one repetition: how clients and servers are spread over processes (ranges,
// addresses, automatic counts, refusals), and the merge of their results: counters summed,
// latency percentiles of the union exact (against one recorder holding every sample), samples
// through the file format unchanged. No process is started.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "config_error.h"
#include "latency_histogram.h"
#include "latency_samples.h"
#include "shard_merge.h"
#include "shard_plan.h"

namespace pushbench {
namespace {

TEST(ShardPlanTest, BelowSixteenThousandClientsIsTodaysOneOfEach) {
  const RunOptions o;
  const ShardPlan p = plan_shards(o, Transport::kWebSocket, 16'000);
  EXPECT_EQ(p.client_procs, 1);
  EXPECT_EQ(p.server_procs, 1);
  EXPECT_EQ(p.server_host(0), "127.0.0.1");
  EXPECT_EQ(p.source_address(0), "");
  EXPECT_EQ(p.source_addresses(), 1);
}

TEST(ShardPlanTest, AutomaticShardsForOneHundredThousandClients) {
  const RunOptions o;
  const ShardPlan p = plan_shards(o, Transport::kWebSocket, 100'000);
  EXPECT_EQ(p.client_procs, 7);
  EXPECT_EQ(p.server_procs, 7);
  int covered = 0;
  for (int k = 0; k < p.client_procs; ++k) {
    EXPECT_EQ(p.client_first(k), covered);
    EXPECT_LE(p.client_count(k), kClientsPerProc);
    EXPECT_EQ(p.server_first(p.server_of(k)), p.client_first(k));  // one shard per server
    covered += p.client_count(k);
  }
  EXPECT_EQ(covered, 100'000);
  EXPECT_EQ(p.server_host(6), "127.0.1.7");
  EXPECT_EQ(p.source_address(0), "");  // ws: lws binds only with port 0 (shard_plan.h)
  EXPECT_EQ(p.source_addresses(), 1);
  const ShardPlan tcp = plan_shards(o, Transport::kTcp, 100'000);
  EXPECT_EQ(tcp.source_address(0), "127.0.2.1");
  EXPECT_EQ(tcp.source_address(6), "127.0.2.7");
  EXPECT_EQ(tcp.source_addresses(), 7);
  // 17,000 clients: two client processes, one server.
  const ShardPlan q = plan_shards(o, Transport::kWebSocket, 17'000);
  EXPECT_EQ(q.client_procs, 2);
  EXPECT_EQ(q.server_procs, 1);
  EXPECT_EQ(q.server_count(0), 17'000);
}

// Clients on libcurl get small client processes past 16,000 (kCurlClientsPerProc); the servers
// are sharded as for any transport, each holding whole client shards.
TEST(ShardPlanTest, LibcurlClientsGetSmallProcessesAndTheServersAsMany) {
  RunOptions o;
  for (const Transport t : {Transport::kSse, Transport::kLongPoll, Transport::kPoll}) {
    const ShardPlan p = plan_shards(o, t, 100'000);
    EXPECT_EQ(p.client_procs, 50) << name(t);
    EXPECT_EQ(p.server_procs, 7) << name(t);
    int covered = 0;
    for (int k = 0; k < p.client_procs; ++k) {
      EXPECT_LE(p.client_count(k), kCurlClientsPerProc);
      covered += p.client_count(k);
    }
    EXPECT_EQ(covered, 100'000);
    int held = 0;
    for (int s = 0; s < p.server_procs; ++s) {
      EXPECT_EQ(p.server_first(s), held);
      EXPECT_LE(p.server_count(s), kClientsPerProc);
      held += p.server_count(s);
    }
    EXPECT_EQ(held, 100'000);
    EXPECT_EQ(p.source_addresses(), 50);
  }
  // The lean engine is cheap per connection: the ordinary shards.
  o.http_engine = HttpEngine::kLean;
  EXPECT_EQ(plan_shards(o, Transport::kPoll, 100'000).client_procs, 7);
  // At or below 16,000 clients nothing changes.
  o.http_engine = HttpEngine::kCurl;
  EXPECT_EQ(plan_shards(o, Transport::kSse, 16'000).client_procs, 1);
}

TEST(ShardPlanTest, ServersHoldContiguousRangesOfTheirClientShards) {
  RunOptions o;
  o.client_procs = 5;
  o.server_procs = 2;
  const ShardPlan p = plan_shards(o, Transport::kPoll, 103);
  // Client shards 0..2 on server 0, 3..4 on server 1.
  EXPECT_EQ(p.server_of(2), 0);
  EXPECT_EQ(p.server_of(3), 1);
  EXPECT_EQ(p.server_first(0), 0);
  EXPECT_EQ(p.server_count(0), p.client_first(3));
  EXPECT_EQ(p.server_first(1), p.client_first(3));
  EXPECT_EQ(p.server_first(1) + p.server_count(1), 103);
}

TEST(ShardPlanTest, RefusesWhatShardsCannotBe) {
  RunOptions o;
  o.client_procs = 2;
  o.server_procs = 3;
  EXPECT_THROW(plan_shards(o, Transport::kWebSocket, 100),
               ConfigError);  // more servers than clients
  o.server_procs = 1;
  EXPECT_THROW(plan_shards(o, Transport::kWebSocket, 1),
               ConfigError);  // more processes than clients
  o.client_procs = 1;
  EXPECT_THROW(plan_shards(o, Transport::kWebSocket, 30'000),
               ConfigError);  // past one's open files
  o.client_procs = 2;
  o.server_procs = 2;
  o.tls = true;
  EXPECT_THROW(plan_shards(o, Transport::kWebSocket, 100), ConfigError);
  o.tls = false;
  o.workload.workload = Workload::kChat;
  EXPECT_THROW(plan_shards(o, Transport::kWebSocket, 100), ConfigError);
}

TEST(ShardMergeTest, SumsNumbersKeyByKeyAndKeepsTheRest) {
  const nlohmann::json a = {{"n", 2}, {"d", 1.5}, {"s", "x"}, {"o", {{"m", 1}}}, {"z", nullptr}};
  const nlohmann::json b = {{"n", 3}, {"d", 0.5}, {"s", "y"}, {"o", {{"m", 4}, {"k", 1}}}};
  const nlohmann::json sum = sum_json(a, b);
  EXPECT_EQ(sum.at("n").get<int>(), 5);
  EXPECT_DOUBLE_EQ(sum.at("d").get<double>(), 2.0);
  EXPECT_EQ(sum.at("s"), "x");
  EXPECT_EQ(sum.at("o").at("m").get<int>(), 5);
  EXPECT_EQ(sum.at("o").at("k").get<int>(), 1);
  EXPECT_TRUE(sum.at("z").is_null());
}

// A shard's result as pushbench-client writes it, with only what the merge reads or sums.
nlohmann::json client_shard(int first, int count, uint64_t delivered, int64_t ready,
                            const char* digest) {
  return {{"transport", "ws"},
          {"first_client", first},
          {"clients", count},
          {"window_complete", true},
          {"started_mono_ns", ready - 1},
          {"ready_mono_ns", ready},
          {"delivery", {{"expected", delivered}, {"delivered", delivered}, {"lost", 0}}},
          {"latency_ns", {{"count", 0}}},
          {"first_client_digest", digest},
          {"requests", 10},
          {"upstream", {{"messages_sent", 0}, {"send_lag_ns", {{"count", 0}}}}},
          {"app_bytes_down", 1000}};
}

TEST(ShardMergeTest, ClientShardsMergeToExactPercentilesOfTheUnion) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(11, 1.2);  // ~60 µs median, a long tail
  // Uneven shards, one of them skewed (4x slower): averaged percentiles would be far off.
  std::vector<SampleSets> shards(3);
  std::vector<LatencyHistogram> histograms(3);  // each shard's, as its client writes it
  LatencyRecorder expected;                     // one recorder holding every sample
  LatencyHistogram expected_histogram;
  for (int i = 0; i < 30'001; ++i) {
    const bool slow = i % 7 == 0;
    const auto v = static_cast<int64_t>(latency(rng)) * (slow ? 4 : 1);
    const auto shard = static_cast<size_t>(slow ? 2 : i % 2);
    shards[shard]["latency"].record(v);
    histograms[shard].record(v);
    expected.record(v);
    expected_histogram.record(v);
  }
  SampleSets merged;
  for (const SampleSets& s : shards) {
    merge_sample_sets(merged, s);
  }
  std::vector<nlohmann::json> results = {client_shard(0, 40, 100, 5, "aa"),
                                         client_shard(40, 30, 80, 9, "bb"),
                                         client_shard(70, 30, 70, 7, "cc")};
  for (size_t i = 0; i < results.size(); ++i) {
    results[i]["latency_histogram"] = histograms[i].to_json();
  }
  const nlohmann::json out = merge_client_results(results, merged);
  EXPECT_EQ(out.at("latency_histogram"), expected_histogram.to_json())
      << "the histograms' buckets must add up, not their JSON arrays";
  const LatencySummary want = expected.summarize();
  const nlohmann::json& l = out.at("latency_ns");
  EXPECT_EQ(l.at("count").get<uint64_t>(), 30'001u);
  EXPECT_EQ(l.at("p50").get<int64_t>(), want.p50_ns);
  EXPECT_EQ(l.at("p90").get<int64_t>(), want.p90_ns);
  EXPECT_EQ(l.at("p99").get<int64_t>(), want.p99_ns);
  EXPECT_EQ(l.at("p999").get<int64_t>(), want.p999_ns);
  EXPECT_EQ(l.at("max").get<int64_t>(), want.max_ns);
  EXPECT_EQ(l.at("min").get<int64_t>(), want.min_ns);
  EXPECT_DOUBLE_EQ(l.at("mean").get<double>(), want.mean_ns);
  EXPECT_EQ(out.at("clients").get<int>(), 100);
  EXPECT_EQ(out.at("first_client").get<int>(), 0);
  EXPECT_EQ(out.at("first_client_digest"), "aa");
  EXPECT_EQ(out.at("ready_mono_ns").get<int64_t>(), 9);
  EXPECT_EQ(out.at("started_mono_ns").get<int64_t>(), 4);
  EXPECT_EQ(out.at("delivery").at("delivered").get<uint64_t>(), 250u);
  EXPECT_EQ(out.at("requests").get<uint64_t>(), 30u);
  EXPECT_EQ(out.at("upstream").at("send_lag_ns").at("count").get<uint64_t>(), 0u);
  EXPECT_TRUE(out.at("window_complete").get<bool>());
  // One shard whose window did not complete makes the merge incomplete.
  nlohmann::json late = client_shard(70, 30, 70, 7, "cc");
  late["window_complete"] = false;
  SampleSets none;
  EXPECT_FALSE(merge_client_results({client_shard(0, 70, 1, 1, "aa"), late}, none)
                   .at("window_complete")
                   .get<bool>());
}

TEST(ShardMergeTest, ServerShardsSumCountersAndKeepTheScheduleOnce) {
  SampleSets lag;
  lag["publish_lag"].record(1000);
  lag["publish_lag"].record(3000);
  const nlohmann::json s0 = {{"events_published", 30},
                             {"notifications_enqueued", 1500},
                             {"ws_pings", {{"interval_s", 5.0}, {"sent", 2}}},
                             {"loop", "libev"}};
  const nlohmann::json s1 = {{"events_published", 30},
                             {"notifications_enqueued", 1500},
                             {"ws_pings", {{"interval_s", 5.0}, {"sent", 3}}},
                             {"loop", "libev"}};
  const nlohmann::json out = merge_server_stats({s0, s1}, lag);
  EXPECT_EQ(out.at("events_published").get<uint64_t>(), 30u);
  EXPECT_EQ(out.at("notifications_enqueued").get<uint64_t>(), 3000u);
  EXPECT_DOUBLE_EQ(out.at("ws_pings").at("interval_s").get<double>(), 5.0);
  EXPECT_EQ(out.at("ws_pings").at("sent").get<uint64_t>(), 5u);
  EXPECT_EQ(out.at("publish_lag").at("count").get<uint64_t>(), 2u);
  EXPECT_DOUBLE_EQ(out.at("publish_lag").at("max_us").get<double>(), 3.0);
  EXPECT_EQ(out.at("loop"), "libev");
}

TEST(ShardMergeTest, SamplesRoundTripThroughTheirFile) {
  char tmpl[] = "/tmp/pushbench-samples-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/c.samples";
  LatencyRecorder a, empty;
  for (const int64_t v : std::vector<int64_t>{5, -3, 1'000'000'000'000, 7}) {
    a.record(v);
  }
  write_latency_samples(path, {{"latency", &a}, {"send_lag", &empty}});
  const SampleSets back = read_latency_samples(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back.at("latency").samples(), a.samples());
  EXPECT_EQ(back.at("send_lag").count(), 0u);
  // A truncated file is an error, not fewer samples.
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  EXPECT_THROW(read_latency_samples(path), std::runtime_error);
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace pushbench
