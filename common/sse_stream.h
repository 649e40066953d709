// Incremental parser of the text/event-stream pushbench's server writes: records of
// "id: SEQ\ndata: JSON\n\n". Records may be split across reads and several may arrive in one
// read; lines other than id: and data: are ignored (SSE comments, retry:). LF line ends only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "parse.h"

namespace pushbench {

class SseStream {
 public:
  explicit SseStream(size_t max_record) : max_record_(max_record) {}

  // Appends bytes and calls on_record(id, data) for every record with a data: line they
  // complete (id -1 when the record had no valid id:). Returns false when an unfinished record
  // grows past max_record.
  template <class F>
  bool feed(std::string_view bytes, F&& on_record) {
    buf_.append(bytes);
    size_t start = 0;
    for (size_t end; (end = buf_.find("\n\n", start)) != std::string::npos; start = end + 2) {
      std::string_view record(buf_.data() + start, end - start);
      std::string_view data;
      bool has_data = false;
      int64_t id = -1;
      while (!record.empty()) {
        const size_t nl = record.find('\n');
        const std::string_view line = record.substr(0, nl);
        record.remove_prefix(nl == std::string_view::npos ? record.size() : nl + 1);
        if (line.substr(0, 4) == "id: ") {
          id = parse_int(line.substr(4)).value_or(-1);
        } else if (line.substr(0, 6) == "data: ") {
          data = line.substr(6);
          has_data = true;
        }
      }
      // A record without data (the server's heartbeat ":") dispatches no event, as in a browser.
      if (has_data) {
        on_record(id, data);
      }
    }
    buf_.erase(0, start);
    return buf_.size() <= max_record_;
  }
  void reset() noexcept { buf_.clear(); }

 private:
  size_t max_record_;
  std::string buf_;
};

}  // namespace pushbench
