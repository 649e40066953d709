// histograms/<cell>.csv: a cell's repetitions merged (the histogram of their union), rewritten
// after each, with the cell's columns for the report and plots to find it.
#include "cell_histograms.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "matrix.h"
#include "result_columns.h"
#include "results_table.h"

namespace pushbench {
namespace {

LatencyHistogram histogram_of(int64_t from, int64_t to) {
  LatencyHistogram h;
  for (int64_t v = from; v <= to; v += 997) {
    h.record(v);
  }
  return h;
}

TEST(CellHistogramsTest, MergesRepetitionsIntoOneFilePerCell) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("pushbench-cell-histograms-" + std::to_string(getpid())) / "histograms";
  CellHistograms files(dir.string());
  Cell cell;
  cell.raw_name = "c01-poll";
  std::vector<std::string> row(result_columns().size());
  row[0] = "9";
  row[1] = "poll";
  const LatencyHistogram first = histogram_of(50'000, 3'000'000);
  const LatencyHistogram second = histogram_of(1'000'000, 900'000'000);
  files.add(cell, 1, {{"latency_histogram", first.to_json()}}, row);
  files.add(cell, 2, {{"latency_histogram", second.to_json()}}, row);
  files.add(cell, 3, {{"latency_ns", {{"count", 0}}}}, row);  // an older client: nothing

  std::vector<std::string> comments;
  const LatencyHistogram read =
      LatencyHistogram::from_csv(read_whole((dir / "c01-poll.csv").string()), &comments);
  LatencyHistogram both = first;
  both.merge(second);
  EXPECT_EQ(read, both);
  ASSERT_EQ(comments.size(), 3u);
  EXPECT_NE(comments[0].find("repetition(s) 1, 2 merged"), std::string::npos) << comments[0];
  EXPECT_EQ(comments[2].rfind("cell: {", 0), 0u) << comments[2];
  EXPECT_NE(comments[2].find(R"("transport":"poll")"), std::string::npos) << comments[2];
  EXPECT_EQ(comments[2].find("schema_version"), std::string::npos);  // not a cell column
  fs::remove_all(dir.parent_path());
}

}  // namespace
}  // namespace pushbench
