// The comparison table of the "HTTP polling vs WebSocket" article this project answers (README):
// Connection, Communication, Latency, Bandwidth, Server cost; one column per transport.
#pragma once

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

ReportSection article_section(const ReportData& d);

}  // namespace pushbench
