// Log-linear latency histogram: bucket layout, merge, percentiles and (de)serialisation.
#include "latency_histogram.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include "csv_writer.h"

namespace pushbench {
namespace {

constexpr int64_t kExact = 2048;  // values below have a bucket each
constexpr int kSubBits = 10;      // 1024 buckets per octave above
constexpr int64_t kSub = int64_t{1} << kSubBits;
constexpr const char* kLayout = "log-linear: 1 ns buckets below 2048 ns, 1024 per octave above";
constexpr const char* kCsvHeader = "lower_ns,upper_ns,count,cumulative_fraction";

template <typename Int>
std::string int_text(Int v) {
  // fmt 9 has no __int128 formatting under -Wpedantic; digits by hand, sign first.
  const bool negative = v < 0;
  std::string digits;
  do {
    const auto d = static_cast<int>(v % 10);
    digits.push_back(static_cast<char>('0' + (negative ? -d : d)));
    v /= 10;
  } while (v != 0);
  if (negative) {
    digits.push_back('-');
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

template <typename Int>
Int parse_int(std::string_view text, const char* what) {
  Int v = 0;
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) {
    if constexpr (std::is_unsigned_v<Int>) {
      throw std::runtime_error(fmt::format("latency histogram: {} is negative", what));
    }
    text.remove_prefix(1);
  }
  if (text.empty()) {
    throw std::runtime_error(fmt::format("latency histogram: {} is empty", what));
  }
  for (const char ch : text) {
    if (ch < '0' || ch > '9') {
      throw std::runtime_error(fmt::format("latency histogram: {} is not an integer", what));
    }
    v = v * 10 + (negative ? -(ch - '0') : (ch - '0'));
  }
  return v;
}

}  // namespace

size_t LatencyHistogram::bucket_of(int64_t value) noexcept {
  if (value < kExact) {
    return value < 0 ? 0 : static_cast<size_t>(value);
  }
  const auto octave = static_cast<int>(std::bit_width(static_cast<uint64_t>(value))) - 1;  // 11..62
  const int shift = octave - kSubBits;
  const int64_t sub = (value >> shift) - kSub;  // 0..1023
  return static_cast<size_t>(kExact + (octave - 11) * kSub + sub);
}

int64_t LatencyHistogram::lower_bound(size_t bucket) noexcept {
  const auto b = static_cast<int64_t>(bucket);
  if (b < kExact) {
    return b;
  }
  const int64_t k = b - kExact;
  const auto octave = static_cast<int>(11 + k / kSub);
  return (kSub + k % kSub) << (octave - kSubBits);
}

int64_t LatencyHistogram::upper_bound(size_t bucket) noexcept {
  if (bucket + 1 >= kBucketCount) {
    return std::numeric_limits<int64_t>::max();
  }
  return lower_bound(bucket + 1);  // buckets are contiguous
}

void LatencyHistogram::add(size_t bucket, uint64_t n) {
  if (bucket >= counts_.size()) {
    counts_.resize(bucket + 1);
  }
  counts_[bucket] += n;
}

void LatencyHistogram::record(int64_t value_ns) noexcept {
  const size_t b = bucket_of(value_ns);
  if (b >= counts_.size()) {
    // Grows by whole octaves: a run of rising values does not reallocate per bucket.
    counts_.resize(std::min(kBucketCount, b + static_cast<size_t>(kSub)));
  }
  ++counts_[b];
  min_ = count_ == 0 ? value_ns : std::min(min_, value_ns);
  max_ = count_ == 0 ? value_ns : std::max(max_, value_ns);
  ++count_;
  sum_ += value_ns;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) {
    return;
  }
  if (other.counts_.size() > counts_.size()) {
    counts_.resize(other.counts_.size());
  }
  for (size_t i = 0; i < other.counts_.size(); ++i) {
    counts_[i] += other.counts_[i];
  }
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

double LatencyHistogram::mean() const noexcept {
  return count_ == 0 ? 0.0
                     : static_cast<double>(static_cast<long double>(sum_) /
                                           static_cast<long double>(count_));
}

int64_t LatencyHistogram::percentile(double p) const noexcept {
  if (count_ == 0) {
    return 0;
  }
  const uint64_t rank = nearest_rank(count_, p);
  uint64_t seen = 0;
  for (size_t b = 0; b < counts_.size(); ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      const int64_t upper = upper_bound(b);
      const int64_t highest = b + 1 >= kBucketCount ? upper : upper - 1;
      return std::clamp(highest, min_, max_);
    }
  }
  return max_;  // not reached: the counts add up to count_
}

LatencySummary LatencyHistogram::summary() const noexcept {
  LatencySummary s;
  s.count = count_;
  s.p50_ns = percentile(50);
  s.p90_ns = percentile(90);
  s.p99_ns = percentile(99);
  s.p999_ns = percentile(99.9);
  s.min_ns = min();
  s.max_ns = max();
  s.mean_ns = mean();
  return s;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::buckets() const {
  std::vector<Bucket> out;
  for (size_t b = 0; b < counts_.size(); ++b) {
    if (counts_[b] != 0) {
      out.push_back(Bucket{lower_bound(b), upper_bound(b), counts_[b]});
    }
  }
  return out;
}

bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) noexcept {
  if (a.count_ != b.count_ || a.min() != b.min() || a.max() != b.max() || a.sum_ != b.sum_) {
    return false;
  }
  const size_t n = std::max(a.counts_.size(), b.counts_.size());
  for (size_t i = 0; i < n; ++i) {
    const uint64_t ca = i < a.counts_.size() ? a.counts_[i] : 0;
    const uint64_t cb = i < b.counts_.size() ? b.counts_[i] : 0;
    if (ca != cb) {
      return false;
    }
  }
  return true;
}

nlohmann::json LatencyHistogram::to_json() const {
  nlohmann::json buckets = nlohmann::json::array();
  for (const Bucket& b : this->buckets()) {
    buckets.push_back({b.lower_ns, b.count});
  }
  // The sum as a number when it fits in int64 (always, but for hours x millions), else text.
  const bool fits =
      sum_ >= std::numeric_limits<int64_t>::min() && sum_ <= std::numeric_limits<int64_t>::max();
  return {{"layout", kLayout},
          {"relative_error", kRelativeError},
          {"count", count_},
          {"min_ns", min()},
          {"max_ns", max()},
          {"sum_ns",
           fits ? nlohmann::json(static_cast<int64_t>(sum_)) : nlohmann::json(int_text(sum_))},
          {"buckets", std::move(buckets)}};
}

LatencyHistogram LatencyHistogram::from_json(const nlohmann::json& j) {
  try {
    if (j.at("layout").get<std::string>() != kLayout) {
      throw std::runtime_error(
          fmt::format("latency histogram: layout \"{}\" is not this build's (\"{}\")",
                      j.at("layout").get<std::string>(), kLayout));
    }
    LatencyHistogram h;
    for (const nlohmann::json& b : j.at("buckets")) {
      const auto lower = b.at(0).get<int64_t>();
      const size_t bucket = bucket_of(lower);
      if (lower < 0 || lower_bound(bucket) != lower) {
        throw std::runtime_error(
            fmt::format("latency histogram: {} ns is no bucket's lower bound", lower));
      }
      h.add(bucket, b.at(1).get<uint64_t>());
    }
    h.count_ = j.at("count").get<uint64_t>();
    h.min_ = j.at("min_ns").get<int64_t>();
    h.max_ = j.at("max_ns").get<int64_t>();
    const nlohmann::json& sum = j.at("sum_ns");
    h.sum_ = sum.is_string() ? parse_int<Sum>(sum.get<std::string>(), "sum_ns")
                             : Sum{sum.get<int64_t>()};
    uint64_t total = 0;
    for (const uint64_t c : h.counts_) {
      total += c;
    }
    if (total != h.count_) {
      throw std::runtime_error(fmt::format(
          "latency histogram: the buckets hold {} values, count says {}", total, h.count_));
    }
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("latency histogram: {}", e.what()));
  }
}

