// Splits a byte stream into '\n'-terminated lines as it is read, whatever the read boundaries:
// lines split across reads, several lines in one read. A line wholly inside one chunk is handed
// out as a view into that chunk; only the unfinished tail of a chunk is copied.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pushbench {

class LineBuffer {
 public:
  // Lines longer than max_line bytes (without the '\n') are a protocol error.
  explicit LineBuffer(size_t max_line) : max_line_(max_line) {}

  // Calls on_line(std::string_view) for every line `chunk` completes, without its '\n', in
  // order. Returns false (and forgets the unfinished line) once a line exceeds max_line: the
  // stream is then unusable; lines completed before the fault were delivered.
  template <class F>
  bool feed(std::string_view chunk, F&& on_line) {
    while (!chunk.empty()) {
      const size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        if (partial_.size() + chunk.size() > max_line_) {
          clear();
          return false;
        }
        partial_.append(chunk);
        return true;
      }
      if (partial_.size() + nl > max_line_) {
        clear();
        return false;
      }
      if (partial_.empty()) {
        on_line(chunk.substr(0, nl));
      } else {
        partial_.append(chunk.substr(0, nl));
        on_line(std::string_view(partial_));
        clear();
      }
      chunk.remove_prefix(nl + 1);
    }
    return true;
  }

  // At most this much buffer is kept between lines: one long line must not pin its size for
  // the rest of the stream (or of the client id whose buffer this is).
  static constexpr size_t kKeepCapacity = 4096;

  size_t pending_bytes() const noexcept { return partial_.size(); }  // of the unfinished line
  size_t capacity() const noexcept { return partial_.capacity(); }
  // Forgets the unfinished line (a new connection starts a new stream).
  void clear() noexcept {
    if (partial_.capacity() > kKeepCapacity) {
      std::string().swap(partial_);  // clear() alone keeps the capacity for good
    } else {
      partial_.clear();
    }
  }

 private:
  std::string partial_;  // keeps up to kKeepCapacity across lines
  size_t max_line_;
};

}  // namespace pushbench
