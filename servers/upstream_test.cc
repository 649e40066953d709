// Messages clients send up (upstream.h), whatever carried them: what is refused and why, resends
// dropped per sender, the in-window latency samples, and the chat relay (a new event in relay
// order, queued to the sender's room but the sender).
#include "upstream.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "event.h"
#include "mailbox.h"
#include "server_options.h"

namespace pushbench {
namespace {

constexpr int64_t kEpoch = 1'000'000'000;
constexpr int64_t kSec = 1'000'000'000;

// Window [epoch + 1 s, epoch + 11 s); 25 clients, rooms of 10 (the last room: 20..24).
ServerOptions options(Workload w) {
  ServerOptions o;
  o.epoch_mono_ns = kEpoch;
  o.warmup_ns = 1 * kSec;
  o.queue_cap = 100;
  o.workload.workload = w;
  o.workload.clients = 25;
  o.workload.room_size = 10;
  o.workload.payload_bytes = 128;
  o.workload.input_bytes = 80;
  o.workload.duration_ns = 11 * kSec;
  return o;
}

// A message as a client sends it: `bytes` long, from `from` to `to`, planned at t_ns.
std::string message(int64_t seq, int64_t from, int64_t to, int bytes,
                    int64_t t_ns = kEpoch + 2 * kSec, int64_t msg = -1) {
  std::string out;
  EXPECT_TRUE(
      encode_event({.seq = seq, .t_ns = t_ns, .to = to, .from = from, .msg = msg}, bytes, 1, out));
  return out;
}

class UpstreamTest : public ::testing::Test {
 protected:
  explicit UpstreamTest(Workload w = Workload::kChat)
      : options_(options(w)),
        mailboxes_(options_.workload.clients, options_.queue_cap),
        upstream_(options_, mailboxes_) {}

  // A chat message from `client` to its own room.
  std::string chat(int64_t seq, int client, int64_t t_ns = kEpoch + 2 * kSec) {
    return message(seq, client, client / 10, 128, t_ns);
  }

