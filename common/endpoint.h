// Any server's push endpoint (a user's own), not only pushbench-server's contract: what
// `pushbench-client --url` measures and `pushbench run --target` aims its clients at. What the
// endpoint is (its URL and mode: an SSE stream, a URL to poll, a WebSocket), how many clients and
// for how long, and where a message carries its send time (--timestamp-field, a JSON pointer, on
// --timestamp-clock). Without a timestamp there is no latency, and the output says "not measured".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pushbench {

enum class EndpointMode { kSse, kPoll, kWs };
std::string_view name(EndpointMode mode) noexcept;

// The clock a message's timestamp is on: the wall clock (CLOCK_REALTIME since the Unix epoch) in
// ms, us or ns, or CLOCK_MONOTONIC in ns (sender on this host).
enum class TimestampClock { kWallMs, kWallUs, kWallNs, kMonoNs };
std::string_view name(TimestampClock clock) noexcept;
TimestampClock parse_timestamp_clock(std::string_view text);  // ConfigError when unknown

struct EndpointOptions {
  std::string url;
  EndpointMode mode = EndpointMode::kSse;
  int clients = 1;
  // The run's time zero on CLOCK_MONOTONIC (--epoch-mono-ns with --url; 0: when the client
  // starts). Clients connect at once; the window opens warmup_ns after it.
  int64_t start_mono_ns = 0;
  int64_t warmup_ns = 0;
  int64_t window_ns = 0;
  int64_t poll_interval_ns = 1'000'000'000;  // poll mode: between one client's requests
  std::string timestamp_field;               // a JSON pointer ("/ts"); empty: no latency
  TimestampClock clock = TimestampClock::kWallMs;
  std::string tls_ca_path;  // https/wss: trust only this PEM (default: the system's CAs)
  std::string result_path;  // the result JSON too, here
  bool quiet = false;       // no progress lines on stderr
  // --linger: after its result, stay until SIGTERM (pushbench run --target samples the process
  // at the window's end, which is when it would otherwise exit).
  bool linger = false;
};

// The URL's scheme, host, port and path with query: what a WebSocket connect needs.
struct EndpointUrl {
  std::string scheme;  // http, https, ws, wss
  std::string host;
  int port = 0;
  std::string target;  // path and query, "/" at least
  bool tls() const noexcept { return scheme == "https" || scheme == "wss"; }
};
// ConfigError for a URL that is not http(s):// or ws(s)://HOST[:PORT][/...].
EndpointUrl split_endpoint_url(const std::string& url);

// --mode, or (empty) inferred: ws/wss is ws; http(s) whose last path segment is "sse", "events"
// or "stream" is sse, "poll" or "longpoll" is poll. Anything else is ambiguous: ConfigError
// asking for --mode. A --mode that contradicts the scheme (ws over http) is refused too.
EndpointMode endpoint_mode(const EndpointUrl& url, std::string_view mode_option);

// A JSON pointer from --timestamp-field; ConfigError when it is not one ("/ts", "/meta/sent").
nlohmann::json::json_pointer timestamp_pointer(const std::string& field);

// Now on `clock`, in ns.
int64_t clock_now_ns(TimestampClock clock) noexcept;

// The send time in ns on `clock` that `message` (JSON) carries at `pointer`: a number, or a
// string of one; nullopt when the message is not JSON or has no such number.
std::optional<int64_t> message_timestamp_ns(std::string_view message,
                                            const nlohmann::json::json_pointer& pointer,
                                            TimestampClock clock);

}  // namespace pushbench
