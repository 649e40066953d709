// Fuzzes what the server does with a message a client sends up (servers/upstream.cc): a POST
// /send body, raw TCP lines after the id line, or a WebSocket message all end in
// Upstream::on_message. The input's last bytes pick the workload, the sender and the mode:
//   0: the input is one /send body (http_send.cc hands the whole body over);
//   1: the input is a raw TCP stream after the id line, cut into reads, split by the client's
//      LineBuffer as tcp_received() does;
//   2: the input is a list of event fields, each encoded at the message size and sent.
// Invariants: a refusal is a one-line reason, an acceptance a well-formed message from the
// sender at the workload's size; the counters account for every message; every relayed chat
// event is exactly payload_bytes, parses, names the sender, its message id and its room, and is
// queued to the room's other members only (or counted as dropped); in mode 2 the outcome of each
// message is the one the documented rules give.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config_error.h"
#include "event.h"
#include "fuzz_check.h"
#include "mailbox.h"
#include "reads.h"
#include "server_options.h"
#include "upstream.h"

namespace {
using pushbench::EventFields;
using pushbench::Workload;

pushbench::ServerOptions options(FuzzedDataProvider& in) {
  pushbench::ServerOptions o;
  constexpr Workload kWorkloads[] = {Workload::kChat, Workload::kGame, Workload::kBroadcast};
  pushbench::WorkloadSpec& w = o.workload;
  w.workload = in.PickValueInArray(kWorkloads);
  w.clients = in.ConsumeIntegralInRange(1, 40);
  w.room_size = in.ConsumeIntegralInRange(2, 8);
  w.payload_bytes = in.ConsumeIntegralInRange(pushbench::kMinChatPayloadBytes, 300);
  w.input_bytes = in.ConsumeIntegralInRange(pushbench::kMinPayloadBytes, 300);
  w.duration_ns = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 40);
  o.queue_cap = in.ConsumeIntegralInRange(1, 8);
  o.epoch_mono_ns = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 40);
  o.warmup_ns = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 35);
  w.validate();
  return o;
}

// What on_message does with these fields, by the rules in upstream.h and docs/contract.md.
enum class Outcome { kRejected, kDuplicate, kReceived };
Outcome expected(const pushbench::WorkloadSpec& w, int client, const EventFields& f,
                 int64_t last_id) {
  const int64_t room = w.workload == Workload::kChat ? w.room_of(client) : -1;
  if (!pushbench::has_upstream(w.workload) || f.from != client || f.to != room || f.seq < 0 ||
      f.msg >= 0) {
    return Outcome::kRejected;
  }
  return f.seq <= last_id ? Outcome::kDuplicate : Outcome::kReceived;
}

EventFields fuzzed_fields(FuzzedDataProvider& in, const pushbench::WorkloadSpec& w, int client) {
  const auto pick = [&in](int64_t usual, int64_t other) {
    return in.ConsumeBool() ? usual : other;
  };
  EventFields f;
  f.seq = in.ConsumeIntegralInRange<int64_t>(-2, 12);  // small: resends and replays are common
  f.t_ns = in.ConsumeIntegral<int64_t>();
  f.to =
      pick(w.workload == Workload::kChat ? w.room_of(client) : -1, in.ConsumeIntegral<int64_t>());
  f.from = pick(client, in.ConsumeIntegralInRange<int64_t>(-1, 50));
  f.msg = pick(-1, in.ConsumeIntegralInRange<int64_t>(0, 1000));
  return f;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  pushbench::ServerOptions o;
  try {
    o = options(in);
  } catch (const pushbench::ConfigError&) {
    return 0;
  }
  const pushbench::WorkloadSpec& w = o.workload;
  pushbench::Mailboxes mailboxes(w.clients, o.queue_cap);
  pushbench::Upstream upstream(o, mailboxes);
  const int client = in.ConsumeIntegralInRange(0, w.clients - 1);
  const int mode = in.ConsumeIntegralInRange(0, 2);
  const int64_t now = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 50);

  uint64_t messages = 0;
  uint64_t expected_received = 0;
  uint64_t expected_in_window = 0;
  int64_t last_id = -1;
  const auto send = [&](std::string_view body) {
    ++messages;
    const std::string error = upstream.on_message(client, body, now);
    FUZZ_CHECK(error.find_first_of("\r\n") == std::string::npos && error.size() <= 200);
    if (error.empty()) {
      const auto ev = pushbench::parse_event(body);
      FUZZ_CHECK(ev && ev->length == body.size() && ev->fields.from == client);
      FUZZ_CHECK(body.size() == static_cast<size_t>(w.upstream_bytes()));
    }
    return error;
  };

  if (mode == 0) {
    send(in.ConsumeRemainingBytesAsString());
  } else if (mode == 1) {
    const auto seed = in.ConsumeIntegral<uint32_t>();
    const std::string stream = in.ConsumeRemainingBytesAsString();
    for (std::string_view read : pushbench::fuzz::split_reads(stream, seed)) {
      if (!upstream.lines(client).feed(read, send)) {
        break;  // tcp_received closes the connection
      }
    }
  } else {
    while (in.remaining_bytes() > 0) {
      const EventFields f = fuzzed_fields(in, w, client);
      std::string body;
      if (!pushbench::encode_event(f, w.upstream_bytes(), w.seed, body)) {
        continue;
      }
      const Outcome want = expected(w, client, f, last_id);
      FUZZ_CHECK(send(body).empty() == (want != Outcome::kRejected));
      if (want == Outcome::kReceived) {
        last_id = f.seq;
        ++expected_received;
        expected_in_window += o.in_window(f.t_ns) ? 1 : 0;
      }
    }
    FUZZ_CHECK(upstream.counters().received == expected_received);
    FUZZ_CHECK(upstream.counters().in_window == expected_in_window);
  }

  const pushbench::UpstreamCounters& c = upstream.counters();
  FUZZ_CHECK(c.received + c.rejected + c.duplicates == messages);
  FUZZ_CHECK(c.in_window <= c.received && upstream.latency().count() == c.in_window);
  FUZZ_CHECK(c.relay_failures == 0);  // validate() sized chat payloads for the relayed fields
  FUZZ_CHECK(c.relayed == (w.workload == Workload::kChat ? c.received : 0));
  const int room = w.room_of(client);
  const uint64_t others = static_cast<uint64_t>(w.room_members(room) - 1);
  const pushbench::MailboxCounters& m = mailboxes.counters();
  FUZZ_CHECK(m.enqueued + m.dropped == c.relayed * others);
  for (int member = 0; member < w.clients; ++member) {
    const auto& pending = mailboxes.at(member).pending;
    FUZZ_CHECK(pending.empty() || (w.room_of(member) == room && member != client));
    int64_t previous = -1;
    for (const pushbench::EventRef& ev : pending) {
      const auto parsed = pushbench::parse_event(ev->json);
      FUZZ_CHECK(ev->json.size() == static_cast<size_t>(w.payload_bytes));
      FUZZ_CHECK(parsed && parsed->length == ev->json.size() && parsed->fields.seq == ev->seq);
      FUZZ_CHECK(parsed->fields.from == client && parsed->fields.to == room);
      FUZZ_CHECK(parsed->fields.msg >= 0 && ev->seq > previous);
      previous = ev->seq;
    }
  }
  return 0;
}
