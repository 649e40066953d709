// The JSON objects a latency summary is written as in pushbench-client's result and
// pushbench-server's statistics (results/SCHEMA.md): one writer for them and for the runner's
// merge of their shards, so a merged result reads exactly as one process' would.
#pragma once

#include <nlohmann/json.hpp>

#include "clock.h"
#include "latency.h"

namespace pushbench {

// latency_ns: notification latency.
inline nlohmann::json latency_json(const LatencySummary& l) {
  return {{"count", l.count},  {"p50", l.p50_ns}, {"p90", l.p90_ns}, {"p99", l.p99_ns},
          {"p999", l.p999_ns}, {"max", l.max_ns}, {"min", l.min_ns}, {"mean", l.mean_ns}};
}

// upstream.send_lag_ns: actual - planned send time.
inline nlohmann::json send_lag_json(const LatencySummary& s) {
  return {{"count", s.count}, {"p50", s.p50_ns}, {"p99", s.p99_ns}, {"max", s.max_ns}};
}

// tcp_srtt_ns, tcp_min_rtt_ns: TCP's view of the path, one sample per connection.
inline nlohmann::json rtt_json(const LatencySummary& s) {
  return {{"count", s.count},
          {"p50", s.p50_ns},
          {"p99", s.p99_ns},
          {"min", s.min_ns},
          {"max", s.max_ns}};
}

// The server's publish_lag and upstream.latency, in µs.
inline nlohmann::json lag_us_json(const LatencySummary& s) {
  return {{"count", s.count},
          {"p50_us", ns_to_us(s.p50_ns)},
          {"p99_us", ns_to_us(s.p99_ns)},
          {"max_us", ns_to_us(s.max_ns)},
          {"mean_us", ns_to_us(s.mean_ns)}};
}

}  // namespace pushbench
