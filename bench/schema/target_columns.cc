// target.csv's columns: the table, and each value's arithmetic.
#include "target_columns.h"

#include <fmt/format.h>

namespace pushbench {
namespace {
using T = TargetCell;

std::string num(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }
std::string count(const T& c, const char* key) {
  return std::to_string(c.client.at(key).get<uint64_t>());
}
// A number of the client's JSON that is null when it was not measured (no message, no
// timestamp): empty then.
std::string maybe(const T& c, const char* key, int decimals) {
  const nlohmann::json& v = c.client.at(key);
  return v.is_number() ? num(v.get<double>(), decimals) : std::string();
}
double messages(const T& c) { return c.client.at("messages").get<double>(); }
double client_cpu_s(const T& c) { return c.client_end.cpu_s - c.client_start.cpu_s; }
bool target_measured(const T& c) { return c.target_start && c.target_end; }
double target_cpu_s(const T& c) { return c.target_end->cpu_s - c.target_start->cpu_s; }
// CPU time over the window, in percent of one core.
double pct(double cpu_s, const T& c) { return 100 * cpu_s / c.duration_s; }

std::string flags(const T& c) {
  std::string out;
  auto flag = [&out](bool on, const char* f) {
    if (on) {
      out += out.empty() ? f : std::string(";") + f;
    }
  };
  flag(pct(client_cpu_s(c), c) > 90, "client_saturated");
  flag(c.client.at("errors").get<uint64_t>() > 0, "errors");
  flag(c.client.at("reconnects").get<uint64_t>() > 0, "reconnects");
  flag(messages(c) == 0, "no_messages");
  return out;
}

const std::vector<TargetColumn> kTable = {
    {"schema_version", "—", "target.csv's schema version", ColumnRole::kVersion,
     [](const T&) { return fmt::format("target-{}", kTargetSchemaVersion); }},
    {"url", "—", "the endpoint measured (--target)", ColumnRole::kCell,
     [](const T& c) { return c.url; }},
    {"mode", "—", "how it was read: sse, poll or ws", ColumnRole::kCell,
     [](const T& c) { return c.mode; }},
    {"clients", "—", "connections (one per client)", ColumnRole::kCell,
     [](const T& c) { return std::to_string(c.clients); }},
    {"warmup_s", "s", "warm-up before the window", ColumnRole::kWindow,
     [](const T& c) { return num(c.warmup_s, 3); }},
    {"duration_s", "s", "the measurement window", ColumnRole::kWindow,
     [](const T& c) { return num(c.duration_s, 3); }},
    {"repetition", "—", "repetition of the cell, from 1", ColumnRole::kRepetition,
     [](const T& c) { return std::to_string(c.repetition); }},
    {"messages", "—", "messages received in the window, all clients", ColumnRole::kNumber,
     [](const T& c) { return count(c, "messages"); }},
    {"messages_per_s", "1/s", "messages / window", ColumnRole::kNumber,
     [](const T& c) { return num(messages(c) / c.duration_s, 2); }},
    {"messages_per_client_per_s", "1/s", "messages / window / clients", ColumnRole::kNumber,
     [](const T& c) { return num(messages(c) / c.duration_s / c.clients, 3); }},
    {"bytes", "B", "event data or message payloads received in the window", ColumnRole::kNumber,
     [](const T& c) { return count(c, "bytes"); }},
    {"inter_arrival_p50_ms", "ms", "gap between one client's messages, p50", ColumnRole::kNumber,
     [](const T& c) { return maybe(c, "inter_arrival_p50_ms", 3); }},
    {"inter_arrival_p99_ms", "ms", "gap between one client's messages, p99", ColumnRole::kNumber,
     [](const T& c) { return maybe(c, "inter_arrival_p99_ms", 3); }},
    {"latency_p50_ms", "ms", "receive time - the message's timestamp, p50 (empty: not measured)",
     ColumnRole::kNumber, [](const T& c) { return maybe(c, "latency_p50_ms", 3); }},
    {"latency_p99_ms", "ms", "receive time - the message's timestamp, p99 (empty: not measured)",
     ColumnRole::kNumber, [](const T& c) { return maybe(c, "latency_p99_ms", 3); }},
    {"timestamp_field", "—", "--timestamp-field (empty: latency not measured)", ColumnRole::kText,
     [](const T& c) { return c.client.at("timestamp_field").get<std::string>(); }},
    {"timestamp_clock", "—", "the clock of the timestamps", ColumnRole::kText,
     [](const T& c) {
       const nlohmann::json& v = c.client.at("timestamp_clock");
       return v.is_string() ? v.get<std::string>() : std::string();
     }},
    {"messages_without_timestamp", "—", "messages whose timestamp field was missing",
     ColumnRole::kNumber, [](const T& c) { return count(c, "messages_without_timestamp"); }},
    {"requests", "—", "poll: requests answered in the window", ColumnRole::kNumber,
     [](const T& c) { return count(c, "requests"); }},
    {"empty_polls", "—", "poll: answers without a message", ColumnRole::kNumber,
     [](const T& c) { return count(c, "empty_polls"); }},
    {"connections", "—", "connections opened over the whole run", ColumnRole::kNumber,
     [](const T& c) { return count(c, "connections"); }},
    {"reconnects", "—", "connections reopened after a drop", ColumnRole::kNumber,
     [](const T& c) { return count(c, "reconnects"); }},
    {"errors", "—", "failed connects, HTTP errors, protocol errors", ColumnRole::kNumber,
     [](const T& c) { return count(c, "errors"); }},
    {"client_cpu_pct", "%", "pushbench-client's CPU over the window, % of one core",
     ColumnRole::kNumber, [](const T& c) { return num(pct(client_cpu_s(c), c), 2); }},
    {"client_rss_kb", "KiB", "pushbench-client's RSS at the window's end", ColumnRole::kNumber,
     [](const T& c) { return std::to_string(c.client_end.rss_kb); }},
    {"target_cpu_pct", "%",
     "--target-pid's process tree's CPU over the window, % of one core (empty: no --target-pid)",
     ColumnRole::kNumber,
     [](const T& c) { return target_measured(c) ? num(pct(target_cpu_s(c), c), 2) : ""; }},
    {"target_us_per_message", "µs", "target CPU / messages received", ColumnRole::kNumber,
     [](const T& c) {
       return target_measured(c) && messages(c) > 0 ? num(target_cpu_s(c) * 1e6 / messages(c), 2)
                                                    : "";
     }},
    {"target_rss_kb", "KiB", "the target's RSS at the window's end (process tree)",
     ColumnRole::kNumber,
     [](const T& c) { return target_measured(c) ? std::to_string(c.target_end->rss_kb) : ""; }},
    {"target_rss_per_client_kb", "KiB",
     "target RSS growth from before the clients to the window's end / clients", ColumnRole::kNumber,
     [](const T& c) {
       return target_measured(c) && c.target_rss_before_clients_kb
                  ? num(static_cast<double>(c.target_end->rss_kb -
                                            *c.target_rss_before_clients_kb) /
                            c.clients,
                        2)
                  : "";
     }},
    {"flags", "—", "client_saturated, errors, reconnects, no_messages", ColumnRole::kText, flags},
};
}  // namespace

const std::vector<TargetColumn>& target_column_table() { return kTable; }

const std::vector<std::string>& target_columns() {
  static const std::vector<std::string> names = column_names(kTable);
  return names;
}

std::vector<std::string> target_row(const TargetCell& cell) { return column_row(kTable, cell); }

std::optional<ColumnInfo> target_column_info(std::string_view column) {
  for (const TargetColumn& c : kTable) {
    if (c.name == column) {
      return ColumnInfo{.unit = c.unit, .text = c.role == ColumnRole::kText};
    }
  }
  return std::nullopt;
}

}  // namespace pushbench
