// The text `pushbench compare` prints: every check as a table (cell, metric, baseline, new,
// change, tolerance, repetitions, verdict), then the failing checks again on their own, then a
// one-line verdict.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compare.h"

namespace pushbench {

std::string render_comparison(const Comparison& c);
// The same as JSON (`pushbench compare --format json`): origins, scenario, notes, every check
// (cell, metric, class, baseline, new, change_pct, tolerance, repetitions, p_value, verdict,
// why), failures and the verdict "ok" or "failed".
nlohmann::json comparison_json(const Comparison& c);

}  // namespace pushbench
