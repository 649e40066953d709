// Raw latency samples in a file.
#include "latency_samples.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace pushbench {
namespace {
constexpr char kMagic[] = "pushbench latency samples 1\n";
constexpr size_t kMagicLen = sizeof kMagic - 1;

template <typename T>
bool read_value(std::ifstream& in, T& v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof v));
}
}  // namespace

void write_latency_samples(const std::string& path, const NamedRecorders& sets) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(kMagic, kMagicLen);
    for (const auto& [name, rec] : sets) {
      const auto len = static_cast<uint32_t>(name.size());
      const uint64_t count = rec->count();
      out.write(reinterpret_cast<const char*>(&len), sizeof len);
      out.write(name.data(), len);
      out.write(reinterpret_cast<const char*>(&count), sizeof count);
      out.write(reinterpret_cast<const char*>(rec->samples().data()),
                static_cast<std::streamsize>(count * sizeof(int64_t)));
    }
    out.flush();
    if (!out) {
      throw std::runtime_error(fmt::format("cannot write latency samples to {}", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error(fmt::format("cannot rename {} to {}", tmp, path));
  }
}

std::map<std::string, LatencyRecorder> read_latency_samples(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic(kMagicLen, '\0');
  if (!in.read(magic.data(), static_cast<std::streamsize>(kMagicLen)) || magic != kMagic) {
    throw std::runtime_error(fmt::format("{} is not a latency samples file", path));
  }
  std::map<std::string, LatencyRecorder> sets;
  uint32_t len = 0;
  while (read_value(in, len)) {
    std::string name(len, '\0');
    uint64_t count = 0;
    if (len > 4096 || !in.read(name.data(), len) || !read_value(in, count)) {
      throw std::runtime_error(fmt::format("{} is truncated", path));
    }
    std::vector<int64_t> samples(count);
    if (!in.read(reinterpret_cast<char*>(samples.data()),
                 static_cast<std::streamsize>(count * sizeof(int64_t)))) {
      throw std::runtime_error(fmt::format("{} is truncated in set '{}'", path, name));
    }
    LatencyRecorder& rec = sets[name];
    rec.reserve(rec.count() + count);
    for (const int64_t v : samples) {
      rec.record(v);
    }
  }
  return sets;
}

}  // namespace pushbench
