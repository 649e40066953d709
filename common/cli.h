// Command-line parsing shared by every binary: --help prints and exits 0, --version prints the
// versions (version.h) and exits 0; any parse error becomes a one-line ConfigError (main prints
// it and exits 2). Durations are taken with units everywhere (add_duration_option).
#pragma once

#include <functional>
#include <string>

#include "parse.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace pushbench {

// What every binary's exit status means, as --help's footer says it unless an app sets its own.
inline constexpr const char* kExitCodes =
    "Exit status: 0 done, 1 failed (the message says why), 2 bad options or set-up (one line on "
    "stderr).";

// Parses argv into `app` (and its subcommands). Adds --version to `app` and the kExitCodes
// footer to `app` and every subcommand that has no footer of its own.
void parse_cli(CLI::App& app, int argc, char** argv);

// A duration option: "500ms", "15s", "2m" or a bare number in `bare` units, stored in `value` in
// `bare` units (so the code behind it is unchanged). A text that is not a duration is a
// ConfigError naming the option. The int form takes whole numbers of `bare` units only.
CLI::Option* add_duration_option(CLI::App& app, const std::string& names, double& value,
                                 TimeUnit bare, const std::string& description);
CLI::Option* add_duration_option(CLI::App& app, const std::string& names, int& value, TimeUnit bare,
                                 const std::string& description);

// `text` as a duration in `bare` units, or ConfigError "OPTION: 'TEXT' is not a duration ...".
double duration_or_throw(const std::string& text, TimeUnit bare, const std::string& option);

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
