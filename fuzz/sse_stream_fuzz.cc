// Fuzzes the text/event-stream parser (common/sse_stream.h) an SSE client runs on what the server
// sends. Input: the stream; its last bytes also pick the read sizes and the record limit.
// Invariants: the records do not depend on how the stream was cut into reads; after every read
// exactly the records with data completed so far were delivered, and feed() refuses iff the
// unfinished tail is over the limit; a record's data is one line; writing the records back as "id:
// N\ndata: D\n\n" and parsing that gives the same records.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "reads.h"
#include "sse_stream.h"

namespace {
struct Record {
  int64_t id;
  std::string data;
  bool operator==(const Record&) const = default;
};
using Records = std::vector<Record>;

constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

Records parse_whole(std::string_view text) {
  pushbench::SseStream stream(kUnlimited);
  Records out;
  FUZZ_CHECK(stream.feed(text, [&](int64_t id, std::string_view data) {
    out.push_back({id, std::string(data)});
  }));
  return out;
}

// True when one of the record's lines starts with "data: " (only such a record is an event).
bool has_data_line(std::string_view record) {
  for (size_t start = 0; start <= record.size();) {
    const size_t nl = std::min(record.find('\n', start), record.size());
    if (record.substr(start, nl - start).substr(0, 6) == "data: ") {
      return true;
    }
    start = nl + 1;
  }
  return false;
}

// Where the records of `text` end: just past each blank line ("\n\n") that closes one; with
// `events_only`, only those with a data: line (a record without one, such as the server's ":"
// heartbeat, is no event).
std::vector<size_t> record_ends(std::string_view text, bool events_only) {
  std::vector<size_t> ends;
  for (size_t start = 0, end; (end = text.find("\n\n", start)) != std::string_view::npos;
       start = end + 2) {
    if (!events_only || has_data_line(text.substr(start, end - start))) {
      ends.push_back(end + 2);
    }
  }
  return ends;
}

void check_reads(std::string_view text, uint64_t seed, size_t max_record, const Records& whole) {
  const std::vector<size_t> ends = record_ends(text, true);
  const std::vector<size_t> all_ends = record_ends(text, false);
  FUZZ_CHECK(ends.size() == whole.size());
  pushbench::SseStream stream(max_record);
  Records got;
  size_t consumed = 0;
  size_t complete = 0;  // records whose end has been read
  for (std::string_view read : pushbench::fuzz::split_reads(text, seed)) {
    const bool ok = stream.feed(read, [&](int64_t id, std::string_view data) {
      got.push_back({id, std::string(data)});
    });
    consumed += read.size();
    while (complete < ends.size() && ends[complete] <= consumed) {
      ++complete;
    }
    FUZZ_CHECK(got.size() == complete);
    FUZZ_CHECK(std::equal(got.begin(), got.end(), whole.begin()));
    const auto closed = std::upper_bound(all_ends.begin(), all_ends.end(), consumed);
    const size_t tail = consumed - (closed == all_ends.begin() ? 0 : *(closed - 1));
    FUZZ_CHECK(ok == (tail <= max_record));
    if (!ok) {
      return;  // the client drops the connection
    }
  }
  FUZZ_CHECK(got == whole);
}

std::string write_records(const Records& records) {
  std::string text;
  for (const Record& r : records) {
    std::string lines;
    if (r.id != -1) {
      lines += "id: " + std::to_string(r.id);
    }
    // Every record delivered had a data: line, an empty one included.
    lines += (lines.empty() ? "" : "\n") + ("data: " + r.data);
    text += lines + "\n\n";
  }
  return text;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const auto seed = in.ConsumeIntegral<uint32_t>();
  const auto max_record = in.ConsumeIntegralInRange<size_t>(0, 300);
  const std::string text = in.ConsumeRemainingBytesAsString();

  const Records whole = parse_whole(text);
  for (const Record& r : whole) {
    FUZZ_CHECK(r.data.find('\n') == std::string::npos);
  }
  check_reads(text, seed, kUnlimited, whole);
  check_reads(text, seed, max_record, whole);
  FUZZ_CHECK(parse_whole(write_records(whole)) == whole);
  return 0;
}
