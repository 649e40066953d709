// Per-client pending events. Every transport delivers from the same mailboxes: /poll answers
// with what is pending (acknowledged by the next request's `after`), a held /longpoll answers as
// soon as something is pending, /ws, /sse and raw TCP pop as they write.
// Queues are bounded; an event that finds its client's queue full is dropped and counted.
#pragma once

#include <cstdint>
#include <vector>

#include "encoded_event.h"
#include "event_queue.h"

struct lws;

namespace pushbench {

struct Mailbox {
  EventQueue pending;     // ascending seq
  EventQueue replay;      // sse: the last events written, replayed to a reconnect whose
                          // Last-Event-ID is older (they may have met a closed socket)
  lws* waiter = nullptr;  // the connection waiting for this client's events (ws, sse,
                          // tcp, or a held long poll): woken when one is queued
};

// Events written to a client that had already gone are only noticed on a later write; a short
// history lets its reconnect replay them.
constexpr size_t kReplayEvents = 64;

struct MailboxCounters {
  uint64_t enqueued = 0;  // notifications queued
  uint64_t dropped = 0;   // notifications dropped because the client's queue was full
};

class Mailboxes {
 public:
  // Mailboxes for ids 0..clients-1, of which first_held..first_held+held-1 are this server's
  // (a shard's; held < 0: all): events are queued and counted for those alone.
  Mailboxes(int clients, int queue_cap, int first_held = 0, int held = -1);

  int size() const noexcept { return static_cast<int>(boxes_.size()); }
  Mailbox& at(int client) noexcept { return boxes_[static_cast<size_t>(client)]; }
  // Queues ev for one client (to >= 0) or for every client (to < 0), waking attached sockets.
  void deliver(int64_t to, const EventRef& ev);
  // Queues ev for clients first..first+count-1 except `except` (a chat room minus the sender).
  void deliver_room(int first, int count, int except, const EventRef& ev);
  // Drops pending events with seq <= after (the poll acknowledgement).
  static void acknowledge(Mailbox& box, int64_t after) noexcept;
  // sse: an event just written to the client's stream, kept in its replay history (the last
  // kReplayEvents: a longer outage loses the oldest).
  static void remember_written(Mailbox& box, EventRef ev);
  // sse: a reconnect with Last-Event-ID last_id. Puts back at the front of the pending queue, in
  // order, the remembered events after last_id that are older than everything pending, so the
  // stream resumes right after it; the history is emptied.
  static void replay_after(Mailbox& box, int64_t last_id);
  const MailboxCounters& counters() const noexcept { return counters_; }

 private:
  void push(Mailbox& box, const EventRef& ev);

  std::vector<Mailbox> boxes_;
  size_t queue_cap_;
  int first_held_;
  int end_held_;  // one past the last held id
  MailboxCounters counters_;
};

}  // namespace pushbench
