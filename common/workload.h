// The workload a schedule is computed from (docs/method.md). Server, client and bench all take
// these options, so one definition of them lives here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace pushbench {

// broadcast: every event to every client; notify: each event to one seeded client; chat: each
// client sends messages up, the server relays each to the other members of the sender's room;
// game: every client sends an input at every tick and receives the state broadcast at the same
// tick; idle: no events at all (what staying ready costs each transport).
enum class Workload { kBroadcast, kNotify, kChat, kGame, kIdle };
enum class Arrival { kFixed, kPoisson };

std::string_view name(Workload w) noexcept;
std::string_view name(Arrival a) noexcept;
Workload parse_workload(std::string_view text);  // throws ConfigError
// Workloads whose clients send messages up (full duplex).
constexpr bool has_upstream(Workload w) noexcept {
  return w == Workload::kChat || w == Workload::kGame;
}

constexpr double kDefaultRateHz = 10;      // events (chat: messages) per second, whole workload
constexpr double kDefaultGameTickHz = 20;  // game: inputs up and state down per client
// A relayed chat message also carries "from" and "msg" (the sender's message id).
constexpr int kMinChatPayloadBytes = 112;
Arrival parse_arrival(std::string_view text);  // throws ConfigError

// Everything the seeded schedule is a pure function of.
struct WorkloadSpec {
  Workload workload = Workload::kBroadcast;
  Arrival arrival = Arrival::kFixed;
  int clients = 100;                // client ids 0..clients-1
  double rate_hz = kDefaultRateHz;  // events per second for the whole workload (chat: messages
                                    // sent, all clients together; game: the tick; idle: unused)
  int payload_bytes = 256;          // exact size of every event's JSON (chat: of every message)
  int room_size = 10;               // chat: clients per room (ids room*K .. room*K+K-1)
  int input_bytes = 80;             // game: exact size of each client input sent up
  uint64_t seed = 1;
  int64_t duration_ns = 0;  // schedule length from the epoch; 0 = unbounded (standalone)

  void validate() const;  // throws ConfigError with every problem at once

  int room_of(int client) const noexcept { return client / room_size; }
  int room_first(int room) const noexcept { return room * room_size; }
  // Members of `room` (the last room may be smaller).
  int room_members(int room) const noexcept;
  // Bytes of one upstream message: chat the message (payload_bytes), game the input.
  int upstream_bytes() const noexcept {
    return workload == Workload::kGame ? input_bytes : payload_bytes;
  }
};

// "chat, 1000 clients, 10 messages/s in all, 256 B messages, rooms of 10": what --rate and
// --payload mean for this workload, in words (progress lines, report headings). A room_size or
// input_bytes of 0 (not known: a results.csv without the column) is left out.
std::string describe(const WorkloadSpec& spec);

// Registers --workload --arrival --clients --rate --payload --room-size --input-bytes --seed on
// `app`, writing into `spec`. Without --rate, game ticks at kDefaultGameTickHz. Call
// spec.validate() after parsing.
void add_workload_options(CLI::App& app, WorkloadSpec& spec);

}  // namespace pushbench
