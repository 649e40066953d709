// Command-line parsing shared by every binary.
#include "cli.h"

#include <sys/uio.h>
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <cstring>

#include "config_error.h"
#include "csv_writer.h"

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

void print_error(const char* program, const char* message) noexcept {
  char sep[] = ": ";
  char nl[] = "\n";
  iovec parts[] = {{const_cast<char*>(program), std::strlen(program)},
                   {sep, 2},
                   {const_cast<char*>(message), std::strlen(message)},
                   {nl, 1}};
  [[maybe_unused]] const ssize_t n = ::writev(STDERR_FILENO, parts, 4);
}

int run_main(const char* program, const std::function<int()>& body) noexcept {
  try {
    return body();
  } catch (const ConfigError& e) {
    print_error(program, e.what());
    return 2;
  } catch (const std::exception& e) {
    print_error(program, e.what());
    return 1;
  }
}

void emit_json(const std::string& path, const std::string& json) {
  if (path.empty()) {
    fmt::print("{}\n", json);
  } else {
    write_file_atomic(path, json + "\n");
  }
}

}  // namespace pushbench