std::string LatencyHistogram::to_csv(const std::vector<std::string>& comments) const {
  std::string out;
  for (const std::string& c : comments) {
    out += fmt::format("# {}\r\n", c);
  }
  out +=
      fmt::format("# count={} min_ns={} max_ns={} sum_ns={} mean_ns={:.1f} relative_error={}\r\n",
                  count_, min(), max(), int_text(sum_), mean(), kRelativeError);
  out += fmt::format("{}\r\n", kCsvHeader);
  uint64_t seen = 0;
  for (const Bucket& b : buckets()) {
    seen += b.count;
    out +=
        csv_line({std::to_string(b.lower_ns), std::to_string(b.upper_ns), std::to_string(b.count),
                  fmt::format("{}", static_cast<double>(seen) / static_cast<double>(count_))});
  }
  return out;
}

LatencyHistogram LatencyHistogram::from_csv(std::string_view text,
                                            std::vector<std::string>* comments) {
  LatencyHistogram h;
  bool stats = false;
  bool header = false;
  uint64_t total = 0;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    if (line.starts_with("# count=")) {
      line.remove_prefix(2);
      // "count=N min_ns=.. max_ns=.. sum_ns=.. mean_ns=.. relative_error=.."
      while (!line.empty()) {
        const size_t space = line.find(' ');
        const std::string_view field = line.substr(0, space);
        line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
        const size_t eq = field.find('=');
        const std::string_view key = field.substr(0, eq);
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view() : field.substr(eq + 1);
        if (key == "count") {
          h.count_ = parse_int<uint64_t>(value, "count");
        } else if (key == "min_ns") {
          h.min_ = parse_int<int64_t>(value, "min_ns");
        } else if (key == "max_ns") {
          h.max_ = parse_int<int64_t>(value, "max_ns");
        } else if (key == "sum_ns") {
          h.sum_ = parse_int<Sum>(value, "sum_ns");
        }
      }
      stats = true;
    } else if (line.starts_with("#")) {
      if (comments) {
        line.remove_prefix(std::min<size_t>(line.size(), 2));
        comments->emplace_back(line);
      }
    } else if (!header) {
      if (line != kCsvHeader) {
        throw std::runtime_error(
            fmt::format("latency histogram: the header is not \"{}\"", kCsvHeader));
      }
      header = true;
    } else {
      const auto fields = csv_parse(line);
      if (fields.size() != 1 || fields[0].size() != 4) {
        throw std::runtime_error("latency histogram: a bucket line has not 4 fields");
      }
      const auto lower = parse_int<int64_t>(fields[0][0], "lower_ns");
      const size_t bucket = bucket_of(lower);
      if (lower < 0 || lower_bound(bucket) != lower ||
          upper_bound(bucket) != parse_int<int64_t>(fields[0][1], "upper_ns")) {
        throw std::runtime_error(
            fmt::format("latency histogram: [{}, {}) is no bucket", fields[0][0], fields[0][1]));
      }
      const auto n = parse_int<uint64_t>(fields[0][2], "count");
      h.add(bucket, n);
      total += n;
    }
  }
  if (!stats || !header) {
    throw std::runtime_error(
        "latency histogram: no \"# count=\" line or no header: not a pushbench histogram CSV");
  }
  if (total != h.count_) {
    throw std::runtime_error(fmt::format(
        "latency histogram: the buckets hold {} values, count says {}", total, h.count_));
  }
  return h;
}

}  // namespace pushbench
