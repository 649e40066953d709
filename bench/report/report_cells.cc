// results.csv grouped into cells.
#include "report_cells.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "cell_identity.h"
#include "config_error.h"
#include "parse.h"
#include "report_network.h"
#include "results_table.h"
#include "summary.h"
#include "workload.h"

namespace pushbench {
namespace {
constexpr double kHeadlineIntervalMs = 1000;

std::string scenario_key(const ResultRow& r) {
  std::string key;
  for (const std::string& column : cell_columns()) {
    // A transport's own parameters (its poll interval, its clients per HTTP/2 connection, its
    // HTTP engine) do not make another scenario.
    if (column != "transport" && column != "poll_interval_ms" && column != "h2_clients_per_conn" &&
        column != "http_engine") {
      key += column + "=" + r.text(column) + ";";
    }
  }
  return key;
}

// How much a scenario looks like the default comparison (higher is more).
int default_likeness(const ReportCell& c) {
  int score = c.text("workload") == "broadcast" ? 100 : 0;
  score += c.rows.front().num("clients") == 1000 ? 1 : 0;
  score += c.rows.front().num("event_rate_hz") == 10 ? 1 : 0;
  score += c.rows.front().num("payload_bytes") == 256 ? 1 : 0;
  score += c.text("arrival") == "fixed" ? 1 : 0;
  return score;
}
}  // namespace

std::string ResultRow::text(std::string_view column) const {
  auto it = cells_.find(column);
  return it == cells_.end() ? std::string() : it->second;
}

std::optional<double> ResultRow::num(std::string_view column) const {
  const std::string t = text(column);
  if (t.empty()) {
    return std::nullopt;
  }
  const auto v = parse_double(t);
  if (!v) {
    throw ConfigError(fmt::format("{}: {} is '{}', not a number", where_, column, t));
  }
  return v;
}

std::optional<double> ReportCell::median(const RowFigure& figure) const {
  std::vector<double> v;
  for (const ResultRow& r : rows) {
    if (auto x = figure(r)) {
      v.push_back(*x);
    }
  }
  if (v.empty()) {
    return std::nullopt;
  }
  return pushbench::median(std::move(v));
}

std::optional<double> ReportCell::median(std::string_view column) const {
  return median([column](const ResultRow& r) { return r.num(column); });
}

std::string ReportCell::flags() const {
  std::string joined;
  for (const ResultRow& r : rows) {
    const std::string f = r.text("flags");
    if (f.empty() || joined.find(f) != std::string::npos) {
      continue;
    }
    if (!joined.empty()) {
      joined.push_back(';');
    }
    joined.append(f);
  }
  return joined;
}

std::optional<double> ratio(std::optional<double> a, std::optional<double> b) {
  if (!a || !b || *b == 0) {
    return std::nullopt;
  }
  return *a / *b;
}

ReportData parse_report_data(std::string_view csv_text, const std::string& origin) {
  return report_data(parse_results_csv(csv_text, origin));
}

ReportData report_data(const ResultsTable& t) {
  const std::string& origin = t.origin;
  ReportData d{.origin = origin};
  for (size_t i = 0; i < t.rows.size(); ++i) {
    std::map<std::string, std::string, std::less<>> cells;
    for (size_t c = 0; c < t.header.size(); ++c) {
      cells[t.header[c]] = t.rows[i][c];
    }
    ResultRow row(std::move(cells), fmt::format("{} row {}", origin, i + 2));
    const std::string scenario = scenario_key(row);
    const std::string transport = row.text("transport");
    const std::string interval = row.text("poll_interval_ms");
    auto it = std::find_if(d.cells.begin(), d.cells.end(), [&](const ReportCell& c) {
      return c.scenario == scenario && c.transport == transport &&
             c.text("poll_interval_ms") == interval;
    });
    if (it == d.cells.end()) {
      d.cells.push_back(ReportCell{.transport = transport, .scenario = scenario, .rows = {}});
      it = d.cells.end() - 1;
    }
    it->rows.push_back(std::move(row));
  }
  return d;
}

ReportData load_report_data(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw ConfigError(fmt::format("{}: not a results directory", dir));
  }
  ReportData d = report_data(read_results_dir(dir));
  d.histograms = load_cell_histograms(dir);
  return d;
}

std::optional<double> sum(std::optional<double> a, std::optional<double> b) {
  return a && b ? std::optional<double>(*a + *b) : std::nullopt;
}

std::optional<double> per_client_per_min(std::optional<double> total, const ResultRow& r) {
  return ratio(ratio(total, r.num("clients")), ratio(r.num("duration_s"), 60.0));
}

std::optional<double> wire_total(const ResultRow& r) {
  return sum(r.num("wire_bytes_up"), r.num("wire_bytes_down"));
}

std::vector<std::string> scenarios(const ReportData& d) {
  std::vector<std::string> out;
  for (const ReportCell& c : d.cells) {
    if (std::find(out.begin(), out.end(), c.scenario) == out.end()) {
      out.push_back(c.scenario);
    }
  }
  return out;
}

