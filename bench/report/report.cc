// `pushbench report`.
#include "report.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "csv_writer.h"
#include "flag_warning.h"
#include "report_article.h"
#include "report_duplex.h"
#include "report_idle.h"
#include "report_impls.h"
#include "report_kaazing.h"
#include "report_network.h"
#include "report_spectrum.h"
#include "report_sweep.h"
#include "results_json.h"
#include "results_table.h"

namespace pushbench {
namespace {
std::vector<ReportSection> sections(const ReportData& all) {
  // Every section but the implementations' reads pushbench-server's cells.
  const ReportData d = pushbench_cells(all);
  std::vector<ReportSection> out;
  // The article's and Kaazing's tables per network and TLS condition of the run.
  const std::vector<ReportData> conditions = split_by_condition(d);
  for (const ReportData& condition : conditions) {
    for (ReportSection s : {article_section(condition), kaazing_section(condition)}) {
      if (conditions.size() > 1) {
        s.title += " — " + describe_condition(condition.cells.front());
      }
      out.push_back(std::move(s));
    }
  }
  if (auto s = implementations_section(all)) {
    out.push_back(std::move(*s));
  }
  for (ReportSection& s : sweep_sections(d)) {
    out.push_back(std::move(s));
  }
  for (ReportSection& s : duplex_sections(d)) {
    out.push_back(std::move(s));
  }
  for (ReportSection& s : idle_sections(d)) {
    out.push_back(std::move(s));
  }
  if (auto s = network_section(d)) {
    out.push_back(std::move(*s));
  }
  if (auto s = spectrum_section(all)) {
    out.push_back(std::move(*s));
  }
  return out;
}

std::string meta_text(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "meta.json");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string run_context(const std::string& dir) { return run_context_line(meta_text(dir)); }

// DIR/results.json from DIR/results.csv, as `pushbench run` writes it: a results directory of
// an older run (or one whose CSV was edited) gets the typed rows too. meta: null without one.
void write_results_json(const std::string& dir) {
  nlohmann::json meta = nlohmann::json::parse(meta_text(dir), nullptr, false);
  if (meta.is_discarded()) {
    meta = nullptr;
  }
  write_file_atomic((std::filesystem::path(dir) / "results.json").string(),
                    results_json(read_results_dir(dir), meta).dump(1) + "\n");
}

std::string plots_markdown(const std::vector<PlotResult>& plots) {
  std::string out =
      "## Plots\n\nRendered from results.csv (latency_cdf: and histograms/) by `plots/<name>.py` "
      "(matplotlib); each is also an SVG beside the PNG.\n\n";
  for (const PlotResult& p : plots) {
    if (!p.image.empty()) {
      out += fmt::format("![{0}]({1})\n[{0}.svg](plots/{0}.svg)\n\n", p.name, p.image);
    }
  }
  for (const PlotResult& p : plots) {
    if (p.image.empty()) {
      out += fmt::format("- {}: {}{}\n", p.name, p.failed ? "failed: " : "", p.message);
    }
  }
  return out;
}

// Flagged rows are used like the others, but never silently (bench/schema/flag_warning.h).
std::string flags_warning(const ReportData& d) {
  std::vector<FlaggedRow> flagged;
  size_t rows = 0;
  const bool one_scenario = scenarios(d).size() == 1;
  for (const ReportCell& c : d.cells) {
    const auto interval = c.poll_interval_ms();
    const std::string cell =
        fmt::format("{}{}{}", c.transport, interval ? fmt::format(" at {} ms", *interval) : "",
                    one_scenario ? "" : " (" + describe_scenario(c) + ")");
    for (const ResultRow& r : c.rows) {
      ++rows;
      if (!r.text("flags").empty()) {
        flagged.push_back(
            {fmt::format("{}, repetition {}", cell, r.text("repetition")), r.text("flags")});
      }
    }
  }
  return flagged_rows_warning(flagged, rows);
}
}  // namespace

void add_report_options(CLI::App& app, ReportOptions& o) {
  app.add_option("DIR", o.dir, "results directory of `pushbench run` (with results.csv)")
      ->required();
  app.add_flag("!--no-plots", o.plots, "write report.md without rendering the plots");
  app.add_option("--plots-dir", o.plots_dir,
                 "directory of the plot scripts (default: the "
                 "source tree's plots/)");
}

std::string report_markdown(const ReportData& d, const std::string& context,
                            const std::vector<PlotResult>& plots) {
  std::string out = "# pushbench report\n\n";
  out += fmt::format(
      "From `{}` ({} rows, {} cells). ", d.origin,
      [&d] {
        size_t rows = 0;
        for (const ReportCell& c : d.cells) {
          rows += c.rows.size();
        }
        return rows;
      }(),
      d.cells.size());
  out += context.empty() ? "\n\n" : context + "\n\n";
  if (const std::string w = flags_warning(d); !w.empty()) {
    out += fmt::format("> **{}**\n\n", w);
  }
  for (const ReportSection& s : sections(d)) {
    out += to_markdown(s);
  }
  if (!plots.empty()) {
    out += plots_markdown(plots);
  }
  return out;
}

std::string run_context_line(std::string_view meta_json) {
  const nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) {
    return "";
  }
  // Every field is checked for its type: a meta.json from elsewhere may hold anything (value()
  // threw on a wrong type, and get<int>() of 1e300 is undefined behaviour).
  auto text = [&meta](const char* key) {
    return meta.contains(key) && meta[key].is_string() ? meta[key].get<std::string>()
                                                       : std::string("?");
  };
  const bool has_cores = meta.contains("cpu_cores") && meta["cpu_cores"].is_number_integer();
  const bool dirty =
      meta.contains("git_dirty") && meta["git_dirty"].is_boolean() && meta["git_dirty"].get<bool>();
  const std::string commit = text("git_commit").substr(0, 12);
  return fmt::format(
      "Measured on {} ({} cores), {}, started {}, pushbench commit {}{}. "
      "Command: `{}`.",
      text("cpu_model"), has_cores ? meta["cpu_cores"].dump() : "?", text("kernel"),
      text("started_utc"), commit, dirty ? " (uncommitted changes)" : "", text("command_line"));
}

std::string report_text(const ReportData& d) {
  std::string out;
  for (const ReportSection& s : sections(d)) {
    out += to_text(s) + "\n";
  }
  return out;
}

std::string report_command(const ReportOptions& o) {
  const ReportData d = load_report_data(o.dir);
  write_results_json(o.dir);
  std::vector<PlotResult> plots;
  if (o.plots) {
    plots = render_plots(
        o.dir, o.plots_dir.empty() ? std::string(PUSHBENCH_SOURCE_DIR "/plots") : o.plots_dir);
  }
  const std::string path = (std::filesystem::path(o.dir) / "report.md").string();
  write_file_atomic(path, report_markdown(d, run_context(o.dir), plots));
  std::string out = report_text(d);
  if (const std::string w = flags_warning(d); !w.empty()) {
    out += w + "\n";
  }
  std::string rendered;
  for (const PlotResult& p : plots) {
    if (p.failed) {
      fmt::print(stderr, "pushbench report: warning: plot {} failed: {}\n", p.name, p.message);
    } else if (!p.image.empty()) {
      rendered += (rendered.empty() ? "" : ", ") + p.name;
    }
  }
  if (!rendered.empty()) {
    out += fmt::format("plots: {}/plots/ ({})\n", o.dir, rendered);
  }
  return out + fmt::format("report: {}\n", path);
}

}  // namespace pushbench
