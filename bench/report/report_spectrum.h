// The latency percentile spectrum per cell, as wrk2 prints it (50, 75, 90, 99, 99.9, 99.99,
// 99.999 and 100 %), from the cell's histogram (histograms/<cell>.csv): every repetition's
// notifications merged, each percentile within the histogram's stated error.
#pragma once

#include <optional>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

// None when the run has no histogram files (made before them) or none matches a cell.
std::optional<ReportSection> spectrum_section(const ReportData& d);

}  // namespace pushbench
