// Small results.csv files for the gate's tests: one row per cell x repetition of a poll,
// poll-close and ws smoke scenario, with the values a clean run has; tests change what they
// test and write the file into a temp directory.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace pushbench::test {

class ResultsFixture {
 public:
  // `repetitions` rows per transport (repetition-major, as `pushbench run --repeat` writes).
  explicit ResultsFixture(int repetitions = 1);

  // Sets `column` in every row of `transport` ("" = every row).
  ResultsFixture& set(const std::string& transport, const std::string& column,
                      const std::string& value);
  // Multiplies the numeric `column` in every row of `transport` ("" = every row).
  ResultsFixture& scale(const std::string& transport, const std::string& column, double factor);
  // Sets `column` of the transport's rows to one value per repetition.
  ResultsFixture& set_per_repetition(const std::string& transport, const std::string& column,
                                     const std::vector<double>& values);
  ResultsFixture& drop_transport(const std::string& transport);

  std::string csv() const;
  // Writes results.csv into `dir` (created if needed); returns the directory.
  std::string write(const std::string& dir) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::map<std::string, std::string>> rows_;
};

}  // namespace pushbench::test
