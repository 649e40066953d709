// pushbench-client --url's measurements and report.
#include "endpoint_stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pushbench {

double quantile(std::vector<double> values, double q) {
  if (values.empty()) {
    return NAN;
  }
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  const size_t index = std::min(values.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(index), values.end());
  return values[index];
}

EndpointStats::EndpointStats(const EndpointOptions& options, int64_t window_start_ns)
    : options_(options),
      window_start_ns_(window_start_ns),
      last_rx_ns_(static_cast<size_t>(options.clients), -1) {
  if (!options.timestamp_field.empty()) {
    pointer_ = timestamp_pointer(options.timestamp_field);
  }
}

bool EndpointStats::in_window(int64_t mono_ns) const noexcept {
  return mono_ns >= window_start_ns_ && mono_ns - window_start_ns_ < options_.window_ns;
}

void EndpointStats::on_message(int client, std::string_view message, int64_t rx_mono_ns,
                               int64_t rx_clock_ns) {
  if (!in_window(rx_mono_ns)) {
    return;
  }
  ++messages_;
  bytes_ += message.size();
  int64_t& last = last_rx_ns_[static_cast<size_t>(client)];
  if (last >= 0) {
    gaps_ms_.push_back(static_cast<double>(rx_mono_ns - last) / 1e6);
  }
  last = rx_mono_ns;
  if (pointer_) {
    if (const auto sent = message_timestamp_ns(message, *pointer_, options_.clock)) {
      latencies_ms_.push_back(static_cast<double>(rx_clock_ns - *sent) / 1e6);
    } else {
      ++without_timestamp_;
    }
  }
}

void EndpointStats::on_empty_poll(int64_t mono_ns) noexcept {
  if (in_window(mono_ns)) {
    ++empty_polls_;
  }
}

void EndpointStats::on_request(int64_t mono_ns) noexcept {
  if (in_window(mono_ns)) {
    ++requests_;
  }
}

void EndpointStats::on_error(std::string_view what) {
  ++errors_;
  if (first_error_.empty()) {
    first_error_ = what;
  }
}

std::string EndpointStats::table() const {
  const double window_s = static_cast<double>(options_.window_ns) / 1e9;
  const double rate = static_cast<double>(messages_) / window_s;
  std::string out;
  out += fmt::format("{:<14}{}: {}, {} client{}, {:g} s window after {:g} s warm-up\n", "endpoint",
                     options_.url, name(options_.mode), options_.clients,
                     options_.clients == 1 ? "" : "s", window_s,
                     static_cast<double>(options_.warmup_ns) / 1e9);
  out += fmt::format("{:<14}{} ({:.1f}/s in all, {:.2f}/s per client)\n", "messages", messages_,
                     rate, rate / options_.clients);
  out += fmt::format("{:<14}{} ({:.1f} per message; {})\n", "bytes", bytes_,
                     messages_ ? static_cast<double>(bytes_) / static_cast<double>(messages_) : 0.0,
                     options_.mode == EndpointMode::kSse ? "event data" : "message payloads");
  if (gaps_ms_.empty()) {
    out += fmt::format("{:<14}not measured (no client received two messages)\n", "inter-arrival");
  } else {
    out += fmt::format("{:<14}p50 {:.2f} ms, p99 {:.2f} ms (between one client's messages)\n",
                       "inter-arrival", quantile(gaps_ms_, 0.5), quantile(gaps_ms_, 0.99));
  }
  if (options_.mode == EndpointMode::kPoll) {
    out += fmt::format("{:<14}{} answered, {} empty\n", "requests", requests_, empty_polls_);
  }
  out += fmt::format("{:<14}{} opened, {} reconnects, {} errors{}\n", "connections", connections_,
                     reconnects_, errors_,
                     first_error_.empty() ? "" : " (first: " + first_error_ + ")");
  if (!pointer_) {
    out += fmt::format(
        "{:<14}not measured (give --timestamp-field /json/pointer and "
        "--timestamp-clock)\n",
        "latency");
  } else if (latencies_ms_.empty()) {
    out += fmt::format("{:<14}not measured (no message carried a number at {})\n", "latency",
                       options_.timestamp_field);
  } else {
    out += fmt::format(
        "{:<14}p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms ({} timestamps at {} on {}{}; "
        "{} without)\n",
        "latency", quantile(latencies_ms_, 0.5), quantile(latencies_ms_, 0.99),
        *std::max_element(latencies_ms_.begin(), latencies_ms_.end()), latencies_ms_.size(),
        options_.timestamp_field, name(options_.clock),
        options_.clock == TimestampClock::kMonoNs ? ", this host's monotonic clock"
                                                  : ": sender and receiver clocks must agree",
        without_timestamp_);
  }
  return out;
}

nlohmann::json EndpointStats::json() const {
  auto ms_or_null = [](const std::vector<double>& v, double q) -> nlohmann::json {
    return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(quantile(v, q));
  };
  const double window_s = static_cast<double>(options_.window_ns) / 1e9;
  nlohmann::json j = {
      {"url", options_.url},
      {"mode", name(options_.mode)},
      {"clients", options_.clients},
      {"warmup_s", static_cast<double>(options_.warmup_ns) / 1e9},
      {"window_s", window_s},
      {"messages", messages_},
      {"messages_per_s", static_cast<double>(messages_) / window_s},
      {"bytes", bytes_},
      {"inter_arrival_p50_ms", ms_or_null(gaps_ms_, 0.5)},
      {"inter_arrival_p99_ms", ms_or_null(gaps_ms_, 0.99)},
      {"requests", requests_},
      {"empty_polls", empty_polls_},
      {"connections", connections_},
      {"reconnects", reconnects_},
      {"errors", errors_},
      {"first_error", first_error_},
      {"latency_measured", !latencies_ms_.empty()},
      {"latency_p50_ms", ms_or_null(latencies_ms_, 0.5)},
      {"latency_p99_ms", ms_or_null(latencies_ms_, 0.99)},
      {"timestamp_field", options_.timestamp_field},
      {"timestamp_clock", pointer_ ? nlohmann::json(name(options_.clock)) : nullptr},
      {"messages_without_timestamp", without_timestamp_}};
  return j;
}

}  // namespace pushbench