std::string headline_scenario(const ReportData& d, std::string_view workload) {
  const ReportCell* best = nullptr;
  for (const ReportCell& c : d.cells) {
    if (!workload.empty() && c.text("workload") != workload) {
      continue;
    }
    if (best == nullptr || default_likeness(c) > default_likeness(*best)) {
      best = &c;
    }
  }
  return best == nullptr ? std::string() : best->scenario;
}

std::vector<const ReportCell*> headline_cells(const ReportData& d, const std::string& scenario) {
  std::vector<const ReportCell*> out;
  auto distance = [](const ReportCell& c) {
    return std::fabs(std::log(*c.poll_interval_ms() / kHeadlineIntervalMs));
  };
  for (const ReportCell& c : d.cells) {
    if (c.scenario != scenario) {
      continue;
    }
    auto same = std::find_if(out.begin(), out.end(),
                             [&c](const ReportCell* o) { return o->transport == c.transport; });
    if (same == out.end()) {
      out.push_back(&c);
    } else if (c.poll_interval_ms() && (*same)->poll_interval_ms()) {
      const double now = distance(**same);
      const double candidate = distance(c);
      if (candidate < now ||
          (candidate == now && *c.poll_interval_ms() < *(*same)->poll_interval_ms())) {
        *same = &c;
      }
    }
  }
  return out;
}

std::string describe_scenario(const ReportCell& c) {
  // The row's workload back as a spec, so the words are those of the run's progress lines.
  const ResultRow& r = c.rows.front();
  WorkloadSpec w;
  w.workload = parse_workload(r.text("workload"));
  w.clients = static_cast<int>(r.num("clients").value_or(0));
  w.rate_hz = r.num("event_rate_hz").value_or(0);
  w.payload_bytes = static_cast<int>(r.num("payload_bytes").value_or(0));
  w.room_size = static_cast<int>(r.num("room_size").value_or(0));
  w.input_bytes = static_cast<int>(r.num("upstream_message_bytes").value_or(0));
  std::string text = describe(w);
  if (!c.text("arrival").empty() && w.workload != Workload::kIdle) {
    text += fmt::format(", {} arrivals", c.text("arrival"));
  }
  if (!c.text("duration_s").empty()) {
    text += fmt::format(", {} s window", c.text("duration_s"));
  }
  if (const auto network = describe_network(r)) {
    text += ", network " + *network;
  }
  return text;
}

namespace {
bool is_network_column(const std::string& column) { return column.rfind("net_", 0) == 0; }
bool is_tls_column(const std::string& column) { return column.rfind("tls", 0) == 0; }

std::string condition_key(const ReportCell& c, bool with_tls) {
  std::string key;
  for (const std::string& column : cell_columns()) {
    if (is_network_column(column) || (with_tls && is_tls_column(column))) {
      key += column + "=" + c.text(column) + ";";
    }
  }
  return key;
}

// A plaintext raw-TCP floor (before the floor had TLS, a --tls run's tcp rows said off): it
// belongs to every condition of its network that has no floor of its own, TLS ones included.
bool plain_floor(const ReportCell& c) { return c.transport == "tcp" && c.text("tls") != "on"; }
}  // namespace

std::vector<ReportData> split_by_condition(const ReportData& d) {
  std::vector<ReportData> out;
  std::vector<std::string> keys;      // with TLS
  std::vector<std::string> networks;  // the same groups' network alone
  auto group = [&](const ReportCell& c) -> ReportData& {
    const std::string key = condition_key(c, true);
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      networks.push_back(condition_key(c, false));
      out.push_back(ReportData{.origin = d.origin, .cells = {}});
      return out.back();
    }
    return out[static_cast<size_t>(it - keys.begin())];
  };
  for (const ReportCell& c : d.cells) {
    if (!plain_floor(c)) {
      group(c).cells.push_back(c);
    }
  }
  for (const ReportCell& c : d.cells) {
    if (!plain_floor(c)) {
      continue;
    }
    const std::string network = condition_key(c, false);
    bool joined = false;
    for (size_t i = 0; i < out.size(); ++i) {
      const bool has_floor = std::any_of(out[i].cells.begin(), out[i].cells.end(),
                                         [](const ReportCell& o) { return o.transport == "tcp"; });
      if (networks[i] == network && !has_floor) {
        out[i].cells.push_back(c);
        joined = true;
      }
    }
    if (!joined) {
      group(c).cells.push_back(c);
    }
  }
  return out;
}

std::string describe_condition(const ReportCell& c) {
  const auto network = describe_network(c.rows.front());
  const std::string tls = c.text("tls");
  std::string text = network ? "network " + *network : "loopback";
  if (tls.empty() || tls == "off") {
    return text + ", plaintext";
  }
  text += fmt::format(", TLS {}", c.text("tls_version").empty() ? tls : c.text("tls_version"));
  if (!c.text("tls_resume").empty()) {
    text += fmt::format(" (resumption {})", c.text("tls_resume"));
  }
  return text;
}

std::string repetitions_text(const ReportCell& c) {
  const size_t reps = c.rows.size();
  return fmt::format("median of {} repetition{}", reps, reps == 1 ? "" : "s");
}

std::string scenario_intro(const ReportCell& c) {
  return fmt::format("Scenario: {}; {}.", describe_scenario(c), repetitions_text(c));
}

}  // namespace pushbench
