// The Kaazing table, measured.
#include "report_kaazing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "report_network.h"
#include "transport.h"

namespace pushbench {
namespace {
constexpr double kBitsPerByte = 8;

bool is_request_response(const std::string& transport) {
  for (Transport t : kKnownTransports) {
    if (name(t) == transport) {
      return pushbench::is_request_response(t);
    }
  }
  return false;
}

// Bytes of the events themselves: payload x notifications delivered.
std::optional<double> payload_total(const ResultRow& r) {
  const auto p = r.num("payload_bytes");
  const auto n = r.num("notifications_delivered");
  return p && n ? std::optional<double>(*p * *n) : std::nullopt;
}

std::optional<double> minus(std::optional<double> a, std::optional<double> b) {
  return a && b ? std::optional<double>(*a - *b) : std::nullopt;
}

std::optional<double> positive(std::optional<double> v) { return v && *v > 0 ? v : std::nullopt; }

std::optional<double> app_total(const ResultRow& r) {
  return sum(r.num("app_bytes_up"), r.num("app_bytes_down"));
}

// Mbit/s with 10^6 and with 2^20 bits: "6.97 / 6.65".
std::string both_units(double bytes_per_client_s, double clients) {
  auto fmt3 = [](double v) {
    const int decimals = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3;
    return fmt::format("{:.{}f}", v, decimals);
  };
  return fmt::format("{} / {}", fmt3(kaazing_mbit_per_s(bytes_per_client_s, clients, kBitsPerMbit)),
                     fmt3(kaazing_mbit_per_s(bytes_per_client_s, clients, kBitsPerMebibit)));
}

// Totals of a Kaazing-scenario cell over its window, per client per second.
KaazingFigures measured_figures(const ReportCell& c) {
  KaazingFigures f{.transport = c.transport, .request_response = is_request_response(c.transport)};
  auto per_client_s = [](std::optional<double> total, const ResultRow& r) {
    return ratio(ratio(total, r.num("duration_s")), r.num("clients"));
  };
  f.header_bytes = c.median([&f, &per_client_s](const ResultRow& r) {
    return per_client_s(f.request_response ? r.num("http_header_bytes")
                                           : positive(minus(app_total(r), payload_total(r))),
                        r);
  });
  f.wire_bytes =
      c.median([&per_client_s](const ResultRow& r) { return per_client_s(wire_total(r), r); });
  return f;
}

const ReportCell* best_kaazing_cell(const ReportData& d, const std::string& transport,
                                    std::optional<int> clients) {
  const ReportCell* best = nullptr;
  for (const ReportCell& c : d.cells) {
    if (c.transport != transport || !is_kaazing_scenario(c) ||
        (clients && c.rows.front().num("clients") != *clients)) {
      continue;
    }
    // A cell whose rows carry no trust flag before one that does (a saturated run did not keep
    // one event per client per second), then the most clients.
    auto rank = [](const ReportCell& x) {
      return std::make_pair(x.flags().empty(), x.rows.front().num("clients").value_or(0));
    };
    if (best == nullptr || rank(c) > rank(*best)) {
      best = &c;
    }
  }
  return best;
}

std::string bytes_text(std::optional<double> v) {
  return v ? fmt::format("{:.1f}", *v) : std::string("—");
}

std::vector<std::string> original_row(const std::string& who, const std::string& method,
                                      double bytes, const std::string& printed) {
  std::vector<std::string> row = {who, method, fmt::format("{:.0f}", bytes)};
  for (int n : kKaazingClients) {
    row.push_back(both_units(bytes, n) + " recomputed");
  }
  row.push_back(printed);
  return row;
}
}  // namespace

double kaazing_mbit_per_s(double bytes_per_client_s, double clients, double bits_per_unit) {
  return bytes_per_client_s * clients * kBitsPerByte / bits_per_unit;
}

KaazingFigures kaazing_figures(const ReportCell& c) {
  KaazingFigures f{.transport = c.transport, .request_response = is_request_response(c.transport)};
  if (f.request_response) {
    // One request per second, carrying one notification.
    f.header_bytes = c.median([](const ResultRow& r) {
      return ratio(r.num("http_header_bytes"), r.num("requests_total"));
    });
    f.wire_bytes = c.median([](const ResultRow& r) {
      const auto overhead = ratio(minus(wire_total(r), payload_total(r)), r.num("requests_total"));
      return sum(overhead, r.num("payload_bytes"));
    });
  } else {
    // One notification per second.
    f.header_bytes = c.median([](const ResultRow& r) {
      return positive(
          ratio(minus(app_total(r), payload_total(r)), r.num("notifications_delivered")));
    });
    f.wire_bytes = c.median("wire_bytes_per_notification");
  }
  return f;
}

bool is_kaazing_scenario(const ReportCell& c) {
  const std::string workload = c.text("workload");
  if (workload != "broadcast" && workload != "notify") {
    return false;
  }
  const auto rate = c.median([](const ResultRow& r) {
    return ratio(ratio(r.num("notifications_delivered"), r.num("clients")), r.num("duration_s"));
  });
  const auto interval = c.poll_interval_ms();
  return rate && std::fabs(*rate - 1) <= 0.1 && (!interval || *interval == 1000);
}

ReportSection kaazing_section(const ReportData& d) {
  ReportSection s{.title = "The Kaazing table, measured"};
  s.intro.push_back(
      "1,000 / 10,000 / 100,000 clients, each receiving one event per second (Lubbers & Greco, "
      "Kaazing 2010). Each cell: Mbit/s with 1 Mbit = 10^6 bit / with 2^20 bit (the original's "
      "\"Mbps\"); measured: the run had that many clients in Kaazing's scenario; computed: bytes "
      "per client per second × clients × 8; a flag in parentheses (e.g. server_saturated): "
      "measured, but the run did not keep up with one event per client per second, so its bytes "
      "over the window are not the steady state's.");
  // Bytes barely depend on the network (retransmissions add some): say which one they crossed.
  std::string networks;
  for (const ReportCell& c : d.cells) {
    const auto network = describe_network(c.rows.front());
    if (network && networks.find(*network) == std::string::npos) {
      networks += (networks.empty() ? "" : "; ") + *network;
    }
  }
  if (!networks.empty()) {
    s.intro.push_back(fmt::format("Network: {}.", networks));
  }
  s.details.push_back(
      "Lubbers & Greco, \"HTML5 Web Sockets: A Quantum Leap in Scalability for the Web\" "
      "(Kaazing, 2010): 1,000 / 10,000 / 100,000 clients, each receiving one event per second; "
      "a polling client polls once a second, so one poll carries one notification (a long-poll "
      "client makes one request per notification). The original counted header bytes only: "
      "871 B of HTTP request + response headers per poll, and 2 B of WebSocket frame header per "
      "message.");
  s.details.push_back(
      "Each cell: Mbit/s with 1 Mbit = 10^6 bit / with 1 Mbit = 2^20 bit (the original's "
      "\"Mbps\"), = bytes per client per second × clients × 8 / unit. **measured**: the run has "
      "a cell in Kaazing's scenario (one notification per client per second, polling every "
      "1000 ms) with that many clients, and the figure is its bytes over its window / duration_s. "
      "**computed**: the bytes per client per second column × clients.");
  s.details.push_back(
      "Bytes per client per second, headers only (the original's method): poll, poll-close, "
      "longpoll: http_header_bytes / requests_total (one request's request and response "
      "headers) × 1 request/s; sse, ws, ws-deflate, tcp: (app bytes − payload × notifications) / "
      "notifications (the framing around one event) × 1 notification/s. Measured wire bytes "
      "(TCP/IP headers, ACKs, handshakes included): request-response (wire bytes − payload × "
      "notifications) / requests + payload; push wire_bytes_per_notification.");
  s.details.push_back(
      "HTTP/2 rows (poll-h2, longpoll-h2, sse-h2; over TLS, one connection per client): their "
      "http_header_bytes are the HPACK header blocks on the wire, the requests' (replayed "
      "through libnghttp2, the encoder libcurl uses: every header but :path indexed after a "
      "connection's first request) plus the responses' (as lws wrote them: literals, no "
      "dynamic table), so \"headers only\" is the measured header bytes per poll under "
      "HTTP/2. Their wire bytes also carry TLS records and HTTP/2 frame headers.");
  s.table.header = {"transport", "method", "B per client per s"};
  for (int n : kKaazingClients) {
    s.table.header.push_back(fmt::format("{},{:03} clients", n / 1000, n % 1000));
  }
  s.table.header.push_back("Kaazing 2010 (Mbps = 2^20 bit/s)");
  s.table.left_columns = 2;
  s.table.markdown_only_columns = 1;
  s.table.rows.push_back(original_row("Kaazing 2010: HTTP polling", "headers only (871 B per poll)",
                                      kKaazingHeaderBytesPerPoll, "6.6 / 66 / 665"));
  s.table.rows.push_back(original_row("Kaazing 2010: WebSocket", "headers only (2 B per frame)",
                                      kKaazingWsFrameBytes, "0.015 / 0.153 / 1.526"));

  const std::string headline = headline_scenario(d);
  const auto headline_of = headline_cells(d, headline);
  std::vector<std::string> transports;
  for (const ReportCell& c : d.cells) {
    if (std::find(transports.begin(), transports.end(), c.transport) == transports.end()) {
      transports.push_back(c.transport);
    }
  }
  std::vector<std::pair<std::string, std::string>> sources;  // (scenario, its transports)
  for (const std::string& t : transports) {
    const ReportCell* source = best_kaazing_cell(d, t, std::nullopt);
    if (source == nullptr) {
      auto it = std::find_if(headline_of.begin(), headline_of.end(),
                             [&t](const ReportCell* c) { return c->transport == t; });
      source = it == headline_of.end() ? nullptr : *it;
    }
    if (source == nullptr) {
      continue;
    }
    const KaazingFigures f = kaazing_figures(*source);
    const std::string where =
        describe_scenario(*source) +
        (source->poll_interval_ms()
             ? fmt::format(", polls every {} ms", source->text("poll_interval_ms"))
             : std::string());
    auto same = std::find_if(sources.begin(), sources.end(),
                             [&where](const auto& entry) { return entry.first == where; });
    if (same == sources.end()) {
      sources.emplace_back(where, t);
    } else {
      same->second += ", " + t;
    }
    for (const bool header : {true, false}) {
      std::vector<std::string> row = {t, header ? "headers only" : "measured wire bytes",
                                      bytes_text(header ? f.header_bytes : f.wire_bytes)};
      for (int n : kKaazingClients) {
        const ReportCell* at_n = best_kaazing_cell(d, t, n);
        const std::optional<double> bytes = at_n ? (header ? measured_figures(*at_n).header_bytes
                                                           : measured_figures(*at_n).wire_bytes)
                                                 : (header ? f.header_bytes : f.wire_bytes);
        // A flagged cell (e.g. server_saturated) is measured, but not under the load asked for.
        const std::string flags = at_n ? at_n->flags() : std::string();
        row.push_back(bytes ? both_units(*bytes, n) + (at_n ? " measured" : " computed") +
                                  (flags.empty() ? "" : " (" + flags + ")")
                            : std::string("—"));
      }
      std::string original = "—";
      if (header && f.request_response) {
        original = "871 B per poll: 6.6 / 66 / 665";
      } else if (header && (t == "ws" || t == "ws-deflate")) {
        original = "2 B per frame: 0.015 / 0.153 / 1.526";
      }
      row.push_back(original);
      s.table.rows.push_back(std::move(row));
    }
  }
  std::string from;
  for (const auto& [where, names] : sources) {
    from += fmt::format("{}{} in {}", from.empty() ? "" : "; ", names, where);
  }
  s.details.push_back(
      "The first two rows apply the formula to the original's byte counts (\"recomputed\"): "
      "their 2^20 figures are the original's 6.6 / 66 / 665 and 0.015 / 0.153 / 1.526. Bytes per "
      "client per second were measured for " +
      from + ".");
  s.details.push_back(
      "Where that is not Kaazing's scenario, the per-request and per-notification figures come "
      "from a different load (e.g. 10 events/s: a 1 s poll then carries ten events, and its "
      "headers are shared by them); the computed Kaazing figures still count one request (one "
      "set of headers) per notification. \"—\": does not apply (ws-deflate compresses the event, "
      "so its frame is smaller than the payload and has no separable header count). pushbench's "
      "HTTP "
      "client sends `Host` and `Accept: */*` only; the original's 871 B were a browser's request "
      "(user agent, cookies, accept-*) and its response.");
  return s;
}

}  // namespace pushbench
