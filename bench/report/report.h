// `pushbench report DIR`: DIR/results.csv turned into what users came for — DIR/report.md with
// the article's table and the Kaazing table measured, the polling-interval sweeps, and the
// plots (DIR/plots/) — and the same tables printed. `pushbench run` ends with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report_cells.h"
#include "report_plots.h"

namespace CLI {
class App;
}

namespace pushbench {

struct ReportOptions {
  std::string dir;
  bool plots = true;        // run the plot scripts
  std::string plots_dir{};  // where the scripts are; empty = the source tree's plots/
};

void add_report_options(CLI::App& app, ReportOptions& o);

// Writes DIR/report.md and DIR/results.json (and renders DIR/plots/ first); returns the text to
// print. Throws ConfigError when DIR has no readable results.csv. A plot that fails is a warning
// on stderr.
std::string report_command(const ReportOptions& o);

// report.md's text. `context`: a line about where and how the run was made (from meta.json),
// may be empty; `plots`: what render_plots did (empty: plots were not rendered).
std::string report_markdown(const ReportData& d, const std::string& context,
                            const std::vector<PlotResult>& plots);
// "Measured on <CPU> (2 cores), Linux 6.1 x86_64, started 2026-01-01T00:00:00Z, pushbench commit
// abc1234. Command: `cmd`." from meta.json's text; "" when it is not a JSON object, "?" for a
// field that is missing or of the wrong type.
std::string run_context_line(std::string_view meta_json);
// The printed tables.
std::string report_text(const ReportData& d);

}  // namespace pushbench
