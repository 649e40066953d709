// Fuzzes how `pushbench report DIR` reads DIR/meta.json (run_context_line,
// bench/report/report.h): a results directory is outside input, and report.md's first line comes
// from it.
// Invariants: nothing is thrown, whatever the JSON holds; a text that is not a JSON object gives
// no line, an object always the one sentence, "?" standing for what is missing or mistyped.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string line = pushbench::run_context_line(text);  // noexcept in effect: no catch
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  const bool object = !j.is_discarded() && j.is_object();
  FUZZ_CHECK(line.empty() != object);
  if (object) {
    FUZZ_CHECK(line.starts_with("Measured on ") && line.ends_with("`."));
  }
  return 0;
}
