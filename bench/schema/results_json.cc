// results.json from results.csv's table.
#include "results_json.h"

#include <charconv>

#include "parse.h"
#include "result_columns.h"

namespace pushbench {

std::optional<ColumnInfo> result_column_info(std::string_view column) {
  const ResultColumn* c = find_result_column(column);
  if (c == nullptr) {
    return std::nullopt;
  }
  return ColumnInfo{.unit = c->unit, .text = c->role == ColumnRole::kText};
}

nlohmann::ordered_json typed_value(std::string_view column, const std::string& text,
                                   ColumnLookup lookup) {
  const std::optional<ColumnInfo> c = lookup(column);
  if (column == "flags") {
    nlohmann::ordered_json flags = nlohmann::ordered_json::array();
    for (size_t at = 0; at < text.size();) {
      const size_t end = std::min(text.find(';', at), text.size());
      if (end > at) {
        flags.push_back(text.substr(at, end - at));
      }
      at = end + 1;
    }
    return flags;
  }
  if (text.empty()) {
    return nullptr;  // not applicable
  }
  if (c && c->text) {
    return text;
  }
  // An integer stays one (counts, bytes); else a number when it is one (transport: text).
  int64_t i = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && end == text.data() + text.size()) {
    return i;
  }
  if (const auto d = parse_double(text)) {
    return *d;
  }
  return text;
}

nlohmann::ordered_json results_json(const ResultsTable& t, const nlohmann::json& meta,
                                    ColumnLookup lookup) {
  nlohmann::ordered_json units = nlohmann::ordered_json::object();
  for (const std::string& name : t.header) {
    const std::optional<ColumnInfo> c = lookup(name);
    units[name] = c ? nlohmann::ordered_json(std::string(c->unit)) : nlohmann::ordered_json();
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const std::vector<std::string>& r : t.rows) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t i = 0; i < t.header.size() && i < r.size(); ++i) {
      row[t.header[i]] = typed_value(t.header[i], r[i], lookup);
    }
    rows.push_back(std::move(row));
  }
  nlohmann::ordered_json version = typed_value("schema_version", t.schema_version, lookup);
  return {{"schema_version", version},
          {"schema", "results/SCHEMA.md"},
          {"meta", nlohmann::ordered_json::parse(meta.dump())},
          {"columns", t.header},
          {"units", std::move(units)},
          {"rows", std::move(rows)}};
}

}  // namespace pushbench
