// Reading and validating the inputs of `pushbench compare`.
#include "compare_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "config_error.h"
#include "csv_writer.h"

namespace pushbench {
namespace {
std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(fmt::format("cannot read {}", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double to_ns(double value, const std::string& unit, const std::string& where) {
  if (unit == "ns") {
    return value;
  }
  if (unit == "us") {
    return value * 1e3;
  }
  if (unit == "ms") {
    return value * 1e6;
  }
  if (unit == "s") {
    return value * 1e9;
  }
  throw ConfigError(fmt::format("{}: unknown time_unit '{}'", where, unit));
}

MicroBenchmark& benchmark_named(MicroResults& r, const std::string& name) {
  auto it = std::find_if(r.benchmarks.begin(), r.benchmarks.end(),
                         [&name](const MicroBenchmark& b) { return b.name == name; });
  if (it != r.benchmarks.end()) {
    return *it;
  }
  return r.benchmarks.emplace_back(MicroBenchmark{.name = name});
}

void add_micro_entry(MicroResults& r, const nlohmann::json& b, const std::string& where) {
  if (b.value("error_occurred", false)) {
    return;  // the benchmark failed (SkipWithError): no time to compare
  }
  const std::string run_name = b.value("run_name", b.at("name").get<std::string>());
  const double ns = to_ns(b.at("real_time").get<double>(), b.value("time_unit", "ns"), where);
  if (!std::isfinite(ns) || ns < 0) {
    throw ConfigError(fmt::format("{}: {} has a real_time that is not a time", where, run_name));
  }
  const std::string run_type = b.value("run_type", "iteration");
  if (run_type == "iteration") {
    benchmark_named(r, run_name).real_time_ns.push_back(ns);
  } else if (run_type == "aggregate" && b.value("aggregate_name", "") == "median") {
    benchmark_named(r, run_name).median_ns = ns;
  }
}
}  // namespace

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
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    throw ConfigError(fmt::format("{}: row {}: {} is '{}', not a number", origin, row + 2,
                                  header[col], text));
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

MicroResults parse_micro_json(std::string_view text, const std::string& origin) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    throw ConfigError(fmt::format("{}: not valid JSON", origin));
  }
  if (!j.is_object() || !j.contains("benchmarks") || !j["benchmarks"].is_array()) {
    throw ConfigError(
        fmt::format("{}: no \"benchmarks\" array, not Google Benchmark JSON output", origin));
  }
  MicroResults r{.origin = origin};
  try {
    if (j.contains("context") && j["context"].contains("json_schema_version")) {
      // get<int>() of a number beyond int (1e300) is undefined behaviour: check first.
      const nlohmann::json& v = j["context"]["json_schema_version"];
      if (!v.is_number_integer() || v.get<int64_t>() < 0 ||
          v.get<int64_t>() > std::numeric_limits<int>::max()) {
        throw ConfigError(fmt::format("{}: context.json_schema_version is not a version number",
                                      origin));
      }
      r.json_schema_version = static_cast<int>(v.get<int64_t>());
    }
    for (const nlohmann::json& b : j["benchmarks"]) {
      add_micro_entry(r, b, origin);
    }
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(fmt::format("{}: malformed benchmark entry ({})", origin, e.what()));
  }
  if (r.benchmarks.empty()) {
    throw ConfigError(fmt::format("{}: no benchmark results", origin));
  }
  return r;
}

CompareInput load_compare_input(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw ConfigError(fmt::format("{}: no such file or directory", path));
  }
  if (fs::is_directory(path, ec)) {
    const std::string csv = (fs::path(path) / "results.csv").string();
    if (!fs::exists(csv, ec)) {
      throw ConfigError(fmt::format("{}: a directory without results.csv", path));
    }
    return parse_results_csv(read_whole(csv), csv);
  }
  const std::string text = read_whole(path);
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (fs::path(path).extension() == ".json" || (first != std::string::npos && text[first] == '{')) {
    return parse_micro_json(text, path);
  }
  return parse_results_csv(text, path);
}

}  // namespace pushbench
