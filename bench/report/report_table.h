// A report section (title, text, one table, notes) rendered two ways: Markdown for report.md and
// aligned plain text for the terminal.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pushbench {

struct ReportTable {
  std::vector<std::string> header{};
  std::vector<std::vector<std::string>> rows{};  // as wide as the header
  size_t left_columns = 1;                       // leading text columns; the rest are right-aligned
  size_t markdown_only_columns = 0;              // trailing columns too wide for a terminal
};

struct ReportSection {
  std::string title{};
  std::vector<std::string> intro{};  // paragraphs before the table
  ReportTable table{};
  std::vector<std::string> notes{};    // paragraphs after it
  std::vector<std::string> details{};  // paragraphs after the notes, report.md only (formulas)
};

// A table cell: the number with `decimals` decimals, or "—" when it does not apply.
std::string fixed(std::optional<double> v, int decimals);

std::string to_markdown(const ReportSection& s);
std::string to_text(const ReportSection& s);

// The table for the terminal (bench/schema/text_table.h), without the markdown-only columns.
std::string table_text(const ReportTable& t);

}  // namespace pushbench
