// Unit tests for the event JSON codec (docs/contract.md): exact size, seeded pad, strict parsing.
#include "event.h"

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace pushbench {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// An independent, strict reader of the exact shape {"seq":N,"t_ns":T,"to":R,"pad":"[A-Za-z0-9]*"}
// (fields in this order, nothing before or after): a valid JSON object by construction.
struct Decoded {
  int64_t seq = 0;
  int64_t t_ns = 0;
  int64_t to = 0;
  std::string pad;
};

bool expect_literal(std::string_view& text, std::string_view literal) {
  if (text.substr(0, literal.size()) != literal) {
    return false;
  }
  text.remove_prefix(literal.size());
  return true;
}

bool expect_json_int(std::string_view& text, int64_t& value) {
  // JSON numbers: optional '-', then 0 or a non-zero digit followed by digits.
  size_t digits = text.starts_with('-') ? 1 : 0;
  if (digits >= text.size() || text[digits] < '0' || text[digits] > '9') {
    return false;
  }
  if (text[digits] == '0' && digits + 1 < text.size() && text[digits + 1] >= '0' &&
      text[digits + 1] <= '9') {
    return false;  // leading zero
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{}) {
    return false;
  }
  text.remove_prefix(static_cast<size_t>(ptr - text.data()));
  return true;
}

std::optional<Decoded> strict_decode(std::string_view text) {
  Decoded d;
  if (!expect_literal(text, R"({"seq":)") || !expect_json_int(text, d.seq) ||
      !expect_literal(text, R"(,"t_ns":)") || !expect_json_int(text, d.t_ns) ||
      !expect_literal(text, R"(,"to":)") || !expect_json_int(text, d.to) ||
      !expect_literal(text, R"(,"pad":")")) {
    return std::nullopt;
  }
  size_t end = text.find('"');
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  d.pad = std::string(text.substr(0, end));
  for (char c : d.pad) {
    if (!is_alnum(c)) {
      return std::nullopt;
    }
  }
  text.remove_prefix(end);
  if (text != R"("})") {
    return std::nullopt;
  }
  return d;
}

std::string encode_or_fail(const EventFields& ev, int payload, uint64_t seed) {
  std::string out;
  EXPECT_TRUE(encode_event(ev, payload, seed, out))
      << "seq=" << ev.seq << " t_ns=" << ev.t_ns << " to=" << ev.to << " payload=" << payload;
  return out;
}

const std::vector<int64_t> kSeqs = {0, 1, 9, 10, 12345, 9999999999};
const std::vector<int64_t> kTimes = {0,         1,        123456789, 1'700'000'000'000'000'000,
                                     kInt64Max, kInt64Min};
const std::vector<int64_t> kRecipients = {-1, 0, 7, 999999, 9999999999};
const std::vector<int> kPayloads = {kMinPayloadBytes, 81, 100, 256, 1000, 4096, 65536};

TEST(EventTest, EncodesExactlyPayloadBytesForManyFieldCombinations) {
  for (int64_t seq : kSeqs) {
    for (int64_t t_ns : kTimes) {
      for (int64_t to : kRecipients) {
        for (int payload : kPayloads) {
          std::string out;
          ASSERT_TRUE(encode_event({seq, t_ns, to}, payload, 42, out))
              << "seq=" << seq << " t_ns=" << t_ns << " to=" << to << " payload=" << payload;
          ASSERT_EQ(out.size(), static_cast<size_t>(payload))
              << "seq=" << seq << " t_ns=" << t_ns << " to=" << to;
        }
      }
    }
  }
}

TEST(EventTest, FitsLargestFieldsInMinimumPayload) {
  std::string out;
  ASSERT_TRUE(encode_event({9999999999, kInt64Max, -1}, kMinPayloadBytes, 7, out));
  EXPECT_EQ(out.size(), static_cast<size_t>(kMinPayloadBytes));
  out.clear();
  ASSERT_TRUE(encode_event({9999999999, kInt64Max, 999999}, kMinPayloadBytes, 7, out));
  EXPECT_EQ(out.size(), static_cast<size_t>(kMinPayloadBytes));
}

TEST(EventTest, EncodesExactlyMaxPayloadBytes) {
  std::string out;
  ASSERT_TRUE(encode_event({3, 4, 5}, kMaxPayloadBytes, 1, out));
  EXPECT_EQ(out.size(), static_cast<size_t>(kMaxPayloadBytes));
}

TEST(EventTest, AppendsAfterExistingContentWithoutTouchingIt) {
  std::string out = "[";
  ASSERT_TRUE(encode_event({1, 2, 3}, 100, 9, out));
  ASSERT_EQ(out.size(), 101u);
  EXPECT_EQ(out[0], '[');
  EXPECT_EQ(out.substr(1), encode_or_fail({1, 2, 3}, 100, 9));
}

