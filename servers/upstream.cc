// Messages clients send up.
#include "upstream.h"

#include <fmt/format.h>

#include <memory>

#include "event.h"

namespace pushbench {
namespace {
constexpr size_t kMaxLatencySamples = 16u << 20;  // an unbounded standalone run stops sampling
}

Upstream::Upstream(const ServerOptions& options, Mailboxes& mailboxes)
    : spec_(options.workload),
      options_(options),
      mailboxes_(mailboxes),
      last_id_(static_cast<size_t>(options.workload.clients), -1),
      frames_(static_cast<size_t>(options.workload.clients),
              WsMessage(static_cast<size_t>(kMaxPayloadBytes))),
      lines_(static_cast<size_t>(options.workload.clients),
             LineBuffer(static_cast<size_t>(kMaxPayloadBytes))) {}

std::string Upstream::check(int client, std::string_view json, const EventFields& f) const {
  if (!has_upstream(spec_.workload)) {
    return fmt::format("the {} workload takes no messages from clients", name(spec_.workload));
  }
  if (json.size() != static_cast<size_t>(spec_.upstream_bytes())) {
    return fmt::format("a {} message is {} bytes (got {})", name(spec_.workload),
                       spec_.upstream_bytes(), json.size());
  }
  if (f.from != client) {
    return fmt::format("message from {} sent as client {}", f.from, client);
  }
  const int64_t to = spec_.workload == Workload::kChat ? spec_.room_of(client) : -1;
  if (f.to != to || f.seq < 0 || f.msg >= 0) {
    return fmt::format("message for {} from client {} (expected to:{})", f.to, client, to);
  }
  return {};
}

std::string Upstream::on_message(int client, std::string_view json, int64_t now_ns) {
  const std::optional<ParsedEvent> ev = parse_event(json);
  std::string error = !ev || ev->length != json.size()
                          ? std::string("malformed message (one event JSON object expected)")
                          : check(client, json, ev->fields);
  if (!error.empty()) {
    ++counters_.rejected;
    return error;
  }
  const EventFields& f = ev->fields;
  int64_t& last = last_id_[static_cast<size_t>(client)];
  if (f.seq <= last) {
    ++counters_.duplicates;  // a resend or a replay: never relayed twice
    return {};
  }
  last = f.seq;
  ++counters_.received;
  if (options_.in_window(f.t_ns)) {
    ++counters_.in_window;
    if (latency_.count() < kMaxLatencySamples) {
      latency_.record(now_ns - f.t_ns);
    }
  }
  if (spec_.workload != Workload::kChat) {
    return {};  // game: the input is consumed; the state goes down on the tick
  }
  auto relayed = std::make_shared<EncodedEvent>();
  relayed->seq = relay_seq_;
  EventFields out = f;
  out.seq = relay_seq_;
  out.msg = f.seq;
  if (!encode_event(out, spec_.payload_bytes, spec_.seed, relayed->json)) {
    ++counters_.relay_failures;
    return {};
  }
  ++relay_seq_;
  ++counters_.relayed;
  const int room = spec_.room_of(client);
  mailboxes_.deliver_room(spec_.room_first(room), spec_.room_members(room), client, relayed);
  return {};
}

}  // namespace pushbench
