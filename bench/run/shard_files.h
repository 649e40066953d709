// A repetition's raw result files, by shard (bench/run/shard_plan.h): server shard s writes
// raw/<stem>.server-<s>.{json,samples,log}, client shard k raw/<stem>.client-<k>.*; one process
// of a kind keeps the unsharded names, raw/<stem>.server.* and .client.*. Whoever started the
// shards (the local Runner, or pushbench-mpi's coordinator once it has gathered them from
// their hosts) reads them back here, merged.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shard_merge.h"
#include "shard_plan.h"

namespace pushbench {

// "<stem>.<role>" for one process of `role` ("server", "client"), "<stem>.<role>-<i>" of `n`.
std::string shard_stem(const std::string& stem, const char* role, int i, int n);

// A JSON file; std::runtime_error naming `role` when it is missing or unreadable.
nlohmann::json read_result_json(const std::string& path, const char* role);

// What the `n` processes of `role` wrote: one's JSON as it is; several shards' JSONs and
// samples merged (shard_merge.h), the merge written beside them as <stem>.<role>.json.
using MergeFn = nlohmann::json (*)(const std::vector<nlohmann::json>&, SampleSets&);
nlohmann::json read_shards(const std::string& stem, const char* role, int n, MergeFn merge);

// A repetition's client result and server statistics, each merged from `plan`'s shards. Throws
// std::runtime_error when a client stopped before the window's end (window_complete false).
struct RepetitionResults {
  nlohmann::json client;
  nlohmann::json server;
};
RepetitionResults read_repetition(const std::string& stem, const ShardPlan& plan);

}  // namespace pushbench
