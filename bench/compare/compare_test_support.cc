// Running `pushbench compare` in-process.
#include "compare_test_support.h"

namespace pushbench::test {

std::string CompareOutcome::regressions() const {
  const size_t at = out.find("\nREGRESSED: ");
  return at == std::string::npos ? "" : out.substr(at);
}

CompareOutcome compare(const CompareOptions& options) {
  CompareOutcome r;
  r.exit_code = run_compare(options, r.out, r.err);
  return r;
}

CompareOutcome compare(const std::string& baseline, const std::string& candidate) {
  return compare(CompareOptions{.baseline = baseline, .candidate = candidate});
}

}  // namespace pushbench::test
