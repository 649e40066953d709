// Small results.csv files for the gate's tests.
#include "results_fixture.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "csv_writer.h"
#include "parse.h"
#include "result_columns.h"

namespace pushbench::test {
namespace {
// A clean smoke run (50 clients, 20 events/s, 200 ms polls, 4 s window), trimmed to the
// columns the gate reads plus a few it must ignore.
std::map<std::string, std::string> row(const std::string& transport, int repetition) {
  const bool ws = transport == "ws";
  const bool close = transport == "poll-close";
  return {{"schema_version", "1"},
          {"transport", transport},
          {"workload", "broadcast"},
          {"arrival", "fixed"},
          {"clients", "50"},
          {"event_rate_hz", "20"},
          {"payload_bytes", "256"},
          {"poll_interval_ms", ws ? "" : "200"},
          {"repetition", std::to_string(repetition)},
          {"seed", "7"},
          {"warmup_s", "1.5"},
          {"duration_s", "4"},
          {"server_loop", "libev"},
          {"notifications_expected", "4000"},
          {"notifications_delivered", "4000"},
          {"notifications_lost", "0"},
          {"notifications_duplicated", "0"},
          {"notifications_out_of_order", "0"},
          {"notifications_misdelivered", "0"},
          {"latency_p50_us", ws ? "1100.0" : "100000.0"},
          {"latency_p99_us", ws ? "1700.0" : "198000.0"},
          {"requests_total", ws ? "0" : "1000"},
          {"empty_responses", "0"},
          {"late_polls", ws ? "" : "0"},
          {"connections_opened", close ? "1000" : "0"},
          {"app_bytes_per_notification", ws ? "260.0" : (close ? "304.5" : "294.7")},
          {"segments_down", close ? "3995" : "1000"},
          {"server_cpu_us_per_notification", ws ? "11.00" : (close ? "22.00" : "15.00")},
          {"server_cpu_us_per_request", ws ? "" : (close ? "88.00" : "60.00")},
          {"client_errors", "0"},
          {"flags", ""}};
}
}  // namespace

ResultsFixture::ResultsFixture(int repetitions) {
  const auto columns = row("poll", 1);  // in results.csv's order
  for (const std::string& c : result_columns()) {
    if (columns.contains(c)) {
      columns_.push_back(c);
    }
  }
  for (int rep = 1; rep <= repetitions; ++rep) {
    for (const char* t : {"poll", "poll-close", "ws"}) {
      rows_.push_back(row(t, rep));
    }
  }
}

ResultsFixture& ResultsFixture::set(const std::string& transport, const std::string& column,
                                    const std::string& value) {
  if (std::find(columns_.begin(), columns_.end(), column) == columns_.end()) {
    columns_.push_back(column);
  }
  for (auto& r : rows_) {
    if (transport.empty() || r["transport"] == transport) {
      r[column] = value;
    }
  }
  return *this;
}

ResultsFixture& ResultsFixture::scale(const std::string& transport, const std::string& column,
                                      double factor) {
  for (auto& r : rows_) {
    if ((transport.empty() || r["transport"] == transport) && !r[column].empty()) {
      r[column] = fmt::format("{}", parse_double(r[column]).value() * factor);
    }
  }
  return *this;
}

ResultsFixture& ResultsFixture::set_per_repetition(const std::string& transport,
                                                   const std::string& column,
                                                   const std::vector<double>& values) {
  size_t i = 0;
  for (auto& r : rows_) {
    if (r["transport"] == transport && i < values.size()) {
      r[column] = fmt::format("{}", values[i++]);
    }
  }
  return *this;
}

ResultsFixture& ResultsFixture::drop_transport(const std::string& transport) {
  std::erase_if(rows_, [&transport](auto& r) { return r["transport"] == transport; });
  return *this;
}

std::string ResultsFixture::csv() const {
  std::string text = csv_line(columns_);
  for (const auto& r : rows_) {
    std::vector<std::string> fields;
    for (const std::string& c : columns_) {
      auto it = r.find(c);
      fields.push_back(it == r.end() ? "" : it->second);
    }
    text += csv_line(fields);
  }
  return text;
}

std::string ResultsFixture::write(const std::string& dir) const {
  std::filesystem::create_directories(dir);
  write_file_atomic(dir + "/results.csv", csv());
  return dir;
}

}  // namespace pushbench::test
