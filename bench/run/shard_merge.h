// One repetition's shards merged into the one result and the one set of server statistics the
// rows are made from (bench/run/shard_plan.h): counters summed, latency percentiles recomputed
// from the union of the shards' raw samples (exact, never averaged), what every shard has the
// same of (the schedule's events, versions) taken once. Each shard's own files stay in raw/.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latency.h"

namespace pushbench {

// The sets a client's --samples file holds, and a server's.
using SampleSets = std::map<std::string, LatencyRecorder>;

// Numbers summed, objects key by key, anything else (strings, booleans, null) the first's.
nlohmann::json sum_json(const nlohmann::json& a, const nlohmann::json& b);

// pushbench-client results of the client shards in shard order (ascending client ids), and the
// union of their samples (latency, send_lag, tcp_srtt, tcp_min_rtt): the result one process
// running every client would have written. Throws std::invalid_argument on no shard.
nlohmann::json merge_client_results(const std::vector<nlohmann::json>& shards, SampleSets& samples);

// pushbench-server statistics of the server shards, and the union of their samples
// (publish_lag, upstream_latency): counters summed; events_published and encode_failures are the
// schedule's, the same in every shard (each publishes every event to its own clients): the
// first's.
nlohmann::json merge_server_stats(const std::vector<nlohmann::json>& shards, SampleSets& samples);

// Adds `from`'s sets into `into` (samples appended: exact).
void merge_sample_sets(SampleSets& into, const SampleSets& from);

}  // namespace pushbench
