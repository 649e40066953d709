// The chat and game workloads' table: both directions of every transport side by side — what
// went up (messages sent and received, upstream latency, bytes and requests per message) and what
// came down (delivery, end-to-end or downstream latency), and what it cost.
#pragma once

#include <vector>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// One section per chat or game scenario of the run; none when it has neither.
std::vector<ReportSection> duplex_sections(const ReportData& d);

}  // namespace pushbench
