// The text `pushbench compare` prints: every check as a table (cell, metric, baseline, new,
// change, tolerance, repetitions, verdict), then the failing checks again on their own, then a
// one-line verdict.
#pragma once

#include <string>

#include "compare.h"

namespace pushbench {

std::string render_comparison(const Comparison& c);

}  // namespace pushbench
