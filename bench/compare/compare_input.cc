// Reading and validating the inputs of `pushbench compare`.
#include "compare_input.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "config_error.h"

namespace pushbench {
namespace {
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
        throw ConfigError(
            fmt::format("{}: context.json_schema_version is not a version number", origin));
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
    return read_results_dir(path);
  }
  const std::string text = read_whole(path);
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (fs::path(path).extension() == ".json" || (first != std::string::npos && text[first] == '{')) {
    return parse_micro_json(text, path);
  }
  return parse_results_csv(text, path);
}

}  // namespace pushbench
