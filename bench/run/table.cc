// The short comparison table.
#include "table.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "parse.h"
#include "results_row.h"
#include "text_table.h"

namespace pushbench {
namespace {
size_t column(const std::string& name) {
  const auto& cols = result_columns();
  return static_cast<size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
}

std::string ms(const std::string& us) {
  const auto v = parse_double(us);
  return v ? fmt::format("{:.1f}", *v / 1000) : "-";
}

// The scenario columns whose value differs between rows (a sweep), as (title, column).
std::vector<std::pair<std::string, std::string>> swept_columns(
    const std::vector<std::vector<std::string>>& rows) {
  const std::vector<std::pair<std::string, std::string>> scenario = {
      {"workload", "workload"},
      {"clients", "clients"},
      {"events/s", "event_rate_hz"},
      {"payload B", "payload_bytes"},
      {"poll ms", "poll_interval_ms"}};
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [title, col] : scenario) {
    const size_t i = column(col);
    std::string first;
    bool varies = false;
    for (const auto& row : rows) {
      if (col == "poll_interval_ms" && row[i].empty()) {
        continue;  // not applicable (push transports) is no sweep value
      }
      varies = varies || (!first.empty() && row[i] != first);
      first = first.empty() ? row[i] : first;
    }
    if (varies) {
      out.emplace_back(title, col);
    }
  }
  return out;
}

// --server other than pushbench alone: every row names its implementation.
bool other_servers(const std::vector<std::vector<std::string>>& rows) {
  const size_t i = column("server_impl");
  return std::any_of(rows.begin(), rows.end(),
                     [i](const std::vector<std::string>& row) { return row[i] != "pushbench"; });
}

// pushbench-mpi: the rows' latency clocks were set across hosts (not `local`).
bool mpi_clocks(const std::vector<std::vector<std::string>>& rows) {
  const size_t i = column("clock");
  return std::any_of(rows.begin(), rows.end(), [i](const std::vector<std::string>& row) {
    return i < row.size() && row[i] != "local";
  });
}
}  // namespace

std::string comparison_table(const std::vector<std::vector<std::string>>& rows) {
  // Rows come in run order: within a scenario, implementation by implementation.
  const bool servers = other_servers(rows);
  std::vector<std::pair<std::string, std::string>> cols;
  if (servers) {
    cols.emplace_back("server", "server_impl");
  }
  cols.emplace_back("transport", "transport");
  const auto swept = swept_columns(rows);
  cols.insert(cols.end(), swept.begin(), swept.end());
  cols.insert(cols.end(), {{"repetition", "rep"},
                           {"delivered", "notifications_delivered"},
                           {"lost", "notifications_lost"},
                           {"p50 ms", "latency_p50_us"},
                           {"p99 ms", "latency_p99_us"},
                           {"requests", "requests_total"},
                           {"empty", "empty_responses"},
                           {"conns opened", "connections_opened"},
                           {"app B/notif", "app_bytes_per_notification"},
                           {"srv CPU %", "server_cpu_pct"},
                           {"srv us/notif", "server_cpu_us_per_notification"},
                           {"cli CPU %", "client_cpu_pct"}});
  if (servers) {
    cols.emplace_back("impl us/notif", "impl_cpu_us_per_notification");
  }
  const bool clocks = mpi_clocks(rows);
  if (clocks) {
    cols.insert(
        cols.end(),
        {{"clock", "clock"}, {"offset us", "clock_offset_us"}, {"+- us", "clock_uncertainty_us"}});
  }
  cols.emplace_back("flags", "flags");
  // The server, the transport and the flags are text, the titles all left-aligned.
  TextTable table{.left_columns = servers ? 2u : 1u, .last_column_left = true, .header_left = true};
  for (const auto& [title, col] : cols) {
    table.header.push_back(title);
  }
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& [title, col] : cols) {
      const std::string& v = col == "rep" ? row[column("repetition")] : row[column(col)];
      line.push_back(col.rfind("latency_", 0) == 0 ? ms(v) : (v.empty() ? "-" : v));
    }
    table.rows.push_back(std::move(line));
  }
  std::string out = render_text_table(table);
  out +=
      "latency: planned publish -> client read; app bytes: TCP payload both ways (TCP_INFO); "
      "CPU: % of one core over the window.\n";
  if (servers) {
    out +=
        "server: the implementation the same clients ran against; srv CPU: the whole server "
        "side (nginx + pushbench-server feeding it; Pushpin + pushbench-server as its origin); "
        "impl us/notif: the implementation's processes alone.\n";
  }
  if (clocks) {
    out +=
        "clock: same_host (the exact clock, the offset measured but not applied) or measured "
        "(the client ranks' offset to their server's clock applied); offset +- us: the client "
        "rank with the largest uncertainty.\n";
  }
  if (out.find("saturated") != std::string::npos) {
    out +=
        "flag *_saturated: that process used > 90 % of a core; its row measures the process, "
        "not the transport.\n";
  }
  if (out.find("loss") != std::string::npos || out.find("errors") != std::string::npos) {
    out += "flag loss/errors: events were lost or a client saw errors; see the raw/ logs.\n";
  }
  return out;
}

}  // namespace pushbench
