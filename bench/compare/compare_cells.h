// Matching the cells of two results.csv files by their scenario parameters (transport,
// workload, arrival, clients, event_rate_hz, payload_bytes, poll_interval_ms, server_loop: those
// present in both files; bench/schema/cell_identity.h). Rows with the same parameters are
// repetitions of one cell; repetition numbers, seeds and window lengths are not part of a cell's
// identity.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compare_input.h"

namespace pushbench {

struct MatchedCell {
  std::string transport{};
  std::vector<std::string> key{};       // normalized values of CellMatch::key_columns
  std::string label{};                  // transport + the parameters that vary between cells
  std::vector<size_t> baseline_rows{};  // repetitions, in file order
  std::vector<size_t> candidate_rows{};
};

struct CellMatch {
  std::vector<std::string> key_columns;
  std::vector<MatchedCell> cells;  // cells present on both sides, in BASELINE order
  // (cell, reference cell) indices into `cells`: each transport against the reference transport
  // (poll when present) of the same scenario, for within-run ratios.
  std::vector<std::pair<size_t, size_t>> ratio_pairs;
  std::string scenario;            // "col=value ..." of the parameters all cells share
  std::vector<std::string> notes;  // cells present on one side only
};

// Throws ConfigError when no cell is present on both sides.
CellMatch match_cells(const ResultsTable& baseline, const ResultsTable& candidate);

}  // namespace pushbench
