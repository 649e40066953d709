// Command-line parsing shared by every binary: --help prints and exits 0; any parse error
// becomes a one-line ConfigError (main prints it and exits 2).
#pragma once

namespace CLI {
class App;
}

namespace pushbench {

void parse_cli(CLI::App& app, int argc, char** argv);

}  // namespace pushbench
