// Unit tests of the WHATWG event-stream parser (sse_parser.h): line ends, multi-line data,
// event types, id with and without data, retry, comments, BOMs, reads split anywhere, limits.
#include "sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace pushbench {
namespace {

struct Parsed {
  std::vector<SseEvent> events;
  bool ok = true;
};

// Feeds `stream` in reads of `chunk` bytes (0: in one read).
Parsed parse(SseParser& p, std::string_view stream, size_t chunk = 0) {
  Parsed r;
  const size_t step = chunk == 0 ? std::max<size_t>(stream.size(), 1) : chunk;
  for (size_t i = 0; i < stream.size() && r.ok; i += step) {
    r.ok = p.feed(stream.substr(i, step), [&](const SseEvent& e) { r.events.push_back(e); });
  }
  return r;
}

Parsed parse(std::string_view stream, size_t chunk = 0) {
  SseParser p(4096);
  return parse(p, stream, chunk);
}

std::vector<std::string> data_of(const Parsed& r) {
  std::vector<std::string> out;
  for (const SseEvent& e : r.events) {
    out.push_back(e.data);
  }
  return out;
}

TEST(SseParserTest, EveryLineEndInEveryReadSize) {
  const std::string_view streams[] = {"data: a\n\ndata: b\n\n", "data: a\r\n\r\ndata: b\r\n\r\n",
                                      "data: a\r\rdata: b\r\r", "data: a\r\n\rdata: b\n\r\n"};
  for (std::string_view s : streams) {
    for (size_t chunk = 0; chunk <= s.size(); ++chunk) {
      const Parsed r = parse(s, chunk);
      EXPECT_TRUE(r.ok);
      EXPECT_EQ(data_of(r), (std::vector<std::string>{"a", "b"}))
          << "chunk " << chunk << " of " << testing::PrintToString(std::string(s));
    }
  }
}

TEST(SseParserTest, CrLfSplitAcrossReadsIsOneLineEnd) {
  SseParser p(4096);
  // "data: a\r" | "\n" | "\r\n": had the LF after the CR counted as a line end of its own, the
  // event would be dispatched at the second read instead of the third.
  Parsed r = parse(p, "data: a\r");
  EXPECT_TRUE(r.events.empty());
  r = parse(p, "\n");
  EXPECT_TRUE(r.events.empty());
  r = parse(p, "\r\n");
  EXPECT_EQ(data_of(r), std::vector<std::string>{"a"});
}

TEST(SseParserTest, MultiLineDataJoinsWithLf) {
  const Parsed r = parse("data: first\ndata:second\ndata\ndata:  two spaces\n\n");
  EXPECT_EQ(data_of(r), std::vector<std::string>{"first\nsecond\n\n two spaces"});
}

TEST(SseParserTest, EventTypeDefaultsToMessage) {
  const Parsed r = parse("event: tick\ndata: 1\n\ndata: 2\n\n");
  ASSERT_EQ(r.events.size(), 2U);
  EXPECT_EQ(r.events[0].type, "tick");
  EXPECT_EQ(r.events[1].type, "message");
}

TEST(SseParserTest, CommentsAndUnknownFieldsAreIgnored) {
  const Parsed r = parse(": heartbeat\n\n:\nfoo: bar\ndata: x\n: inside\n\n");
  EXPECT_EQ(data_of(r), std::vector<std::string>{"x"});
}

TEST(SseParserTest, IdWithoutDataSetsTheLastEventIdButDispatchesNothing) {
  SseParser p(4096);
  Parsed r = parse(p, "id: 7\n\n");
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(p.last_event_id(), "7");
  r = parse(p, "data: x\n\n");  // the id buffer persists over blocks
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events[0].last_event_id, "7");
  r = parse(p, "id\ndata: y\n\n");  // "id" alone: an empty value resets it
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events[0].last_event_id, "");
  r = parse(p, std::string_view("id: a\0b\ndata: z\n\n", 18));  // a NUL: the field is ignored
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events[0].last_event_id, "");
}

TEST(SseParserTest, RetryTakesDigitsOnly) {
  SseParser p(4096);
  EXPECT_FALSE(p.retry_ms().has_value());
  parse(p, "retry: 2500\n\n");
  EXPECT_EQ(p.retry_ms(), 2500);
  parse(p, "retry: 1e3\nretry: -5\nretry: \nretry: 10 \n\n");
  EXPECT_EQ(p.retry_ms(), 2500);
  parse(p, "retry:300\n\n");
  EXPECT_EQ(p.retry_ms(), 300);
}

TEST(SseParserTest, LeadingBomIsSkippedOnceEvenWhenSplit) {
  const std::string stream =
      "\xEF\xBB\xBF"
      "data: a\n\n";
  for (size_t chunk = 0; chunk <= 4; ++chunk) {
    EXPECT_EQ(data_of(parse(stream, chunk)), std::vector<std::string>{"a"}) << chunk;
  }
  // A BOM after the start is part of a field name ("\uFEFFdata", unknown: ignored).
  EXPECT_EQ(data_of(parse(stream + "\xEF\xBB\xBF"
                                   "data: b\n\n")),
            std::vector<std::string>{"a"});
}

TEST(SseParserTest, UnfinishedEventIsDiscardedAtReconnect) {
  SseParser p(4096);
  parse(p, "id: 3\ndata: 1\n\nid: 4\ndata: half");
  EXPECT_EQ(p.last_event_id(), "3");
  p.reset();
  const Parsed r = parse(p, "data: 2\n\n");
  EXPECT_EQ(data_of(r), std::vector<std::string>{"2"});
  EXPECT_EQ(r.events[0].last_event_id, "");  // a new stream's id buffer starts empty
}

TEST(SseParserTest, NoBlankLineNoEvent) {
  const Parsed r = parse("data: a\ndata: b\n");
  EXPECT_TRUE(r.events.empty());
}

TEST(SseParserTest, LinesOrDataOverTheLimitAreAnError) {
  SseParser p(8);
  EXPECT_FALSE(parse(p, "data: 123456789").ok);
  SseParser q(8);
  EXPECT_FALSE(parse(q, "data:123\ndata:123\ndata:123\n").ok);  // the lines fit, the data not
  SseParser fits(8);
  EXPECT_TRUE(parse(fits, "data: 12\n\n").ok);
}

}  // namespace
}  // namespace pushbench
