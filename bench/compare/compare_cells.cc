// Matching cells by their scenario parameters.
#include "compare_cells.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cell_identity.h"
#include "config_error.h"
#include "parse.h"

namespace pushbench {
namespace {
// "20" and "20.0" are one value.
std::string normalized(const std::string& text) {
  const auto v = parse_double(text);
  return v ? fmt::format("{}", *v) : text;
}

using Groups = std::vector<std::pair<std::vector<std::string>, std::vector<size_t>>>;

Groups group_rows(const ResultsTable& t, const std::vector<std::string>& key_columns) {
  Groups groups;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    std::vector<std::string> key;
    key.reserve(key_columns.size());
    for (const std::string& col : key_columns) {
      key.push_back(normalized(t.rows[r][*t.column(col)]));
    }
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&key](const auto& g) { return g.first == key; });
    if (it == groups.end()) {
      groups.emplace_back(std::move(key), std::vector<size_t>{r});
    } else {
      it->second.push_back(r);
    }
  }
  return groups;
}

std::string describe(const std::vector<std::string>& cols, const std::vector<std::string>& key) {
  std::string out = key[0];  // transport
  for (size_t i = 1; i < cols.size(); ++i) {
    if (!key[i].empty()) {
      out += fmt::format(" {}={}", cols[i], key[i]);
    }
  }
  return out;
}

// Labels name the transport plus the parameters that vary between the matched cells; the
// parameters they all share go into `scenario` once.
void label_cells(CellMatch& m) {
  for (size_t i = 1; i < m.key_columns.size(); ++i) {
    std::set<std::string> values;
    for (const MatchedCell& c : m.cells) {
      if (!c.key[i].empty()) {
        values.insert(c.key[i]);
      }
    }
    if (values.size() == 1) {
      m.scenario +=
          fmt::format("{}{}={}", m.scenario.empty() ? "" : " ", m.key_columns[i], *values.begin());
    }
    for (MatchedCell& c : m.cells) {
      if (values.size() > 1 && !c.key[i].empty()) {
        c.label += fmt::format(" {}={}", m.key_columns[i], c.key[i]);
      }
    }
  }
}

// Same scenario except the transport; an empty value (not applicable) matches any value.
bool same_scenario(const MatchedCell& a, const MatchedCell& b) {
  for (size_t i = 1; i < a.key.size(); ++i) {
    if (!a.key[i].empty() && !b.key[i].empty() && a.key[i] != b.key[i]) {
      return false;
    }
  }
  return true;
}

void pair_with_reference(CellMatch& m) {
  const auto poll = std::find_if(m.cells.begin(), m.cells.end(),
                                 [](const MatchedCell& c) { return c.transport == "poll"; });
  const std::string ref = poll != m.cells.end() ? "poll" : m.cells.front().transport;
  for (size_t i = 0; i < m.cells.size(); ++i) {
    for (size_t j = 0; j < m.cells.size(); ++j) {
      if (m.cells[i].transport != ref && m.cells[j].transport == ref &&
          same_scenario(m.cells[i], m.cells[j])) {
        m.ratio_pairs.emplace_back(i, j);
      }
    }
  }
}
}  // namespace

CellMatch match_cells(const ResultsTable& base, const ResultsTable& cand) {
  CellMatch m;
  for (const std::string& col : matched_cell_columns()) {
    if (base.column(col) && cand.column(col)) {
      m.key_columns.emplace_back(col);
    }
  }
  const Groups b = group_rows(base, m.key_columns);
  const Groups c = group_rows(cand, m.key_columns);
  std::vector<std::string> only_base;
  for (const auto& group : b) {
    const auto& key = group.first;
    auto it = std::find_if(c.begin(), c.end(), [&key](const auto& g) { return g.first == key; });
    if (it == c.end()) {
      only_base.push_back(describe(m.key_columns, key));
      continue;
    }
    m.cells.push_back({.transport = key[0],
                       .key = key,
                       .label = key[0],
                       .baseline_rows = group.second,
                       .candidate_rows = it->second});
  }
  std::vector<std::string> only_cand;
  for (const auto& group : c) {
    const auto& key = group.first;
    if (std::none_of(b.begin(), b.end(), [&key](const auto& g) { return g.first == key; })) {
      only_cand.push_back(describe(m.key_columns, key));
    }
  }
  if (m.cells.empty()) {
    throw ConfigError(fmt::format("no common cells: BASELINE {} has [{}], NEW {} has [{}]",
                                  base.origin, fmt::join(only_base, "; "), cand.origin,
                                  fmt::join(only_cand, "; ")));
  }
  for (const std::string& s : only_base) {
    m.notes.push_back(fmt::format("only in BASELINE, not compared: {}", s));
  }
  for (const std::string& s : only_cand) {
    m.notes.push_back(fmt::format("only in NEW, not compared: {}", s));
  }
  label_cells(m);
  pair_with_reference(m);
  return m;
}

}  // namespace pushbench
