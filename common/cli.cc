// Command-line parsing shared by every binary.
#include "cli.h"

#include <sys/uio.h>
#include <unistd.h>

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "config_error.h"
#include "csv_writer.h"
#include "version.h"

namespace pushbench {
namespace {
void add_exit_code_footers(CLI::App& app) {
  if (app.get_footer().empty()) {
    app.footer(kExitCodes);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    add_exit_code_footers(*sub);
  }
}

// The option's long name for messages ("-d,--duration" -> "--duration").
std::string long_name(const std::string& names) {
  const size_t pos = names.rfind(',');
  return pos == std::string::npos ? names : names.substr(pos + 1);
}

std::string describe_duration(const std::string& description, TimeUnit bare) {
  return fmt::format("{} (a duration: 500ms, 15s, 2m; a bare number is in {})", description,
                     bare == TimeUnit::kSeconds ? "seconds" : "milliseconds");
}
}  // namespace

double duration_or_throw(const std::string& text, TimeUnit bare, const std::string& option) {
  const std::optional<double> v = parse_duration(text, bare);
  if (!v) {
    throw ConfigError(
        fmt::format("{}: '{}' is not a duration (e.g. 500ms, 15s, 2m, 1h; a bare number is in {})",
                    option, text, bare == TimeUnit::kSeconds ? "seconds" : "milliseconds"));
  }
  return *v;
}

CLI::Option* add_duration_option(CLI::App& app, const std::string& names, double& value,
                                 TimeUnit bare, const std::string& description) {
  const std::string option = long_name(names);
  return app
      .add_option_function<std::string>(
          names,
          [&value, bare, option](const std::string& text) {
            value = duration_or_throw(text, bare, option);
          },
          describe_duration(description, bare))
      ->type_name("DURATION")
      ->default_str(fmt::format("{}{}", value, suffix(bare)));
}

CLI::Option* add_duration_option(CLI::App& app, const std::string& names, int& value, TimeUnit bare,
                                 const std::string& description) {
  const std::string option = long_name(names);
  return app
      .add_option_function<std::string>(
          names,
          [&value, bare, option](const std::string& text) {
            const double v = duration_or_throw(text, bare, option);
            if (v != std::trunc(v) || std::fabs(v) > 1e9) {
              throw ConfigError(fmt::format("{}: '{}' is not a whole number of {}", option, text,
                                            bare == TimeUnit::kSeconds ? "seconds" : "ms"));
            }
            value = static_cast<int>(v);
          },
          describe_duration(description, bare))
      ->type_name("DURATION")
      ->default_str(fmt::format("{}{}", value, suffix(bare)));
}

void parse_cli(CLI::App& app, int argc, char** argv) {
  const std::string program = app.get_name();
  app.set_version_flag(
      "--version", [program] { return version_text(program); },
      "print the versions of this program and its libraries, and exit");
  add_exit_code_footers(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}\n", e.what());
    std::exit(0);
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
