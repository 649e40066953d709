// Raw latency samples in a file: each client shard of `pushbench run` writes its recorders'
// samples (`pushbench-client --samples`), and the runner merges them into the percentiles of
// their union, exact (never averaged percentiles). Binary, native byte order (written and read
// on one machine): a magic line, then per set its name's length (u32), name, count (u64) and
// the samples (i64 each).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "latency.h"

namespace pushbench {

using NamedRecorders = std::vector<std::pair<std::string, const LatencyRecorder*>>;

// Writes `sets` to `path` (atomically: a temporary file renamed). Throws std::runtime_error.
void write_latency_samples(const std::string& path, const NamedRecorders& sets);
// The sets of a file written by write_latency_samples, by name. Throws std::runtime_error with
// a one-line reason when it is missing, truncated or not such a file.
std::map<std::string, LatencyRecorder> read_latency_samples(const std::string& path);

}  // namespace pushbench
