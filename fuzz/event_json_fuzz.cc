// Fuzzes the event JSON parser (common/event.h) every client runs on what a server sends, and
// the server on every upstream message: parse_event and for_each_event_in_array.
// Invariants: a parsed object is a '{'..'}' view at the start of the input; its integers are
// what parse_int reads from the same digits; it parses alone and not when cut short; encoding
// its fields and parsing them back gives the same fields; a poll body's events, commas and
// brackets account for every byte.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event.h"
#include "fuzz_check.h"
#include "parse.h"

namespace {
using pushbench::EventFields;
using pushbench::ParsedEvent;

bool same(const EventFields& a, const EventFields& b) {
  return a.seq == b.seq && a.t_ns == b.t_ns && a.to == b.to && a.from == b.from && a.msg == b.msg;
}

// The integer after `"name":` (a '-' and digits) in an object the parser accepted, read by
// parse_int. What follows the fields up to the '}' is not checked by the parser (the pad).
std::optional<int64_t> field(std::string_view object, std::string_view name) {
  const std::string key = "\"" + std::string(name) + "\":";
  size_t pos = object.find(key);
  if (pos == std::string_view::npos) {
    return std::nullopt;
  }
  pos += key.size();
  size_t end = pos < object.size() && object[pos] == '-' ? pos + 1 : pos;
  while (end < object.size() && object[end] >= '0' && object[end] <= '9') {
    ++end;
  }
  return pushbench::parse_int(object.substr(pos, end - pos));
}

void check_event(const ParsedEvent& ev, std::string_view text) {
  const EventFields& f = ev.fields;
  FUZZ_CHECK(ev.length >= 2 && ev.length <= text.size());
  FUZZ_CHECK(ev.text.data() == text.data() && ev.text.size() == ev.length);
  FUZZ_CHECK(ev.text.front() == '{' && ev.text.back() == '}');
  FUZZ_CHECK(ev.text.find('{', 1) == std::string_view::npos);
  FUZZ_CHECK(f.from >= -1 && f.msg >= -1);
  // Differential: the hand-written integer reader against parse_int (std::from_chars).
  FUZZ_CHECK(field(ev.text, "seq") == f.seq);
  FUZZ_CHECK(field(ev.text, "t_ns") == f.t_ns);
  FUZZ_CHECK(field(ev.text, "to") == f.to);
  if (f.from >= 0) {
    FUZZ_CHECK(field(ev.text, "from") == f.from);
  }

  const auto alone = pushbench::parse_event(ev.text);
  FUZZ_CHECK(alone && alone->length == ev.length && same(alone->fields, f));
  FUZZ_CHECK(!pushbench::parse_event(ev.text.substr(0, ev.length - 1)));

  // Round trip: any fields the parser returns fit the largest field widths in 160 bytes.
  std::string out;
  FUZZ_CHECK(pushbench::encode_event(f, 160, 7, out));
  FUZZ_CHECK(out.size() == 160);
  const auto again = pushbench::parse_event(out);
  FUZZ_CHECK(again && again->length == out.size() && same(again->fields, f));
  // The fixed part (fields, `,"pad":"` and `"}`): never longer than the parsed object plus
  // `,"pad":"` and `"` (its digits can only shrink: no leading zeros, no -0). At the object's own
  // size, encoding works iff that fits, and is then exactly that long.
  const size_t fixed = out.find(R"("pad":")") + 7 + 2;
  FUZZ_CHECK(fixed <= ev.length + 9);
  std::string sized;
  const bool fits = pushbench::encode_event(f, static_cast<int>(ev.length), 7, sized);
  FUZZ_CHECK(fits == (ev.length >= fixed));
  FUZZ_CHECK(sized.size() == (fits ? ev.length : 0));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto ev = pushbench::parse_event(text)) {
    check_event(*ev, text);
  }

  size_t events = 0;
  size_t bytes = 0;
  const bool ok = pushbench::for_each_event_in_array(text, [&](const ParsedEvent& ev) {
    FUZZ_CHECK(ev.text.data() >= text.data() &&
               ev.text.data() + ev.length <= text.data() + text.size());
    check_event(ev, std::string_view(ev.text.data(), text.data() + text.size() - ev.text.data()));
    ++events;
    bytes += ev.length;
  });
  if (ok) {
    const size_t commas = events == 0 ? 0 : events - 1;
    FUZZ_CHECK(bytes + commas + 2 == size);
  }
  return 0;
}
