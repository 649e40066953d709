// The "implementations side by side" section: with `pushbench run --server pushbench,nginx` or
// `pushbench,pushpin`, each transport's cell on every implementation, one row after the other,
// so a reader sees how much of a verdict is the implementation (docs/method.md "Second
// implementations"). Every other section reads pushbench-server's cells alone.
#pragma once

#include <optional>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// One section for the run; nullopt when every cell is pushbench-server's.
std::optional<ReportSection> implementations_section(const ReportData& d);
// The cells of pushbench-server (server_impl pushbench, or absent in an older results.csv); all
// of them when the run has none (a run of nginx alone).
ReportData pushbench_cells(const ReportData& d);

}  // namespace pushbench
