// Setup errors: bad options or an environment that cannot run the scenario. main() maps them to
// a one-line message and exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace pushbench {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace pushbench
