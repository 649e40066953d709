// Every client's long-lived connection: admitted, open, lost and retried.
#include "client_links.h"

#include <algorithm>

#include "measurement.h"

namespace pushbench {

ClientLinks::ClientLinks(Measurement& m, int count, int64_t start_ns, AdmissionLimits limits)
    : m_(m),
      admission_(count, start_ns, limits),
      states_(static_cast<size_t>(count), LinkState::kIdle),
      ready_(static_cast<size_t>(count), false) {}

void ClientLinks::opened(int index) noexcept {
  const auto i = static_cast<size_t>(index);
  if (states_[i] == LinkState::kConnecting) {
    admission_.settled();  // a handshake slot is free
  }
  states_[i] = LinkState::kOpen;
  m_.on_server_answered();  // a reconnect that succeeded stops the give-up clock
  if (!ready_[i]) {
    ready_[i] = true;
    m_.on_client_ready();
  }
}

void ClientLinks::failed(int index, int64_t now, bool stopping) {
  if (!stopping) {
    m_.on_connect_error();
  }
  closed(index, now, stopping);
}

void ClientLinks::closed(int index, int64_t now, bool stopping) {
  const auto i = static_cast<size_t>(index);
  if (states_[i] == LinkState::kConnecting) {
    admission_.settled();
  }
  if (stopping) {
    states_[i] = LinkState::kIdle;
    return;
  }
  states_[i] = LinkState::kRetryWait;
  admission_.retry_later(index, now);
}

void ClientLinks::idle_all() noexcept {
  std::fill(states_.begin(), states_.end(), LinkState::kIdle);
}

}  // namespace pushbench
