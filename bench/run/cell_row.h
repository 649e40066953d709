// One results.csv row from what one repetition of one cell measured: the run hands the schema's
// columns (bench/schema/result_columns.h) its options and results as a MeasuredCell, so the
// schema knows nothing of the runner.
#pragma once

#include <string>
#include <vector>

#include "run_options.h"
#include "runner.h"

namespace pushbench {

// One row, in result_columns() order; empty strings mean "not applicable".
std::vector<std::string> make_row(const RunOptions& options, const CellResult& cell);

}  // namespace pushbench
