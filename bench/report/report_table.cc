// Report sections as Markdown and as plain text.
#include "report_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "text_table.h"

namespace pushbench {

std::string fixed(std::optional<double> v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("—");
}

namespace {
std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return out;
}

std::string markdown_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) {
    out += ' ';
    out += markdown_cell(c);
    out += " |";
  }
  return out + "\n";
}
}  // namespace

std::string table_text(const ReportTable& t) {
  const size_t n = t.header.size() - std::min(t.header.size(), t.markdown_only_columns);
  auto terminal = [n](const std::vector<std::string>& row) {
    return std::vector<std::string>(row.begin(),
                                    row.begin() + static_cast<long>(std::min(n, row.size())));
  };
  TextTable text{.header = terminal(t.header), .left_columns = t.left_columns};
  for (const auto& row : t.rows) {
    text.rows.push_back(terminal(row));
  }
  return render_text_table(text);
}

std::string to_markdown(const ReportSection& s) {
  std::string out = fmt::format("## {}\n\n", s.title);
  for (const std::string& p : s.intro) {
    out += p + "\n\n";
  }
  if (!s.table.header.empty()) {
    out += markdown_row(s.table.header);
    std::string rule = "|";
    const size_t n = s.table.header.size();
    for (size_t i = 0; i < n; ++i) {
      const bool text = i < s.table.left_columns || i + s.table.markdown_only_columns >= n;
      rule += text ? "---|" : "---:|";
    }
    out += rule + "\n";
    for (const auto& row : s.table.rows) {
      out += markdown_row(row);
    }
    out += "\n";
  }
  for (const std::string& p : s.notes) {
    out += p + "\n\n";
  }
  for (const std::string& p : s.details) {
    out += p + "\n\n";
  }
  return out;
}

std::string to_text(const ReportSection& s) {
  std::string out = fmt::format("{}\n{}\n", s.title, std::string(display_width(s.title), '='));
  for (const std::string& p : s.intro) {
    out += p + "\n";
  }
  if (!s.table.header.empty()) {
    out += table_text(s.table);
  }
  for (const std::string& p : s.notes) {
    out += p + "\n";
  }
  return out;
}

}  // namespace pushbench
