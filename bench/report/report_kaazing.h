// The Kaazing table (Lubbers & Greco, "HTML5 Web Sockets: A Quantum Leap in Scalability for the
// Web", 2010): the bandwidth of 1,000 / 10,000 / 100,000 clients each receiving one event per
// second, from header bytes only (the original's method) and from measured wire bytes, in
// Mbit/s of 10^6 and of 2^20 bits (the original's unit), beside the original's numbers.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "report_cells.h"
#include "report_table.h"

namespace pushbench {

inline constexpr double kKaazingHeaderBytesPerPoll = 871;  // request + response headers
inline constexpr double kKaazingWsFrameBytes = 2;          // WebSocket frame header per message
inline constexpr std::array<int, 3> kKaazingClients = {1000, 10000, 100000};
inline constexpr double kBitsPerMbit = 1e6;
inline constexpr double kBitsPerMebibit = 1 << 20;  // the original's "Mbps"

// bytes per client per second x clients x 8 bits / bits_per_unit.
double kaazing_mbit_per_s(double bytes_per_client_s, double clients, double bits_per_unit);

// One transport's figures in Kaazing's scenario: each client receives one notification per
// second; a polling client polls once a second (one poll carries one notification), a long-poll
// client makes one request per notification.
struct KaazingFigures {
  std::string transport;
  bool request_response = false;
  // Bytes per client per second, headers only: request-response transports
  // http_header_bytes / requests_total (one request's request + response headers) x 1 request;
  // push transports (app bytes - payload x notifications) / notifications (framing) x 1.
  std::optional<double> header_bytes{};
  // The same on the wire: request-response (wire bytes - payload x notifications) / requests +
  // payload; push wire_bytes_per_notification.
  std::optional<double> wire_bytes{};
};

// Figures from one cell's repetitions (medians of the per-row figures).
KaazingFigures kaazing_figures(const ReportCell& c);
// Whether a cell is Kaazing's scenario: 0.9..1.1 notifications per client per second and, for a
// polling transport, a 1000 ms interval.
bool is_kaazing_scenario(const ReportCell& c);

ReportSection kaazing_section(const ReportData& d);

}  // namespace pushbench
