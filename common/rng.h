// Seeded, counter-friendly pseudo-random numbers (splitmix64): the same seed gives the same
// stream on every machine and in every process, which is what makes the schedule shared.
#pragma once

#include <cmath>
#include <cstdint>

namespace pushbench {

constexpr uint64_t splitmix64(uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit constexpr Rng(uint64_t seed) noexcept : state_(seed) {}
  constexpr uint64_t next() noexcept {
    state_ += 0x9e3779b97f4a7c15ULL;
    return splitmix64(state_);
  }
  // Uniform integer in [0, n), unbiased enough for n << 2^64 (Lemire's multiply-shift).
  uint64_t below(uint64_t n) noexcept {
    __extension__ using U128 = unsigned __int128;
    return static_cast<uint64_t>((static_cast<U128>(next()) * n) >> 64);
  }
  // Uniform in (0, 1].
  double unit() noexcept { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
  double exponential(double mean) noexcept { return -std::log(unit()) * mean; }

 private:
  uint64_t state_;
};

}  // namespace pushbench
