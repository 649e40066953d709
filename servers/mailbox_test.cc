// The per-client queues (mailbox.h): delivery to one client, to all, to a room; the queue cap
// and its drop count; the poll acknowledgement; the SSE replay history. No waiter is attached,
// so no lws call is made.
#include "mailbox.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace pushbench {
namespace {

EventRef event(int64_t seq) {
  return std::make_shared<const EncodedEvent>(EncodedEvent{.seq = seq, .json = "{}"});
}

std::vector<int64_t> seqs(const EventQueue& q) {
  std::vector<int64_t> out;
  for (const EventRef& ev : q) {
    out.push_back(ev->seq);
  }
  return out;
}

using Seqs = std::vector<int64_t>;

TEST(MailboxTest, DeliversToOneClientOnly) {
  Mailboxes m(3, 10);
  m.deliver(1, event(0));
  EXPECT_EQ(seqs(m.at(0).pending), Seqs{});
  EXPECT_EQ(seqs(m.at(1).pending), Seqs{0});
  EXPECT_EQ(seqs(m.at(2).pending), Seqs{});
  EXPECT_EQ(m.counters().enqueued, 1u);
}

TEST(MailboxTest, DeliversToEveryClientTheSameEvent) {
  Mailboxes m(4, 10);
  const EventRef ev = event(7);
  m.deliver(-1, ev);
  for (int c = 0; c < m.size(); ++c) {
    ASSERT_EQ(m.at(c).pending.size(), 1u);
    EXPECT_EQ(m.at(c).pending.front(), ev);  // shared, not copied
  }
  EXPECT_EQ(m.counters().enqueued, 4u);
  EXPECT_EQ(ev.use_count(), 5);
}

TEST(MailboxTest, IgnoresARecipientOutsideTheClients) {
  Mailboxes m(3, 10);
  m.deliver(3, event(0));
  m.deliver(1'000'000'000'000, event(1));
  for (int c = 0; c < m.size(); ++c) {
    EXPECT_TRUE(m.at(c).pending.empty());
  }
  EXPECT_EQ(m.counters().enqueued, 0u);
  EXPECT_EQ(m.counters().dropped, 0u);
}

TEST(MailboxTest, DeliversToARoomButTheSender) {
  Mailboxes m(7, 10);
  m.deliver_room(3, 3, 4, event(0));  // clients 3, 5
  EXPECT_EQ(seqs(m.at(2).pending), Seqs{});
  EXPECT_EQ(seqs(m.at(3).pending), Seqs{0});
  EXPECT_EQ(seqs(m.at(4).pending), Seqs{});
  EXPECT_EQ(seqs(m.at(5).pending), Seqs{0});
  EXPECT_EQ(seqs(m.at(6).pending), Seqs{});
  EXPECT_EQ(m.counters().enqueued, 2u);
  // The last room may reach past the clients: cut at the last one.
  m.deliver_room(5, 5, -1, event(1));
  EXPECT_EQ(seqs(m.at(5).pending), (Seqs{0, 1}));
  EXPECT_EQ(seqs(m.at(6).pending), Seqs{1});
  EXPECT_EQ(m.counters().enqueued, 4u);
}

// A server shard (--first-client/--count) queues and counts its own clients' events alone: the
// shards' counters sum to one whole server's.
TEST(MailboxTest, AShardQueuesForItsOwnClientsOnly) {
  Mailboxes m(6, 10, 2, 3);  // holds clients 2, 3, 4
  m.deliver(-1, event(0));
  m.deliver(0, event(1));
  m.deliver(4, event(2));
  m.deliver_room(0, 6, 3, event(3));
  EXPECT_EQ(seqs(m.at(0).pending), Seqs{});
  EXPECT_EQ(seqs(m.at(1).pending), Seqs{});
  EXPECT_EQ(seqs(m.at(2).pending), (Seqs{0, 3}));
  EXPECT_EQ(seqs(m.at(3).pending), Seqs{0});
  EXPECT_EQ(seqs(m.at(4).pending), (Seqs{0, 2, 3}));
  EXPECT_EQ(seqs(m.at(5).pending), Seqs{});
  EXPECT_EQ(m.counters().enqueued, 6u);
}

TEST(MailboxTest, AFullQueueDropsAndCountsTheNewestEvent) {
  Mailboxes m(2, 3);
  for (int64_t seq = 0; seq < 5; ++seq) {
    m.deliver(0, event(seq));
  }
  EXPECT_EQ(seqs(m.at(0).pending), (Seqs{0, 1, 2}));  // the oldest are kept, in order
  EXPECT_EQ(m.counters().enqueued, 3u);
  EXPECT_EQ(m.counters().dropped, 2u);
  // A broadcast: dropped only where the queue is full.
  m.deliver(-1, event(5));
  EXPECT_EQ(seqs(m.at(1).pending), Seqs{5});
  EXPECT_EQ(m.counters().enqueued, 4u);
  EXPECT_EQ(m.counters().dropped, 3u);
  // Room freed by an acknowledgement takes the next event.
  Mailboxes::acknowledge(m.at(0), 0);
  m.deliver(0, event(6));
  EXPECT_EQ(seqs(m.at(0).pending), (Seqs{1, 2, 6}));
  EXPECT_EQ(m.counters().dropped, 3u);
}

TEST(MailboxTest, AQueueOfOneHoldsOneEvent) {
  Mailboxes m(1, 1);
  m.deliver(0, event(0));
  m.deliver(0, event(1));
  EXPECT_EQ(seqs(m.at(0).pending), Seqs{0});
  EXPECT_EQ(m.counters().enqueued + m.counters().dropped, 2u);
}

TEST(MailboxTest, AcknowledgeDropsUpToAndIncludingAfter) {
  Mailboxes m(1, 10);
  for (int64_t seq : {2, 4, 6, 8}) {
    m.deliver(0, event(seq));
  }
  Mailbox& box = m.at(0);
  Mailboxes::acknowledge(box, -1);  // the first poll acknowledges nothing
  EXPECT_EQ(seqs(box.pending), (Seqs{2, 4, 6, 8}));
  Mailboxes::acknowledge(box, 1);
  EXPECT_EQ(seqs(box.pending), (Seqs{2, 4, 6, 8}));
  Mailboxes::acknowledge(box, 4);
  EXPECT_EQ(seqs(box.pending), (Seqs{6, 8}));
  Mailboxes::acknowledge(box, 5);
  EXPECT_EQ(seqs(box.pending), (Seqs{6, 8}));
  Mailboxes::acknowledge(box, 3);  // an older acknowledgement takes nothing back
  EXPECT_EQ(seqs(box.pending), (Seqs{6, 8}));
  Mailboxes::acknowledge(box, INT64_MAX);
  EXPECT_TRUE(box.pending.empty());
  Mailboxes::acknowledge(box, 10);  // nothing pending: nothing to do
  EXPECT_TRUE(box.pending.empty());
}

TEST(MailboxTest, TheReplayHistoryKeepsTheLastWrittenEvents) {
  Mailbox box;
  for (int64_t seq = 0; seq < static_cast<int64_t>(kReplayEvents) + 10; ++seq) {
    Mailboxes::remember_written(box, event(seq));
  }
  ASSERT_EQ(box.replay.size(), kReplayEvents);
  EXPECT_EQ(box.replay.front()->seq, 10);
  EXPECT_EQ((*box.replay.rbegin())->seq, static_cast<int64_t>(kReplayEvents) + 9);
}

TEST(MailboxTest, AReconnectReplaysTheWrittenEventsAfterItsLastId) {
  Mailbox box;
  for (int64_t seq : {3, 4, 5, 6}) {
    Mailboxes::remember_written(box, event(seq));
  }
  box.pending.push_back(event(7));
  box.pending.push_back(event(8));
  Mailboxes::replay_after(box, 4);  // 5 and 6 may have met the closed socket
  EXPECT_EQ(seqs(box.pending), (Seqs{5, 6, 7, 8}));
  EXPECT_TRUE(box.replay.empty());
}

TEST(MailboxTest, AReplayNeverDuplicatesWhatIsPending) {
  Mailbox box;
  for (int64_t seq : {3, 4, 5}) {
    Mailboxes::remember_written(box, event(seq));
  }
  box.pending.push_back(event(4));  // put back by a failed write
  box.pending.push_back(event(9));
  Mailboxes::replay_after(box, 2);
  EXPECT_EQ(seqs(box.pending), (Seqs{3, 4, 9}));
}

TEST(MailboxTest, AReplayWithNothingPendingOrAnUpToDateClient) {
  Mailbox box;
  Mailbox up_to_date;
  for (int64_t seq : {3, 4, 5}) {
    Mailboxes::remember_written(box, event(seq));
    Mailboxes::remember_written(up_to_date, event(seq));
  }
  Mailboxes::replay_after(box, -1);  // a fresh client id: everything remembered
  EXPECT_EQ(seqs(box.pending), (Seqs{3, 4, 5}));
  Mailboxes::replay_after(up_to_date, 5);  // it has seen everything written
  EXPECT_TRUE(up_to_date.pending.empty());
  EXPECT_TRUE(up_to_date.replay.empty());
}

}  // namespace
}  // namespace pushbench
