// The report's figures: runs the scripts of plots/ in one Python process (plots/render.py;
// Debian's matplotlib; each script reads only DIR/results.csv and writes DIR/plots/<name>.png and
// .svg). A script that fails costs a warning, never the report.
#pragma once

#include <string>
#include <vector>

namespace pushbench {

struct PlotResult {
  std::string name;       // the script's stem: latency_cdf
  std::string image{};    // "plots/<name>.png" relative to DIR when it was written, else empty
  std::string message{};  // the script's last output line (why there is no image), or the error
  bool failed = false;    // the script could not run or exited non-zero
};

// The scripts, in the order the report shows them.
const std::vector<std::string>& plot_names();

// Runs every script of `plots_dir` on `dir` with /usr/bin/python3 (else python3 on PATH), all in
// one process (render.py).
std::vector<PlotResult> render_plots(const std::string& dir, const std::string& plots_dir);

}  // namespace pushbench
