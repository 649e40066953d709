// The plots driver on stand-in scripts (no matplotlib): plots/render.py runs them in one Python
// process, and each keeps its own outcome.
#include "report_plots.h"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <unistd.h>
#include <filesystem>

#include <fstream>
#include <map>

namespace pushbench {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

TEST(RenderPlotsTest, RunsEveryScriptInOneDriverAndKeepsEachOutcome) {
  const fs::path root = fs::temp_directory_path() / fmt::format("pushbench-plots-{}", getpid());
  fs::remove_all(root);
  const fs::path scripts = root / "plots-src", dir = root / "run";
  fs::create_directories(scripts);
  fs::create_directories(dir / "plots");
  fs::copy_file(fs::path(PUSHBENCH_SOURCE_DIR) / "plots" / "render.py", scripts / "render.py");
  // Draws its figure (a stand-in file), as a script does.
  write(scripts / "latency_cdf.py",
        "import os, sys\n"
        "open(os.path.join(sys.argv[1], 'plots', 'latency_cdf.png'), 'w').write('png')\n"
        "print(os.path.join(sys.argv[1], 'plots', 'latency_cdf.png'))\n");
  // Breaks: its traceback must not cost the next script its run.
  write(scripts / "latency_by_transport.py", "raise RuntimeError('broken on purpose')\n");
  // Skips, naming itself as results_csv.skip() does.
  write(scripts / "latency_vs_poll_interval.py",
        "import sys\nprint('latency_vs_poll_interval: fewer than two poll intervals: no plot')\n"
        "sys.exit(0)\n");
  // Exits non-zero.
  write(scripts / "bytes_vs_payload.py", "import sys\nsys.exit(2)\n");

  const std::vector<PlotResult> plots = render_plots(dir.string(), scripts.string());
  ASSERT_EQ(plots.size(), plot_names().size());
  std::map<std::string, PlotResult> by_name;
  for (const PlotResult& p : plots) {
    by_name[p.name] = p;
  }
  EXPECT_FALSE(by_name["latency_cdf"].failed);
  EXPECT_EQ(by_name["latency_cdf"].image, "plots/latency_cdf.png");
  EXPECT_TRUE(by_name["latency_by_transport"].failed);
  EXPECT_NE(by_name["latency_by_transport"].message.find("broken on purpose"), std::string::npos)
      << by_name["latency_by_transport"].message;
  EXPECT_FALSE(by_name["latency_vs_poll_interval"].failed);
  EXPECT_EQ(by_name["latency_vs_poll_interval"].image, "");
  EXPECT_EQ(by_name["latency_vs_poll_interval"].message, "fewer than two poll intervals: no plot");
  EXPECT_TRUE(by_name["bytes_vs_payload"].failed);
  EXPECT_TRUE(by_name["cpu_vs_clients"].failed);
  EXPECT_NE(by_name["cpu_vs_clients"].message.find("no script"), std::string::npos);
  fs::remove_all(root);
}

}  // namespace
}  // namespace pushbench
