// The connection layer's record of every client's long-lived connection (sse stream, WebSocket,
// tcp socket), whatever the library that carries it: admitted (Admission: paced, capped), open,
// then lost and retried after kRetryDelayNs, or idle once the session stops. It reports what a
// connection's life means to the measurement: the server answered, the client is ready (once),
// a failure (err_connect and the --give-up clock). The sessions keep only their protocol's state
// (a handle, a parser) beside it. (h2load's split: this is its Client's connection state; the
// sessions are its Session, the bytes of one protocol.)
#pragma once

#include <cstdint>
#include <vector>

#include "admission.h"

namespace pushbench {

class Measurement;

enum class LinkState : uint8_t {
  kIdle,        // not admitted yet, or the session is stopping
  kConnecting,  // admitted: connect, handshake (TLS, HTTP upgrade, id line) in progress
  kOpen,        // carrying events
  kRetryWait,   // lost: waiting for its retry
};

class ClientLinks {
 public:
  // Clients 0..count-1, the first admitted at start_ns.
  ClientLinks(Measurement& m, int count, int64_t start_ns, AdmissionLimits limits);

  LinkState state(int index) const noexcept { return states_[static_cast<size_t>(index)]; }
  // Connecting or open: the session holds a connection (or a transfer) for it.
  bool active(int index) const noexcept {
    return state(index) == LinkState::kConnecting || state(index) == LinkState::kOpen;
  }

  // Calls connect(index) for every client admitted at `now`, already kConnecting. connect may
  // report failed() at once.
  template <class F>
  void admit(int64_t now, F&& connect) {
    admission_.admit(now, [&](int index) {
      states_[static_cast<size_t>(index)] = LinkState::kConnecting;
      connect(index);
    });
  }
  // When admit() has something to do next (Admission::kNever: nothing yet).
  int64_t next_due_ns() const noexcept { return admission_.next_due_ns(); }

  // Connected and ready to carry events: the server answered; the first time, the client is
  // ready. A second call on an open link (curl may reconnect a request) only says it answered.
  void opened(int index) noexcept;
  // The connection failed or dropped: counted (err_connect, starts the give-up clock) and retried
  // after kRetryDelayNs; while stopping, only marked idle.
  void failed(int index, int64_t now, bool stopping);
  // Closed for a reason counted elsewhere or none (churn, an unexpected HTTP status): retried
  // after kRetryDelayNs without counting a connection error; while stopping, only marked idle.
  void closed(int index, int64_t now, bool stopping);
  // The session stopped: every link idle.
  void idle_all() noexcept;

 private:
  Measurement& m_;
  Admission admission_;
  std::vector<LinkState> states_;
  std::vector<bool> ready_;  // on_client_ready() reported
};

}  // namespace pushbench
