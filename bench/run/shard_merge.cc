// One repetition's shards merged.
#include "shard_merge.h"

#include <algorithm>
#include <stdexcept>

#include "latency_histogram.h"
#include "latency_json.h"

namespace pushbench {

nlohmann::json sum_json(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_object() && b.is_object()) {
    nlohmann::json out = a;
    for (const auto& [key, value] : b.items()) {
      out[key] = a.contains(key) ? sum_json(a.at(key), value) : value;
    }
    return out;
  }
  if (a.is_number_unsigned() && b.is_number_unsigned()) {
    return a.get<uint64_t>() + b.get<uint64_t>();
  }
  if (a.is_number_integer() && b.is_number_integer()) {
    return a.get<int64_t>() + b.get<int64_t>();
  }
  if (a.is_number() && b.is_number()) {
    return a.get<double>() + b.get<double>();
  }
  return a;
}

void merge_sample_sets(SampleSets& into, const SampleSets& from) {
  for (const auto& [name, rec] : from) {
    into[name].merge(rec);
  }
}

nlohmann::json merge_client_results(const std::vector<nlohmann::json>& shards,
                                    SampleSets& samples) {
  if (shards.empty()) {
    throw std::invalid_argument("merge_client_results: no shard");
  }
  nlohmann::json out = shards.front();
  bool complete = shards.front().value("window_complete", false);
  int64_t ready = shards.front().value("ready_mono_ns", int64_t{0});
  int64_t started = shards.front().value("started_mono_ns", int64_t{0});
  for (size_t i = 1; i < shards.size(); ++i) {
    out = sum_json(out, shards[i]);
    complete = complete && shards[i].value("window_complete", false);
    ready = std::max(ready, shards[i].value("ready_mono_ns", int64_t{0}));
    started = std::min(started, shards[i].value("started_mono_ns", int64_t{0}));
  }
  // Not counts: the first client (its digest stays the first shard's), the first shard to start
  // connecting and the last one ready.
  out["first_client"] = shards.front().at("first_client");
  out["window_complete"] = complete;
  out["started_mono_ns"] = started;
  out["ready_mono_ns"] = ready;
  out["latency_ns"] = latency_json(samples["latency"].summarize());
  if (shards.front().contains("latency_histogram")) {  // buckets add up: merged exactly
    LatencyHistogram h = LatencyHistogram::from_json(shards.front().at("latency_histogram"));
    for (size_t i = 1; i < shards.size(); ++i) {
      h.merge(LatencyHistogram::from_json(shards[i].at("latency_histogram")));
    }
    out["latency_histogram"] = h.to_json();
  }
  out["upstream"]["send_lag_ns"] = send_lag_json(samples["send_lag"].summarize());
  out["tcp_srtt_ns"] = rtt_json(samples["tcp_srtt"].summarize());
  out["tcp_min_rtt_ns"] = rtt_json(samples["tcp_min_rtt"].summarize());
  return out;
}

nlohmann::json merge_server_stats(const std::vector<nlohmann::json>& shards, SampleSets& samples) {
  if (shards.empty()) {
    throw std::invalid_argument("merge_server_stats: no shard");
  }
  nlohmann::json out = shards.front();
  for (size_t i = 1; i < shards.size(); ++i) {
    out = sum_json(out, shards[i]);
  }
  const nlohmann::json& first = shards.front();
  for (const char* key : {"events_published", "encode_failures"}) {
    if (first.contains(key)) {
      out[key] = first.at(key);
    }
  }
  if (first.contains("ws_pings")) {
    out["ws_pings"]["interval_s"] = first.at("ws_pings").at("interval_s");
  }
  out["publish_lag"] = lag_us_json(samples["publish_lag"].summarize());
  out["upstream"]["latency"] = lag_us_json(samples["upstream_latency"].summarize());
  return out;
}

}  // namespace pushbench