  ServerOptions options_;
  Mailboxes mailboxes_;
  Upstream upstream_;
};

TEST_F(UpstreamTest, RelaysAChatMessageToTheRoomButTheSender) {
  EXPECT_EQ(upstream_.on_message(13, chat(40, 13), kEpoch + 2 * kSec + 500), "");
  for (int c = 0; c < options_.workload.clients; ++c) {
    const bool member = c >= 10 && c < 20 && c != 13;
    ASSERT_EQ(mailboxes_.at(c).pending.size(), member ? 1u : 0u) << "client " << c;
  }
  const EventRef& ev = mailboxes_.at(10).pending.front();
  EXPECT_EQ(ev->seq, 0);  // the server's relay order, not the sender's id
  ASSERT_EQ(ev->json.size(), 128u);
  const auto parsed = parse_event(ev->json);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->fields.seq, 0);
  EXPECT_EQ(parsed->fields.msg, 40);
  EXPECT_EQ(parsed->fields.from, 13);
  EXPECT_EQ(parsed->fields.to, 1);
  EXPECT_EQ(parsed->fields.t_ns, kEpoch + 2 * kSec);  // the planned send time travels on
  EXPECT_EQ(upstream_.counters().received, 1u);
  EXPECT_EQ(upstream_.counters().relayed, 1u);
  EXPECT_EQ(mailboxes_.counters().enqueued, 9u);
}

TEST_F(UpstreamTest, RelaySeqCountsRelayedMessagesAcrossRooms) {
  EXPECT_EQ(upstream_.on_message(0, chat(5, 0), kEpoch), "");
  EXPECT_EQ(upstream_.on_message(21, chat(2, 21), kEpoch), "");  // the last, smaller room
  EXPECT_EQ(upstream_.on_message(1, chat(9, 1), kEpoch), "");
  EXPECT_EQ(mailboxes_.at(20).pending.front()->seq, 1);
  EXPECT_EQ(mailboxes_.at(24).pending.size(), 1u);
  ASSERT_EQ(mailboxes_.at(2).pending.size(), 2u);
  EXPECT_EQ(mailboxes_.at(2).pending[0]->seq, 0);
  EXPECT_EQ(mailboxes_.at(2).pending[1]->seq, 2);
  EXPECT_EQ(mailboxes_.at(0).pending.size(), 1u);  // client 1's message only
  EXPECT_EQ(mailboxes_.counters().enqueued, 9u + 4u + 9u);
}

TEST_F(UpstreamTest, DropsAResendOrReplayPerSender) {
  EXPECT_EQ(upstream_.on_message(3, chat(10, 3), kEpoch), "");
  EXPECT_EQ(upstream_.on_message(3, chat(10, 3), kEpoch), "");  // accepted, not relayed again
  EXPECT_EQ(upstream_.on_message(3, chat(7, 3), kEpoch), "");
  EXPECT_EQ(upstream_.on_message(4, chat(10, 4), kEpoch), "");  // another sender's own ids
  EXPECT_EQ(upstream_.on_message(3, chat(11, 3), kEpoch), "");
  EXPECT_EQ(upstream_.counters().received, 3u);
  EXPECT_EQ(upstream_.counters().duplicates, 2u);
  EXPECT_EQ(upstream_.counters().relayed, 3u);
  EXPECT_EQ(upstream_.counters().rejected, 0u);
}

TEST_F(UpstreamTest, RefusesMessagesThatAreNotOneEvent) {
  const std::string ok = chat(1, 2);
  EXPECT_EQ(upstream_.on_message(2, "", kEpoch),
            "malformed message (one event JSON object expected)");
  EXPECT_EQ(upstream_.on_message(2, "not json", kEpoch),
            "malformed message (one event JSON object expected)");
  EXPECT_EQ(upstream_.on_message(2, ok + " ", kEpoch),
            "malformed message (one event JSON object expected)");
  EXPECT_EQ(upstream_.on_message(2, ok.substr(0, ok.size() - 1), kEpoch),
            "malformed message (one event JSON object expected)");
  EXPECT_EQ(upstream_.counters().rejected, 4u);
  EXPECT_EQ(upstream_.counters().received, 0u);
  EXPECT_EQ(mailboxes_.counters().enqueued, 0u);
}

TEST_F(UpstreamTest, RefusesTheWrongSizeSenderOrRoom) {
  EXPECT_EQ(upstream_.on_message(2, message(1, 2, 0, 129), kEpoch),
            "a chat message is 128 bytes (got 129)");
  EXPECT_EQ(upstream_.on_message(2, message(1, 3, 0, 128), kEpoch),
            "message from 3 sent as client 2");
  EXPECT_EQ(upstream_.on_message(2, message(1, 2, 1, 128), kEpoch),
            "message for 1 from client 2 (expected to:0)");
  EXPECT_EQ(upstream_.on_message(2, message(1, 2, -1, 128), kEpoch),
            "message for -1 from client 2 (expected to:0)");
  // A relayed message (msg set) or a negative id is not a client's message.
  EXPECT_NE(upstream_.on_message(2, message(1, 2, 0, 128, kEpoch, 4), kEpoch), "");
  EXPECT_NE(upstream_.on_message(2, message(-1, 2, 0, 128), kEpoch), "");
  EXPECT_EQ(upstream_.counters().rejected, 6u);
  EXPECT_EQ(upstream_.counters().received, 0u);
  // A refused message does not advance the sender's id: the same id is still new.
  EXPECT_EQ(upstream_.on_message(2, chat(1, 2), kEpoch), "");
  EXPECT_EQ(upstream_.counters().received, 1u);
}

TEST_F(UpstreamTest, TimesOnlyMessagesPlannedInsideTheWindow) {
  const int64_t start = kEpoch + 1 * kSec;
  const int64_t end = kEpoch + 11 * kSec;
  int64_t seq = 0;
  for (int64_t t : {start - 1, start, start + 5, end - 1, end, end + kSec}) {
    EXPECT_EQ(upstream_.on_message(5, chat(seq++, 5, t), t + 1000), "");
  }
  EXPECT_EQ(upstream_.counters().received, 6u);
  EXPECT_EQ(upstream_.counters().in_window, 3u);
  ASSERT_EQ(upstream_.latency().count(), 3u);
  EXPECT_EQ(upstream_.latency().summarize().max_ns, 1000);
}

class UpstreamGameTest : public UpstreamTest {
 protected:
  UpstreamGameTest() : UpstreamTest(Workload::kGame) {}
};

TEST_F(UpstreamGameTest, AnInputIsConsumedNotRelayed) {
  EXPECT_EQ(upstream_.on_message(7, message(0, 7, -1, 80), kEpoch), "");
  EXPECT_EQ(upstream_.on_message(7, message(1, 7, -1, 128), kEpoch),
            "a game message is 80 bytes (got 128)");
  EXPECT_EQ(upstream_.on_message(7, message(2, 7, 0, 80), kEpoch),
            "message for 0 from client 7 (expected to:-1)");
  EXPECT_EQ(upstream_.counters().received, 1u);
  EXPECT_EQ(upstream_.counters().rejected, 2u);
  EXPECT_EQ(upstream_.counters().relayed, 0u);
  EXPECT_EQ(mailboxes_.counters().enqueued, 0u);
}

class UpstreamBroadcastTest : public UpstreamTest {
 protected:
  UpstreamBroadcastTest() : UpstreamTest(Workload::kBroadcast) {}
};

TEST_F(UpstreamBroadcastTest, TakesNoMessages) {
  EXPECT_EQ(upstream_.on_message(0, message(0, 0, -1, 128), kEpoch),
            "the broadcast workload takes no messages from clients");
  EXPECT_EQ(upstream_.counters().rejected, 1u);
  EXPECT_EQ(upstream_.counters().received, 0u);
}

}  // namespace
}  // namespace pushbench
