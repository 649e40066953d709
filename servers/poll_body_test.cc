// The /poll and /longpoll body (poll_body.h): the announced length is the bytes appended, the
// array parses back to the pending events in order, and what the buffer held before is kept.
#include "poll_body.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "event.h"

namespace pushbench {
namespace {

EventQueue pending_events(int count, int payload_bytes) {
  EventQueue pending;
  for (int i = 0; i < count; ++i) {
    auto ev = std::make_shared<EncodedEvent>();
    ev->seq = 100 + i;
    EXPECT_TRUE(encode_event({.seq = ev->seq, .t_ns = 5'000'000'000 + i, .to = -1}, payload_bytes,
                             3, ev->json));
    pending.push_back(std::move(ev));
  }
  return pending;
}

std::string body_of(const EventQueue& pending) {
  std::string out;
  append_poll_body(pending, out);
  return out;
}

TEST(PollBodyTest, NothingPendingIsAnEmptyArray) {
  const EventQueue none;
  EXPECT_EQ(poll_body_length(none), 2u);
  EXPECT_EQ(body_of(none), "[]");
}

TEST(PollBodyTest, OneEventIsItsBytesInBrackets) {
  const auto pending = pending_events(1, 80);
  EXPECT_EQ(poll_body_length(pending), 82u);
  EXPECT_EQ(body_of(pending), "[" + pending.front()->json + "]");
}

TEST(PollBodyTest, EventsAreSeparatedByCommasInQueueOrder) {
  const auto pending = pending_events(3, 90);
  std::vector<std::string> json;
  for (const EventRef& ev : pending) {
    json.push_back(ev->json);
  }
  ASSERT_EQ(json.size(), 3u);
  EXPECT_EQ(body_of(pending), "[" + json[0] + "," + json[1] + "," + json[2] + "]");
}

TEST(PollBodyTest, TheLengthIsTheBytesAppended) {
  for (int count : {0, 1, 2, 10, 100}) {
    for (int payload : {80, 256, 4096}) {
      const auto pending = pending_events(count, payload);
      EXPECT_EQ(body_of(pending).size(), poll_body_length(pending)) << count << " x " << payload;
      EXPECT_EQ(poll_body_length(pending),
                2 + static_cast<size_t>(count) * static_cast<size_t>(payload) +
                    (count > 0 ? static_cast<size_t>(count - 1) : 0));
    }
  }
}

TEST(PollBodyTest, TheClientParsesBackEveryEventInOrder) {
  const auto pending = pending_events(25, 256);
  std::vector<int64_t> seqs;
  EXPECT_TRUE(for_each_event_in_array(body_of(pending), [&](const ParsedEvent& ev) {
    EXPECT_EQ(ev.length, 256u);
    seqs.push_back(ev.fields.seq);
  }));
  ASSERT_EQ(seqs.size(), 25u);
  for (size_t i = 0; i < seqs.size(); ++i) {
    EXPECT_EQ(seqs[i], 100 + static_cast<int64_t>(i));
  }
}

TEST(PollBodyTest, AppendsAfterTheHeaderBlock) {
  const auto pending = pending_events(2, 80);
  const std::string headers = "HTTP/1.1 200 OK\r\ncontent-length: 163\r\n\r\n";
  std::string out = headers;
  append_poll_body(pending, out);
  ASSERT_EQ(out.size(), headers.size() + poll_body_length(pending));
  EXPECT_EQ(out.substr(0, headers.size()), headers);
  EXPECT_EQ(out.substr(headers.size()), body_of(pending));
}

}  // namespace
}  // namespace pushbench
