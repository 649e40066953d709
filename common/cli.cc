// Command-line parsing shared by every binary.
#include "cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "config_error.h"

namespace pushbench {

void parse_cli(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    std::exit(0);
  } catch (const CLI::CallForAllHelp&) {
    fmt::print("{}", app.help("", CLI::AppFormatMode::All));
    std::exit(0);
  } catch (const CLI::ParseError& e) {
    throw ConfigError(e.what());
  }
}

}  // namespace pushbench