TEST(EventTest, ReturnsFalseAndAppendsNothingWhenPayloadTooSmall) {
  std::string out = "prefix";
  EXPECT_FALSE(encode_event({1, 2, 3}, 20, 1, out));
  EXPECT_EQ(out, "prefix");
  EXPECT_FALSE(encode_event({1, 2, 3}, 0, 1, out));
  EXPECT_EQ(out, "prefix");
}

TEST(EventTest, ReturnsFalseWhenFieldsExceedMinimumPayload) {
  // 7 + 19 + 8 + 19 + 6 + 19 + 8 + 2 = 88 bytes with an empty pad: more than 80.
  std::string out;
  EXPECT_FALSE(encode_event({kInt64Max, kInt64Max, kInt64Max}, kMinPayloadBytes, 1, out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(encode_event({kInt64Max, kInt64Max, kInt64Max}, 88, 1, out));
  EXPECT_EQ(out.size(), 88u);
}

TEST(EventTest, EncodesEmptyPadWhenPayloadEqualsFieldLength) {
  // {"seq":1,"t_ns":2,"to":3,"pad":""} is 35 bytes.
  const std::string exact = R"({"seq":1,"t_ns":2,"to":3,"pad":""})";
  std::string out;
  ASSERT_TRUE(encode_event({1, 2, 3}, static_cast<int>(exact.size()), 5, out));
  EXPECT_EQ(out, exact);
  out.clear();
  EXPECT_FALSE(encode_event({1, 2, 3}, static_cast<int>(exact.size()) - 1, 5, out));
  EXPECT_TRUE(out.empty());
}

TEST(EventTest, FillsPadOnlyWithLettersAndDigits) {
  for (uint64_t seed : {0ULL, 1ULL, 2ULL, 0xffffffffffffffffULL}) {
    for (int64_t seq : kSeqs) {
      std::string out = encode_or_fail({seq, 10, -1}, 4096, seed);
      auto d = strict_decode(out);
      ASSERT_TRUE(d.has_value()) << out;
      for (char c : d->pad) {
        ASSERT_TRUE(is_alnum(c)) << "seed=" << seed << " seq=" << seq << " char=" << int{c};
      }
    }
  }
}

TEST(EventTest, UsesVariedPadCharactersSoCompressionIsNotFlattered) {
  std::string out = encode_or_fail({17, 10, -1}, 4096, 3);
  auto d = strict_decode(out);
  ASSERT_TRUE(d.has_value());
  std::set<char> distinct(d->pad.begin(), d->pad.end());
  EXPECT_GE(distinct.size(), 50u);  // of 62 letters and digits
}

TEST(EventTest, ProducesIdenticalBytesForSameSeedAndSeq) {
  for (int payload : {kMinPayloadBytes, 256, 65536}) {
    EXPECT_EQ(encode_or_fail({123, 456, 7}, payload, 99),
              encode_or_fail({123, 456, 7}, payload, 99));
  }
}

TEST(EventTest, ProducesDifferentPadWhenSeedDiffers) {
  auto a = strict_decode(encode_or_fail({123, 456, 7}, 256, 1));
  auto b = strict_decode(encode_or_fail({123, 456, 7}, 256, 2));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(a->pad, b->pad);
}

TEST(EventTest, ProducesDifferentPadWhenSeqDiffers) {
  auto a = strict_decode(encode_or_fail({123, 456, 7}, 256, 1));
  auto b = strict_decode(encode_or_fail({124, 456, 7}, 256, 1));
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(a->pad, b->pad);
}

TEST(EventTest, EncodesValidJsonWithFieldsInOrder) {
  for (int64_t seq : kSeqs) {
    for (int64_t t_ns : kTimes) {
      for (int64_t to : kRecipients) {
        std::string out = encode_or_fail({seq, t_ns, to}, 256, 11);
        auto d = strict_decode(out);
        ASSERT_TRUE(d.has_value()) << out;
        EXPECT_EQ(d->seq, seq);
        EXPECT_EQ(d->t_ns, t_ns);
        EXPECT_EQ(d->to, to);
      }
    }
  }
}

TEST(EventTest, RoundTripsFieldsAndLengthThroughParse) {
  for (int64_t seq : kSeqs) {
    for (int64_t t_ns : kTimes) {
      for (int64_t to : kRecipients) {
        for (int payload : {kMinPayloadBytes, 333, 4096}) {
          std::string out = encode_or_fail({seq, t_ns, to}, payload, 5);
          auto ev = parse_event(out);
          ASSERT_TRUE(ev.has_value()) << out;
          EXPECT_EQ(ev->fields.seq, seq);
          EXPECT_EQ(ev->fields.t_ns, t_ns);
          EXPECT_EQ(ev->fields.to, to);
          EXPECT_EQ(ev->length, static_cast<size_t>(payload));
        }
      }
    }
  }
}

TEST(EventTest, ReportsObjectLengthWhenTextContinuesAfterIt) {
  std::string out = encode_or_fail({1, 2, 3}, 120, 5);
  const size_t object_len = out.size();
  out += ",";
  ASSERT_TRUE(encode_event({4, 5, 6}, 90, 5, out));
  auto ev = parse_event(out);
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->length, object_len);
  EXPECT_EQ(ev->fields.seq, 1);
}

TEST(EventTest, RejectsEveryTruncationOfAnEvent) {
  const std::string out = encode_or_fail({9999999999, kInt64Max, 999999}, 120, 5);
  for (size_t len = 0; len < out.size(); ++len) {
    EXPECT_FALSE(parse_event(std::string_view(out).substr(0, len)).has_value()) << "len=" << len;
  }
}

TEST(EventTest, RejectsEventWithMissingField) {
  EXPECT_FALSE(parse_event(R"({"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"t_ns":2,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"t_ns":2})").has_value());
  EXPECT_FALSE(parse_event("{}").has_value());
}

TEST(EventTest, RejectsEventWithFieldsOutOfOrder) {
  EXPECT_FALSE(parse_event(R"({"t_ns":2,"seq":1,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"to":3,"t_ns":2,"pad":"ab"})").has_value());
}

TEST(EventTest, RejectsEventWithNonNumericField) {
  EXPECT_FALSE(parse_event(R"({"seq":x,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"t_ns":"2","to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1,"t_ns":2,"to":abc,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":-,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":1.5,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq":+1,"t_ns":2,"to":3,"pad":"ab"})").has_value());
}

TEST(EventTest, RejectsEventWithSpacesOrGarbage) {
  EXPECT_FALSE(parse_event(R"({ "seq":1,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event(R"({"seq": 1,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(parse_event("").has_value());
  EXPECT_FALSE(parse_event("garbage").has_value());
  EXPECT_FALSE(parse_event("[]").has_value());
}

TEST(EventTest, RejectsNumberWithTwentyDigits) {
  EXPECT_FALSE(
      parse_event(R"({"seq":99999999999999999999,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(
      parse_event(R"({"seq":1,"t_ns":10000000000000000000,"to":3,"pad":"ab"})").has_value());
}

// Regression: take_int once accepted 19-digit numbers above INT64_MAX and wrapped them negative.
TEST(EventTest, RejectsNumberOutsideInt64Range) {
  EXPECT_FALSE(
      parse_event(R"({"seq":1,"t_ns":9999999999999999999,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(
      parse_event(R"({"seq":9223372036854775808,"t_ns":2,"to":3,"pad":"ab"})").has_value());
  EXPECT_FALSE(
      parse_event(R"({"seq":1,"t_ns":-9223372036854775809,"to":3,"pad":"ab"})").has_value());
}

// Regression: take_int once negated INT64_MIN in signed arithmetic (UBSan aborted here).
TEST(EventTest, ParsesInt64MinAndMaxExactly) {
  auto ev = parse_event(encode_or_fail({1, kInt64Min, 3}, 100, 1));
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->fields.t_ns, kInt64Min);
  ev = parse_event(encode_or_fail({kInt64Max, kInt64Max, kInt64Min}, 120, 1));
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(ev->fields.seq, kInt64Max);
  EXPECT_EQ(ev->fields.t_ns, kInt64Max);
  EXPECT_EQ(ev->fields.to, kInt64Min);
}

std::string sample_event(int64_t seq) { return encode_or_fail({seq, seq * 1000, -1}, 96, 3); }

// Concatenates pieces (avoids GCC 12's false -Wrestrict on `"literal" + std::string&&`).
std::string cat(std::initializer_list<std::string_view> pieces) {
  std::string s;
  for (std::string_view piece : pieces) {
    s += piece;
  }
  return s;
}

std::vector<int64_t> seqs_in_array(std::string_view body, bool& ok) {
  std::vector<int64_t> seqs;
  ok = for_each_event_in_array(body,
                               [&seqs](const ParsedEvent& ev) { seqs.push_back(ev.fields.seq); });
  return seqs;
}

TEST(EventTest, AcceptsEmptyArray) {
  bool ok = false;
  EXPECT_TRUE(seqs_in_array("[]", ok).empty());
  EXPECT_TRUE(ok);
}

TEST(EventTest, VisitsSingleEventInArray) {
  bool ok = false;
  auto seqs = seqs_in_array(cat({"[", sample_event(7), "]"}), ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(seqs, (std::vector<int64_t>{7}));
}

TEST(EventTest, VisitsSeveralEventsInArrayInOrder) {
  std::string body = "[";
  for (int64_t seq = 10; seq < 15; ++seq) {
    if (seq > 10) {
      body += ",";
    }
    body += sample_event(seq);
  }
  body += "]";
  bool ok = false;
  auto seqs = seqs_in_array(body, ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(seqs, (std::vector<int64_t>{10, 11, 12, 13, 14}));
}

TEST(EventTest, VisitsEventsOfDifferentSizesInArray) {
  std::string body = "[";
  ASSERT_TRUE(encode_event({1, 1, 0}, 80, 1, body));
  body += ",";
  ASSERT_TRUE(encode_event({2, 2, 1}, 4096, 1, body));
  body += ",";
  ASSERT_TRUE(encode_event({3, 3, 2}, 200, 1, body));
  body += "]";
  bool ok = false;
  auto seqs = seqs_in_array(body, ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 2, 3}));
}

TEST(EventTest, RejectsMalformedArrays) {
  const std::string e = sample_event(1);
  const std::vector<std::string> bad = {
      cat({"[", e, ",]"}),          // trailing comma
      cat({"[", e}),                // unterminated
      cat({e, "]"}),                // no opening bracket
      cat({"[", e, " ", e, "]"}),   // missing comma
      cat({"[", e, e, "]"}),        // missing comma, no space
      cat({"[", e, ",,", e, "]"}),  // double comma
      cat({"[,", e, "]"}),          // leading comma
      cat({"[", e, "]x"}),          // garbage after
      "garbage",
      "",
      "[",
      "]",
      "[x]",
      "[,]",
      "[{}]",
  };
  for (const std::string& body : bad) {
    bool ok = true;
    seqs_in_array(body, ok);
    EXPECT_FALSE(ok) << body;
  }
}

TEST(EventTest, DeliversEventsBeforeFaultInArray) {
  bool ok = true;
  auto seqs = seqs_in_array(cat({"[", sample_event(1), ",", sample_event(2), ",x]"}), ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 2}));
}

}  // namespace
}  // namespace pushbench

namespace pushbench {
namespace {

TEST(EventTest, ReturnsFalseAndAppendsNothingWhenPayloadIsNegative) {
  std::string out = "keep";
  EXPECT_FALSE(encode_event({1, 2, 3}, -1, 1, out));
  EXPECT_EQ(out, "keep");
}

TEST(EventTest, RejectsEventCutShortBeforeTheNextOne) {
  // The first event lost its closing quote and brace: the second must not be swallowed into it.
  const std::string body =
      R"([{"seq":1,"t_ns":2,"to":3,"pad":"ab,{"seq":2,"t_ns":3,"to":3,"pad":"cd"}])";
  int seen = 0;
  EXPECT_FALSE(for_each_event_in_array(body, [&](const ParsedEvent&) { ++seen; }));
  EXPECT_EQ(seen, 0);
}

}  // namespace
}  // namespace pushbench

