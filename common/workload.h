// The workload a schedule is computed from (DESIGN.md §5). Server, client and bench all take
// these options, so one definition of them lives here.
#pragma once

#include <cstdint>
#include <string_view>

namespace CLI {
class App;
}

namespace pushbench {

// broadcast: every event to every client; notify: each event to one seeded client; idle: no
// events at all (what staying ready costs each transport).
enum class Workload { kBroadcast, kNotify, kIdle };
enum class Arrival { kFixed, kPoisson };

std::string_view name(Workload w) noexcept;
std::string_view name(Arrival a) noexcept;
Workload parse_workload(std::string_view text);  // throws ConfigError
Arrival parse_arrival(std::string_view text);    // throws ConfigError

// Everything the seeded schedule is a pure function of.
struct WorkloadSpec {
  Workload workload = Workload::kBroadcast;
  Arrival arrival = Arrival::kFixed;
  int clients = 100;          // client ids 0..clients-1
  double rate_hz = 10;        // events per second for the whole workload (ignored by idle)
  int payload_bytes = 256;    // exact size of every event's JSON
  uint64_t seed = 1;
  int64_t duration_ns = 0;    // schedule length from the epoch; 0 = unbounded (standalone)

  void validate() const;      // throws ConfigError with every problem at once
};

// Registers --workload --arrival --clients --rate --payload --seed on `app`, writing into `spec`.
// Call spec.validate() after parsing.
void add_workload_options(CLI::App& app, WorkloadSpec& spec);

}  // namespace pushbench
