// Command-line parsing shared by every binary: --help prints and exits 0; any parse error
// becomes a one-line ConfigError (main prints it and exits 2).
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace pushbench {

void parse_cli(CLI::App& app, int argc, char** argv);

// Writes "program: message\n" to stderr and ignores a failure: main's last words must not throw
// (fmt::print does when stderr is a log on a full disk, and a throw from a catch handler aborts).
void print_error(const char* program, const char* message) noexcept;

// Every binary's main: runs `body` and returns its exit code; a ConfigError (bad input) is one
// line on stderr and exit 2, any other exception one line and exit 1.
int run_main(const char* program, const std::function<int()>& body) noexcept;

// A binary's closing JSON (stats, result): onto `path` (replaced whole, never half-written), or
// stdout when `path` is empty.
void emit_json(const std::string& path, const std::string& json);

}  // namespace pushbench
