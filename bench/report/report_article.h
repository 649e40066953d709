// The article's comparison table (../shared/article), every cell a number measured in the run:
// Connection, Communication, Latency, Bandwidth, Server cost; one column per transport.
#pragma once

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

ReportSection article_section(const ReportData& d);

}  // namespace pushbench
