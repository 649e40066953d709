// pushbench-client --url: the endpoint, its mode and its timestamps.
#include "endpoint.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <time.h>

#include <cmath>
#include <cstdint>

#include "config_error.h"
#include "curl_handles.h"
#include "parse.h"

namespace pushbench {
namespace {
// The path's last segment, without a trailing slash.
std::string_view last_segment(std::string_view target) {
  target = target.substr(0, target.find('?'));
  while (target.size() > 1 && target.back() == '/') {
    target.remove_suffix(1);
  }
  const size_t slash = target.rfind('/');
  return slash == std::string_view::npos ? target : target.substr(slash + 1);
}

int64_t ns_per_unit(TimestampClock clock) noexcept {
  switch (clock) {
    case TimestampClock::kWallMs:
      return 1'000'000;
    case TimestampClock::kWallUs:
      return 1'000;
    default:
      return 1;
  }
}

// A whole timestamp in ns, exactly (a wall-clock ns value, 1.7e18, is past a double's exact
// range); nullopt when it overflows.
std::optional<int64_t> scaled_ns(int64_t whole, TimestampClock clock) noexcept {
  const int64_t scale = ns_per_unit(clock);
  if (whole > INT64_MAX / scale || whole < INT64_MIN / scale) {
    return std::nullopt;
  }
  return whole * scale;
}
}  // namespace

std::string_view name(EndpointMode mode) noexcept {
  switch (mode) {
    case EndpointMode::kSse:
      return "sse";
    case EndpointMode::kPoll:
      return "poll";
    case EndpointMode::kWs:
      return "ws";
  }
  return "?";
}

std::string_view name(TimestampClock clock) noexcept {
  switch (clock) {
    case TimestampClock::kWallMs:
      return "wall-ms";
    case TimestampClock::kWallUs:
      return "wall-us";
    case TimestampClock::kWallNs:
      return "wall-ns";
    case TimestampClock::kMonoNs:
      return "mono-ns";
  }
  return "?";
}

TimestampClock parse_timestamp_clock(std::string_view text) {
  for (TimestampClock c : {TimestampClock::kWallMs, TimestampClock::kWallUs,
                           TimestampClock::kWallNs, TimestampClock::kMonoNs}) {
    if (text == name(c)) {
      return c;
    }
  }
  throw ConfigError(
      fmt::format("--timestamp-clock '{}' is not one of wall-ms, wall-us, wall-ns, mono-ns", text));
}

EndpointUrl split_endpoint_url(const std::string& url) {
  CurlUrl u(curl_url());
  if (!u ||
      curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    throw ConfigError(
        fmt::format("--url '{}' is not a URL (e.g. http://127.0.0.1:8000/sse, "
                    "ws://127.0.0.1:8080/)",
                    url));
  }
  EndpointUrl out;
  out.scheme = url_part(u.get(), CURLUPART_SCHEME);
  if (out.scheme != "http" && out.scheme != "https" && out.scheme != "ws" && out.scheme != "wss") {
    throw ConfigError(fmt::format("--url '{}': the scheme must be http, https, ws or wss (got {})",
                                  url, out.scheme));
  }
  out.host = url_part(u.get(), CURLUPART_HOST);
  const std::string port = url_part(u.get(), CURLUPART_PORT);
  out.port = port.empty() ? (out.tls() ? 443 : 80) : static_cast<int>(parse_int(port).value_or(0));
  out.target = url_part(u.get(), CURLUPART_PATH);
  if (out.target.empty()) {
    out.target.push_back('/');  // (= "/" trips GCC 12's -Wrestrict false positive)
  }
  if (const std::string query = url_part(u.get(), CURLUPART_QUERY); !query.empty()) {
    out.target += "?" + query;
  }
  if (out.host.empty() || out.port < 1 || out.port > 65535) {
    throw ConfigError(fmt::format("--url '{}' has no host or a bad port", url));
  }
  return out;
}

EndpointMode endpoint_mode(const EndpointUrl& url, std::string_view mode_option) {
  const bool ws_scheme = url.scheme == "ws" || url.scheme == "wss";
  if (!mode_option.empty()) {
    EndpointMode mode;
    if (mode_option == "sse") {
      mode = EndpointMode::kSse;
    } else if (mode_option == "poll") {
      mode = EndpointMode::kPoll;
    } else if (mode_option == "ws") {
      mode = EndpointMode::kWs;
    } else {
      throw ConfigError(fmt::format("--mode '{}' is not one of sse, poll, ws", mode_option));
    }
    if (ws_scheme != (mode == EndpointMode::kWs)) {
      throw ConfigError(
          fmt::format("--mode {} does not go with a {}:// URL (ws needs ws:// or "
                      "wss://, sse and poll http:// or https://)",
                      mode_option, url.scheme));
    }
    return mode;
  }
  if (ws_scheme) {
    return EndpointMode::kWs;
  }
  const std::string_view last = last_segment(url.target);
  if (last == "sse" || last == "events" || last == "stream") {
    return EndpointMode::kSse;
  }
  if (last == "poll" || last == "longpoll") {
    return EndpointMode::kPoll;
  }
  throw ConfigError(fmt::format(
      "--url {}://{}:{}{}: cannot tell an SSE stream from a URL to poll; give --mode sse or "
      "--mode poll",
      url.scheme, url.host, url.port, url.target));
}

nlohmann::json::json_pointer timestamp_pointer(const std::string& field) {
  try {
    return nlohmann::json::json_pointer(field);
  } catch (const nlohmann::json::exception&) {
    throw ConfigError(fmt::format(
        "--timestamp-field '{}' is not a JSON pointer (e.g. /ts or /meta/sent_at)", field));
  }
}

int64_t clock_now_ns(TimestampClock clock) noexcept {
  timespec ts{};
  clock_gettime(clock == TimestampClock::kMonoNs ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::optional<int64_t> message_timestamp_ns(std::string_view message,
                                            const nlohmann::json::json_pointer& pointer,
                                            TimestampClock clock) {
  const nlohmann::json j = nlohmann::json::parse(message, nullptr, false);
  nlohmann::json v;
  try {
    if (j.is_discarded() || !j.contains(pointer)) {
      return std::nullopt;
    }
    v = j.at(pointer);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // the pointer walks into something else ("/a/b" where a is a number)
  }
  std::optional<double> t;
  if (v.is_number()) {
    t = v.get<double>();
  } else if (v.is_string()) {
    // A string carries what JSON numbers cannot (node's BigInt ns): whole numbers exactly.
    const std::string text = v.get<std::string>();
    if (const std::optional<int64_t> whole = parse_int(text)) {
      return scaled_ns(*whole, clock);
    }
    t = parse_double(text);
  }
  if (!t) {
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    return scaled_ns(v.get<int64_t>(), clock);
  }
  const double ns = *t * static_cast<double>(ns_per_unit(clock));
  if (!std::isfinite(ns) || std::fabs(ns) > 9e18) {
    return std::nullopt;
  }
  return std::llround(ns);
}

}  // namespace pushbench
