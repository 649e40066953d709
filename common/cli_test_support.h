// Unit-test support for the binaries' option parsers (parse_server_options, parse_client_options):
// runs one over a command line given as strings, as main() would, and reads its refusal.
#pragma once

#include <string>
#include <vector>

#include "config_error.h"

namespace pushbench {

// parse(argc, argv) over `program` followed by `args`.
template <class Parse>
auto parse_command_line(Parse parse, std::string program, std::vector<std::string> args) {
  args.insert(args.begin(), std::move(program));
  std::vector<char*> argv;
  for (std::string& s : args) {
    argv.push_back(s.data());
  }
  return parse(static_cast<int>(argv.size()), argv.data());
}

// The ConfigError message parse gives for `program` `args`, or "" when it accepts them.
template <class Parse>
std::string command_line_refusal(Parse parse, std::string program, std::vector<std::string> args) {
  try {
    parse_command_line(parse, std::move(program), std::move(args));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace pushbench
