// Command-line parsing shared by every binary: --help prints and exits 0; any parse error
// becomes a one-line ConfigError (main prints it and exits 2).
#pragma once

namespace CLI {
class App;
}

namespace pushbench {

void parse_cli(CLI::App& app, int argc, char** argv);

// Writes "program: message\n" to stderr and ignores a failure: main's last words must not throw
// (fmt::print does when stderr is a log on a full disk, and a throw from a catch handler aborts).
void print_error(const char* program, const char* message) noexcept;

}  // namespace pushbench
