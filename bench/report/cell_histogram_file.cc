// Reading histograms/<cell>.csv back.
#include "cell_histogram_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "config_error.h"
#include "results_table.h"

namespace pushbench {

std::vector<CellHistogramFile> load_cell_histograms(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<CellHistogramFile> out;
  std::error_code ec;
  const fs::path where = fs::path(dir) / "histograms";
  if (!fs::is_directory(where, ec)) {
    return out;
  }
  std::vector<fs::path> paths;
  for (const fs::directory_entry& e : fs::directory_iterator(where, ec)) {
    if (e.path().extension() == ".csv") {
      paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  constexpr std::string_view kCell = "cell: ";
  for (const fs::path& p : paths) {
    CellHistogramFile f{.name = p.stem().string(), .cell = {}, .histogram = {}};
    try {
      std::vector<std::string> comments;
      f.histogram = LatencyHistogram::from_csv(read_whole(p.string()), &comments);
      for (const std::string& c : comments) {
        if (c.starts_with(kCell)) {
          const nlohmann::json cell = nlohmann::json::parse(c.substr(kCell.size()));
          for (auto it = cell.begin(); it != cell.end(); ++it) {
            f.cell[it.key()] = it.value().get<std::string>();
          }
        }
      }
    } catch (const ConfigError&) {
      throw;
    } catch (const std::exception& e) {
      throw ConfigError(fmt::format("{}: {}", p.string(), e.what()));
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace pushbench
