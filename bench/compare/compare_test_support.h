// Running `pushbench compare` in-process for the gate's unit tests.
#pragma once

#include <string>

#include "compare_command.h"

namespace pushbench::test {

struct CompareOutcome {
  int exit_code = -1;
  std::string out;  // the report
  std::string err;  // the one-line bad-input message

  // The part of the report after the failing checks' header ("" when nothing failed).
  std::string regressions() const;
};

CompareOutcome compare(const CompareOptions& options);
CompareOutcome compare(const std::string& baseline, const std::string& candidate);

}  // namespace pushbench::test
