// What every rank of a pushbench-mpi job shares.
#include "mpi_job.h"

namespace pushbench {

std::string to_text(const Command& c) {
  return nlohmann::json{{"cell", c.cell}, {"repetition", c.repetition}}.dump();
}

Command command_from_text(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  return {.cell = j.at("cell").get<size_t>(), .repetition = j.at("repetition").get<int>()};
}

nlohmann::json to_json(const ProcSample& s) {
  return {{"mono_ns", s.mono_ns},
          {"cpu_s", s.cpu_s},
          {"user_s", s.user_s},
          {"sys_s", s.sys_s},
          {"rss_kb", s.rss_kb}};
}

ProcSample proc_sample_from_json(const nlohmann::json& j) {
  return {.mono_ns = j.at("mono_ns").get<int64_t>(),
          .cpu_s = j.at("cpu_s").get<double>(),
          .user_s = j.at("user_s").get<double>(),
          .sys_s = j.at("sys_s").get<double>(),
          .rss_kb = j.at("rss_kb").get<int64_t>()};
}

}  // namespace pushbench
