// The warning about flagged rows.
#include "flag_warning.h"

#include <fmt/format.h>

#include "results_table.h"

namespace pushbench {

std::string row_label(size_t row, const std::string& transport, const std::string& repetition) {
  return fmt::format("row {} ({}, repetition {})", row, transport, repetition);
}

std::vector<FlaggedRow> flagged_rows(const ResultsTable& t) {
  const auto flags = t.column("flags");
  const auto transport = t.column("transport");
  const auto repetition = t.column("repetition");
  std::vector<FlaggedRow> out;
  if (!flags) {
    return out;
  }
  auto cell = [](const std::vector<std::string>& row, std::optional<size_t> c) {
    return c && *c < row.size() ? row[*c] : std::string("?");
  };
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    if (*flags < row.size() && !row[*flags].empty()) {
      out.push_back({row_label(i + 1, cell(row, transport), cell(row, repetition)), row[*flags]});
    }
  }
  return out;
}

std::string flagged_rows_warning(const std::vector<FlaggedRow>& flagged, size_t rows) {
  if (flagged.empty()) {
    return "";
  }
  std::string list;
  for (const FlaggedRow& f : flagged) {
    list += fmt::format("{}{}: {}", list.empty() ? "" : "; ", f.label, f.flags);
  }
  return fmt::format(
      "warning: {} of {} rows carry trust flags ({}): their figures may not "
      "measure the transport alone (results/SCHEMA.md, flags)",
      flagged.size(), rows, list);
}

}  // namespace pushbench
