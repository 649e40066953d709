// Which rows of results.csv are repetitions of one cell. Two identities: within one run (summary
// .csv, the report) every scenario and window column; across runs (`pushbench compare`) the
// scenario parameters alone, so that a baseline and a new run with other window lengths still
// match (a different warmup_s or duration_s is a note of the comparison).
#pragma once

#include <string>
#include <vector>

namespace pushbench {

// The kCell columns, then the kWindow ones (result_columns.h): transport, workload, arrival,
// clients, event_rate_hz, payload_bytes, poll_interval_ms, server_loop, the net_* conditions,
// warmup_s, duration_s: summary.csv's first columns and the report's cells.
const std::vector<std::string>& cell_columns();
// cell_columns() without the window (the kCell columns): the cells `pushbench compare` matches.
const std::vector<std::string>& matched_cell_columns();

}  // namespace pushbench
