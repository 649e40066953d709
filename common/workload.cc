// Workload names, validation and the shared command-line options.
#include "workload.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <string>

#include "config_error.h"
#include "event.h"

namespace pushbench {

std::string_view name(Workload w) noexcept {
  switch (w) {
    case Workload::kBroadcast:
      return "broadcast";
    case Workload::kNotify:
      return "notify";
    case Workload::kChat:
      return "chat";
    case Workload::kGame:
      return "game";
    case Workload::kIdle:
      return "idle";
  }
  return "?";
}

std::string_view name(Arrival a) noexcept {
  switch (a) {
    case Arrival::kFixed:
      return "fixed";
    case Arrival::kPoisson:
      return "poisson";
  }
  return "?";
}

Workload parse_workload(std::string_view text) {
  for (Workload w : {Workload::kBroadcast, Workload::kNotify, Workload::kChat, Workload::kGame,
                     Workload::kIdle}) {
    if (name(w) == text) {
      return w;
    }
  }
  throw ConfigError(
      fmt::format("unknown workload '{}' (known: broadcast, notify, chat, game, idle)", text));
}

Arrival parse_arrival(std::string_view text) {
  for (Arrival a : {Arrival::kFixed, Arrival::kPoisson}) {
    if (name(a) == text) {
      return a;
    }
  }
  throw ConfigError(fmt::format("unknown arrival '{}' (known: fixed, poisson)", text));
}

void WorkloadSpec::validate() const {
  std::string errors;
  auto fail = [&errors](const std::string& msg) { errors += errors.empty() ? msg : "; " + msg; };
  if (clients < 1) {
    fail(fmt::format("--clients must be at least 1 (got {})", clients));
  }
  if (!(rate_hz > 0) || !std::isfinite(rate_hz) || rate_hz > 1e6) {
    fail(fmt::format("--rate must be > 0 and <= 1000000 events/s (got {})", rate_hz));
  }
  if (payload_bytes < kMinPayloadBytes || payload_bytes > kMaxPayloadBytes) {
    fail(fmt::format("--payload must be {}..{} bytes (an event carries seq, t_ns and to; got {})",
                     kMinPayloadBytes, kMaxPayloadBytes, payload_bytes));
  }
  if (room_size < 2 || room_size > 100000) {
    fail(fmt::format("--room-size must be 2..100000 clients (got {})", room_size));
  }
  if (workload == Workload::kChat && payload_bytes < kMinChatPayloadBytes &&
      payload_bytes >= kMinPayloadBytes) {
    fail(
        fmt::format("--payload must be at least {} bytes for chat (a relayed message also "
                    "carries from and msg; got {})",
                    kMinChatPayloadBytes, payload_bytes));
  }
  if (input_bytes < kMinPayloadBytes || input_bytes > kMaxPayloadBytes) {
    fail(fmt::format("--input-bytes must be {}..{} bytes (got {})", kMinPayloadBytes,
                     kMaxPayloadBytes, input_bytes));
  }
  if (duration_ns < 0) {
    fail("schedule duration must not be negative");
  }
  if (!errors.empty()) {
    throw ConfigError(errors);
  }
}

int WorkloadSpec::room_members(int room) const noexcept {
  const int first = room_first(room);
  return first >= clients ? 0 : std::min(room_size, clients - first);
}

void add_workload_options(CLI::App& app, WorkloadSpec& spec) {
  // CLI11 runs option callbacks in the order the options were added: --workload before --rate,
  // so an explicit --rate always wins over the workload's default.
  app.add_option_function<std::string>(
         "--workload",
         [&spec](const std::string& s) {
           spec.workload = parse_workload(s);
           if (spec.workload == Workload::kGame) {
             spec.rate_hz = kDefaultGameTickHz;
           }
         },
         "broadcast (every event to every client), notify (each event to one seeded client), "
         "chat (clients send, the server relays to their room), game (inputs up and state down "
         "at every tick) or idle (no events: the cost of staying ready)")
      ->default_str("broadcast");
  app.add_option_function<std::string>(
         "--arrival", [&spec](const std::string& s) { spec.arrival = parse_arrival(s); },
         "event arrivals: fixed (evenly spaced) or poisson (seeded exponential gaps)")
      ->default_str("fixed");
  app.add_option("-c,--clients", spec.clients, "number of clients (ids 0..N-1)")
      ->capture_default_str();
  app.add_option("--rate", spec.rate_hz,
                 "events per second for the whole workload (chat: messages sent by all clients "
                 "together; game: the tick, default 20)")
      ->capture_default_str();
  app.add_option("--payload", spec.payload_bytes, "exact size of each event's JSON in bytes")
      ->capture_default_str();
  app.add_option("--room-size", spec.room_size, "chat: clients per room")->capture_default_str();
  app.add_option("--input-bytes", spec.input_bytes, "game: exact size of each client input")
      ->capture_default_str();
  app.add_option("--seed", spec.seed, "seed of the event schedule")->capture_default_str();
}

std::string describe(const WorkloadSpec& spec) {
  std::string text = fmt::format("{}, {} clients", name(spec.workload), spec.clients);
  switch (spec.workload) {
    case Workload::kChat:
      text +=
          fmt::format(", {} messages/s in all, {} B messages", spec.rate_hz, spec.payload_bytes);
      return spec.room_size > 0 ? text + fmt::format(", rooms of {}", spec.room_size) : text;
    case Workload::kGame:
      text += fmt::format(", {} Hz tick", spec.rate_hz);
      if (spec.input_bytes > 0) {
        text += fmt::format(", {} B inputs up", spec.input_bytes);
      }
      return text + fmt::format(", {} B states down", spec.payload_bytes);
    case Workload::kIdle:
      return text + ", no events";
    case Workload::kBroadcast:
    case Workload::kNotify:
      break;
  }
  return text + fmt::format(", {} events/s, {} B events", spec.rate_hz, spec.payload_bytes);
}

}  // namespace pushbench
