// Report sections as Markdown and as plain text.
#include "report_table.h"

#include <fmt/format.h>

#include <algorithm>

namespace pushbench {

std::string fixed(std::optional<double> v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string("—");
}

namespace {
// Characters on screen: UTF-8 code points (every byte that is not a continuation byte).
size_t display_width(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, size_t width, bool left) {
  const size_t fill = width - std::min(width, display_width(s));
  std::string out;
  out.reserve(s.size() + fill);
  if (!left) {
    out.append(fill, ' ');
  }
  out += s;
  if (left) {
    out.append(fill, ' ');
  }
  return out;
}

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
  std::vector<size_t> width(t.header.size() - std::min(t.header.size(), t.markdown_only_columns),
                            0);
  auto widen = [&width](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], display_width(row[i]));
    }
  };
  widen(t.header);
  for (const auto& row : t.rows) {
    widen(row);
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    const size_t n = std::min(row.size(), width.size());
    for (size_t i = 0; i < n; ++i) {
      const bool last = i + 1 == n;
      std::string cell = pad(row[i], width[i], i < t.left_columns);
      if (last) {
        cell.erase(cell.find_last_not_of(' ') + 1);
      }
      out += cell + (last ? "" : "  ");
    }
    return out + "\n";
  };
  std::string out = line(t.header);
  for (const auto& row : t.rows) {
    out += line(row);
  }
  return out;
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
