// How a stream target cuts its input into reads: seeded sizes, mostly small (1..16 bytes: every
// boundary inside a line or record gets hit), sometimes up to 256. The same seed gives the same
// cuts, so a crash reproduces from its saved input.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "rng.h"

namespace pushbench::fuzz {

inline std::vector<std::string_view> split_reads(std::string_view text, uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string_view> reads;
  while (!text.empty()) {
    const uint64_t bound = rng.below(8) == 0 ? 256 : 16;
    const size_t n = std::min<size_t>(text.size(), 1 + rng.below(bound));
    reads.push_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return reads;
}

}  // namespace pushbench::fuzz
