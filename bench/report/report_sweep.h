// The polling-interval sweep (`--poll-interval A,B,...`): per scenario and polling transport,
// latency, bytes and server CPU per notification and the share of empty polls at every interval,
// next to WebSocket's row of the same scenario.
#pragma once

#include <vector>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// One section per scenario whose polling cells ran at two or more intervals; none otherwise.
std::vector<ReportSection> sweep_sections(const ReportData& d);

}  // namespace pushbench
