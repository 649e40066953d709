// Aligned plain-text tables.
#include "text_table.h"

#include <algorithm>

namespace pushbench {
namespace {
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
}  // namespace

size_t display_width(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string render_text_table(const TextTable& t) {
  std::vector<size_t> width(t.header.size(), 0);
  auto widen = [&width](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], display_width(row[i]));
    }
  };
  widen(t.header);
  for (const auto& row : t.rows) {
    widen(row);
  }
  auto line = [&](const std::vector<std::string>& row, bool all_left) {
    std::string out;
    const size_t n = std::min(row.size(), width.size());
    for (size_t i = 0; i < n; ++i) {
      const bool last = i + 1 == n;
      const bool left = all_left || i < t.left_columns || (last && t.last_column_left);
      std::string cell = pad(row[i], width[i], left);
      if (last) {
        cell.erase(cell.find_last_not_of(' ') + 1);
      }
      out += cell + (last ? "" : "  ");
    }
    return out + "\n";
  };
  std::string out = line(t.header, t.header_left);
  for (const auto& row : t.rows) {
    out += line(row, false);
  }
  return out;
}

}  // namespace pushbench
