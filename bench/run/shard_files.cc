// A repetition's raw result files, by shard.
#include "shard_files.h"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "csv_writer.h"
#include "latency_samples.h"

namespace pushbench {

std::string shard_stem(const std::string& stem, const char* role, int i, int n) {
  return n == 1 ? fmt::format("{}.{}", stem, role) : fmt::format("{}.{}-{}", stem, role, i);
}

nlohmann::json read_result_json(const std::string& path, const char* role) {
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) {
    throw std::runtime_error(fmt::format("the {} wrote no readable result ({})", role, path));
  }
  return j;
}

nlohmann::json read_shards(const std::string& stem, const char* role, int n, MergeFn merge) {
  const std::string whole = fmt::format("{}.{}.json", stem, role);
  if (n == 1) {
    return read_result_json(whole, role);
  }
  std::vector<nlohmann::json> shards;
  SampleSets samples;
  for (int i = 0; i < n; ++i) {
    const std::string path = shard_stem(stem, role, i, n);
    shards.push_back(read_result_json(path + ".json", role));
    merge_sample_sets(samples, read_latency_samples(path + ".samples"));
  }
  nlohmann::json merged = merge(shards, samples);
  write_file_atomic(whole, merged.dump() + "\n");
  return merged;
}

RepetitionResults read_repetition(const std::string& stem, const ShardPlan& plan) {
  RepetitionResults r{
      .client = read_shards(stem, "client", plan.client_procs, merge_client_results),
      .server = read_shards(stem, "server", plan.server_procs, merge_server_stats)};
  if (!r.client.value("window_complete", false)) {
    throw std::runtime_error(
        "pushbench-client stopped before the window's end (window_complete "
        "is false in its result)");
  }
  return r;
}

}  // namespace pushbench
