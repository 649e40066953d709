// Statistics for noise-aware comparisons: the Mann-Whitney U test (the test Google Benchmark's
// compare.py uses), one-sided: "are NEW's values larger than BASELINE's?". Medians are the
// summary's (bench/schema/summary.h), as the report's are.
#pragma once

#include <vector>

namespace pushbench {

// One-sided Mann-Whitney U test. The p-value of seeing `b` at least this much larger than `a`
// if both came from one distribution: exact (by counting arrangements) without ties and up to 40
// values in all, else the normal approximation with tie and continuity corrections. 1 when either
// side is empty or every value is equal.
double mann_whitney_greater_p(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace pushbench