namespace pushbench {
namespace {

TEST(EventTest, ChatFieldsRoundTripInTheirPlace) {
  std::string out;
  const EventFields f{.seq = 7, .t_ns = 1'000'000'123, .to = 4, .from = 42, .msg = 9};
  ASSERT_TRUE(encode_event(f, 160, 5, out));
  ASSERT_EQ(out.size(), 160u);
  EXPECT_EQ(out.substr(0, 59), R"({"seq":7,"t_ns":1000000123,"to":4,"from":42,"msg":9,"pad":")");
  const auto ev = parse_event(out);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->length, out.size());
  EXPECT_EQ(ev->fields.seq, 7);
  EXPECT_EQ(ev->fields.t_ns, 1'000'000'123);
  EXPECT_EQ(ev->fields.to, 4);
  EXPECT_EQ(ev->fields.from, 42);
  EXPECT_EQ(ev->fields.msg, 9);
  // A plain event has neither field.
  out.clear();
  ASSERT_TRUE(encode_event({.seq = 1, .t_ns = 2, .to = -1}, 100, 5, out));
  EXPECT_EQ(out.find("from"), std::string::npos);
  const auto plain = parse_event(out);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->fields.from, -1);
  EXPECT_EQ(plain->fields.msg, -1);
}

TEST(EventTest, RejectsBadChatFields) {
  for (const char* bad : {R"({"seq":1,"t_ns":2,"to":3,"from":-4,"pad":""})",
                          R"({"seq":1,"t_ns":2,"to":3,"from":x,"pad":""})",
                          R"({"seq":1,"t_ns":2,"to":3,"from":1,"msg":,"pad":""})"}) {
    EXPECT_FALSE(parse_event(bad)) << bad;
  }
}

}  // namespace
}  // namespace pushbench
