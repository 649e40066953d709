// The idle workload's table: what each transport costs per client per minute to stay ready for
// an event that never comes (requests, bytes, connections, server CPU, memory, WebSocket pings).
#pragma once

#include <vector>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// One section per idle scenario of the run; none when the run has no idle cells.
std::vector<ReportSection> idle_sections(const ReportData& d);

}  // namespace pushbench
