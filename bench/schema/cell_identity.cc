// The columns that identify a cell, from the roles of result_columns.h.
#include "cell_identity.h"

#include "result_columns.h"

namespace pushbench {
namespace {
std::vector<std::string> columns_of(ColumnRole role) {
  std::vector<std::string> out;
  for (const ResultColumn& c : result_column_table()) {
    if (c.role == role) {
      out.emplace_back(c.name);
    }
  }
  return out;
}
}  // namespace

const std::vector<std::string>& cell_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = matched_cell_columns();
    const std::vector<std::string> window = columns_of(ColumnRole::kWindow);
    c.insert(c.end(), window.begin(), window.end());
    return c;
  }();
  return columns;
}

const std::vector<std::string>& matched_cell_columns() {
  static const std::vector<std::string> columns = columns_of(ColumnRole::kCell);
  return columns;
}

}  // namespace pushbench
