// The "latency vs network" section: p50 and p99 per transport under each network condition of the
// run (--net and its overrides), beside the theory of network_theory.h and what TCP measured of
// the path. Absent for a run without --netns.
#pragma once

#include <optional>
#include <string>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// "wan: rtt 40 ms, jitter 2 ms, loss 0.1 %, down 10 / up 2 Mbit/s" from a row's net_* columns;
// nullopt when the row has none (a run without --netns, or an older results.csv).
std::optional<std::string> describe_network(const ResultRow& r);

// One section for the whole run; nullopt when no cell has network columns.
std::optional<ReportSection> network_section(const ReportData& d);

}  // namespace pushbench
