// Reading and validating results.csv.
#include "results_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_error.h"
#include "csv_writer.h"
#include "parse.h"

namespace pushbench {

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(fmt::format("cannot read {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<size_t> ResultsTable::column(std::string_view name) const noexcept {
  auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    return std::nullopt;
  }
  return static_cast<size_t>(it - header.begin());
}

std::optional<double> ResultsTable::number(size_t row, size_t col) const {
  const std::string& text = rows[row][col];
  if (text.empty()) {
    return std::nullopt;
  }
  const auto value = parse_double(text);
  if (!value) {
    throw ConfigError(
        fmt::format("{}: row {}: {} is '{}', not a number", origin, row + 2, header[col], text));
  }
  return value;
}

ResultsTable parse_results_csv(std::string_view text, const std::string& origin) {
  ResultsTable t{.origin = origin};
  auto records = csv_parse(text);
  if (records.empty() || records.front().empty() || records.front().front().empty()) {
    throw ConfigError(fmt::format("{}: empty file, not a results.csv", origin));
  }
  t.header = std::move(records.front());
  for (const char* required : {"schema_version", "transport"}) {
    if (!t.column(required)) {
      throw ConfigError(fmt::format("{}: no {} column, not a results.csv", origin, required));
    }
  }
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != t.header.size()) {
      throw ConfigError(fmt::format("{}: row {} has {} fields, the header {}", origin, i + 1,
                                    records[i].size(), t.header.size()));
    }
    t.rows.push_back(std::move(records[i]));
  }
  if (t.rows.empty()) {
    throw ConfigError(fmt::format("{}: no rows", origin));
  }
  const size_t sv = *t.column("schema_version");
  t.schema_version = t.rows.front()[sv];
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i][sv] != t.schema_version) {
      throw ConfigError(fmt::format("{}: rows of schema_version {} and {} in one file", origin,
                                    t.schema_version, t.rows[i][sv]));
    }
  }
  return t;
}

ResultsTable read_results_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string csv = (fs::path(dir) / "results.csv").string();
  if (!fs::exists(csv, ec)) {
    throw ConfigError(fmt::format("{}: a directory without results.csv", dir));
  }
  return parse_results_csv(read_whole(csv), csv);
}

}  // namespace pushbench
