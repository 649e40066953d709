// Fuzzes the line splitter (common/line_buffer.h) of raw TCP: the client reads event lines with
// it, the server a client's upstream messages. Input: the stream; its last bytes also pick the
// read sizes and the line limit.
// Invariants: after every read, exactly the lines completed so far were delivered, in order,
// byte for byte, whatever the read boundaries; feed() refuses iff a line (complete, or the
// unfinished one) is over the limit, and then delivered every line before it; pending_bytes()
// is the unfinished line's length.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "line_buffer.h"
#include "reads.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const auto seed = in.ConsumeIntegral<uint32_t>();
  const auto max_line = in.ConsumeIntegralInRange<size_t>(0, 300);
  const std::string text = in.ConsumeRemainingBytesAsString();

  std::vector<std::string_view> lines;  // the reference: every '\n'-terminated line of text
  size_t tail_start = 0;
  for (size_t nl; (nl = text.find('\n', tail_start)) != std::string::npos; tail_start = nl + 1) {
    lines.push_back(std::string_view(text).substr(tail_start, nl - tail_start));
  }

  pushbench::LineBuffer buffer(max_line);
  std::vector<std::string> got;
  size_t consumed = 0;
  size_t line_start = 0;  // where the unfinished line began
  size_t complete = 0;    // lines whose '\n' has been read
  for (std::string_view read : pushbench::fuzz::split_reads(text, seed)) {
    const bool ok = buffer.feed(read, [&](std::string_view line) { got.emplace_back(line); });
    consumed += read.size();
    size_t first_long = lines.size();  // the first complete line over the limit in this read
    while (complete < lines.size() && line_start + lines[complete].size() < consumed) {
      if (lines[complete].size() > max_line && first_long == lines.size()) {
        first_long = complete;
      }
      line_start += lines[complete].size() + 1;
      ++complete;
    }
    const size_t unfinished = consumed - line_start;
    FUZZ_CHECK(ok == (first_long == lines.size() && unfinished <= max_line));
    const size_t delivered = ok ? complete : std::min(first_long, complete);
    FUZZ_CHECK(got.size() == delivered);
    for (size_t i = 0; i < delivered; ++i) {
      FUZZ_CHECK(got[i] == lines[i]);
    }
    if (!ok) {
      FUZZ_CHECK(buffer.pending_bytes() == 0);
      return 0;  // the stream is unusable: the connection is closed
    }
    FUZZ_CHECK(buffer.pending_bytes() == unfinished);
  }
  FUZZ_CHECK(got.size() == lines.size());
  return 0;
}
