// What pushbench-client --url measured: messages and their rate, the gaps between one client's
// messages (inter-arrival), bytes, connections, reconnects, errors, and latency when messages
// carry a timestamp. Messages count when they arrive inside the window; connections, reconnects
// and errors over the whole run (warm-up included: they are rare and each one matters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "endpoint.h"

namespace pushbench {

class EndpointStats {
 public:
  // The window on CLOCK_MONOTONIC: [window_start_ns, window_start_ns + options.window_ns).
  EndpointStats(const EndpointOptions& options, int64_t window_start_ns);

  // Client `client` received `message` at rx_mono_ns (CLOCK_MONOTONIC); rx_clock_ns is the same
  // moment on the timestamp clock (clock_now_ns), taken only when a timestamp field is set.
  void on_message(int client, std::string_view message, int64_t rx_mono_ns, int64_t rx_clock_ns);
  void on_connection() noexcept { ++connections_; }
  void on_reconnect() noexcept { ++reconnects_; }
  void on_empty_poll(int64_t mono_ns) noexcept;
  void on_request(int64_t mono_ns) noexcept;
  // An error (failed connect, HTTP status, protocol): counted, and the first one kept to say.
  void on_error(std::string_view what);

  uint64_t messages() const noexcept { return messages_; }
  uint64_t connections() const noexcept { return connections_; }
  const std::string& first_error() const noexcept { return first_error_; }

  // The report users read (stdout): one line per quantity.
  std::string table() const;
  // The same as JSON (--result).
  nlohmann::json json() const;

 private:
  bool in_window(int64_t mono_ns) const noexcept;

  const EndpointOptions& options_;
  std::optional<nlohmann::json::json_pointer> pointer_;
  int64_t window_start_ns_;
  uint64_t messages_ = 0;
  uint64_t bytes_ = 0;
  uint64_t requests_ = 0;     // poll mode: requests answered in the window
  uint64_t empty_polls_ = 0;  // poll mode: answers without a message
  uint64_t connections_ = 0;
  uint64_t reconnects_ = 0;
  uint64_t errors_ = 0;
  std::string first_error_;
  uint64_t without_timestamp_ = 0;    // messages where the field was missing or not a number
  std::vector<int64_t> last_rx_ns_;   // by client: its last message's arrival, -1 = none yet
  std::vector<double> gaps_ms_;       // inter-arrival times within one client
  std::vector<double> latencies_ms_;  // receive time - timestamp
};

// The q-quantile (0..1) of `values` by nearest rank (sorts a copy); NaN when empty.
double quantile(std::vector<double> values, double q);

}  // namespace pushbench
