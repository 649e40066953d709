// The short comparison table `pushbench run` prints at the end.
#pragma once

#include <string>
#include <vector>

namespace pushbench {

// Rows are results.csv rows (result_columns() order).
std::string comparison_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace pushbench
