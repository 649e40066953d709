// What every client session records.
#include "measurement.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "clock.h"
#include "latency_histogram.h"
#include "latency_json.h"
#include "latency_samples.h"
#include "stop_flag.h"

namespace pushbench {

Measurement::Measurement(const ClientOptions& options)
    : options_(options),
      delivery_(options.workload, options.first_client, options.count, options.warmup_ns,
                options.warmup_ns + options.window_ns) {
  latency_.reserve(delivery_.counts().expected);
  started_mono_ns_ = mono_ns();
}

void Measurement::on_event(int client, const ParsedEvent& ev, int64_t rx_ns) noexcept {
  on_server_answered();
  if (ev.length != static_cast<size_t>(options_.workload.payload_bytes)) {
    ++counters_.err_payload;
  }
  const int64_t id = delivery_.id_of(ev.fields);
  const int64_t t_ns = ev.fields.t_ns - options_.clock_offset_ns;  // in this host's clock
  if (id >= 0 && static_cast<size_t>(id) < delivery_.schedule_size() &&
      t_ns != options_.epoch_mono_ns + delivery_.offset_of(id)) {
    ++counters_.err_schedule;
  }
  if (delivery_.on_receive(client, ev.fields) == DeliveryTracker::Outcome::kCounted) {
    latency_.record(rx_ns - t_ns);
    if (client == options_.first_client) {
      fold_digest(ev);
    }
  }
}

// The event's bytes with its t_ns written relative to the epoch: every run has an epoch of its
// own, everything else in the bytes is the schedule's (the pad depends on seed and seq only).
void Measurement::fold_digest(const ParsedEvent& ev) noexcept {
  auto fold = [this](std::string_view bytes) {
    for (const char ch : bytes) {
      first_client_digest_ =
          (first_client_digest_ ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    }
  };
  constexpr std::string_view kTime = R"(,"t_ns":)";
  const size_t at = ev.text.find(kTime);
  if (at == std::string_view::npos) {
    fold(ev.text);
    return;
  }
  const size_t digits = at + kTime.size();
  size_t end = digits;
  while (end < ev.text.size() && ev.text[end] >= '0' && ev.text[end] <= '9') {
    ++end;
  }
  fold(ev.text.substr(0, digits));
  std::array<char, 24> offset{};
  const auto n =
      fmt::format_to_n(offset.data(), offset.size(), "{}",
                       ev.fields.t_ns - options_.clock_offset_ns - options_.epoch_mono_ns)
          .size;
  fold(std::string_view(offset.data(), std::min(n, offset.size())));
  fold(ev.text.substr(end));
}

void Measurement::on_connect_error(int64_t now_ns) noexcept {
  ++counters_.err_connect;
  last_failure_ns_ = now_ns;
  if (failing_since_ns_ == 0) {
    failing_since_ns_ = last_failure_ns_;
  }
}

std::string Measurement::gave_up() const {
  if (gave_up_after_ns_ == 0) {
    return "";
  }
  return fmt::format(
      "the server at {}:{} has not answered for {:.0f} s while connections failed ({} connection "
      "errors): giving up (--give-up)",
      options_.host, options_.port, static_cast<double>(gave_up_after_ns_) / 1e9,
      counters_.err_connect);
}

void Measurement::on_request(bool empty) noexcept {
  on_server_answered();
  if (phase_ != 1) {
    return;
  }
  ++counters_.requests;
  if (empty) {
    ++counters_.empty_responses;
  }
}

void Measurement::on_message_sent(int64_t planned_ns, int64_t sent_ns) noexcept {
  if (in_window(planned_ns)) {
    ++counters_.messages_sent;
    send_lag_.record(sent_ns - planned_ns);
  }
}

void Measurement::on_upstream_request(int64_t planned_ns, bool ok) noexcept {
  if (ok) {
    on_server_answered();
  }
  if (!in_window(planned_ns)) {
    return;
  }
  ++(ok ? counters_.upstream_requests : counters_.upstream_failed);
}

void Measurement::on_upstream_bytes(int64_t planned_ns, uint64_t bytes) noexcept {
  if (in_window(planned_ns)) {
    counters_.upstream_bytes += bytes;
  }
}

void Measurement::on_header_bytes(uint64_t n) noexcept {
  if (phase_ == 1) {
    counters_.http_header_bytes += n;
  }
}

void Measurement::on_h2_request_block(uint64_t bytes, bool first) noexcept {
  on_header_bytes(bytes);
  if (phase_ == 1) {
    ++counters_.h2_blocks_in_window;
  }
  if (first) {
    ++counters_.h2_first_blocks;
    counters_.h2_first_block_bytes += bytes;
  } else if (phase_ == 1) {
    ++counters_.h2_steady_blocks;
    counters_.h2_steady_block_bytes += bytes;
  }
}

void Measurement::on_client_ready() noexcept {
  on_server_answered();
  if (++ready_clients_ != options_.count) {
    return;
  }
  ready_mono_ns_ = mono_ns();
  fmt::print("{{\"ready\":true,\"clients\":{},\"ready_mono_ns\":{}}}\n", options_.count,
             ready_mono_ns_);
  std::fflush(stdout);
}

void Measurement::tick(int64_t now) noexcept {
  // Failures that went on for the bound, not one failure followed by silence: a client that
  // asks rarely (a poll a minute) hears nothing for long stretches anyway, and one connection
  // lost among 100,000 is counted (err_connect), not a dead server.
  if (failing_since_ns_ != 0 && last_failure_ns_ - failing_since_ns_ >= options_.give_up_ns &&
      gave_up_after_ns_ == 0) {
    gave_up_after_ns_ = now - failing_since_ns_;
    request_stop();
  }
  sockets_.reap_closing(false);
  if (phase_ == 0 && now >= options_.window_start_ns()) {
    sockets_.begin_window();
    phase_ = 1;
  }
  if (phase_ == 1 && now >= options_.window_end_ns()) {
    sockets_.end_window();
    phase_ = 2;
  }
}

int64_t Measurement::next_edge_ns() const noexcept {
  if (phase_ == 0) {
    return options_.window_start_ns();
  }
  if (phase_ == 1) {
    return options_.window_end_ns();
  }
  return std::numeric_limits<int64_t>::max();
}

void Measurement::write_samples(const std::string& path) {
  write_latency_samples(path, {{"latency", &latency_},
                               {"send_lag", &send_lag_},
                               {"tcp_srtt", &sockets_.srtt()},
                               {"tcp_min_rtt", &sockets_.min_rtt()}});
}

std::string Measurement::result_json() {
  tick(mono_ns());
  const DeliveryCounts d = delivery_.counts();
  const LatencySummary l = latency_.summarize();
  // Every sample is kept, so the mergeable histogram (shards, repetitions) is made once here,
  // not per notification.
  LatencyHistogram histogram;
  for (const int64_t v : latency_.samples()) {
    histogram.record(v);
  }
  const LatencySummary lag = send_lag_.summarize();
  const TcpCounters& bytes = sockets_.window_totals();
  nlohmann::json j = {
      {"transport", name(options_.transport)},
      {"first_client", options_.first_client},
      {"clients", options_.count},
      {"window_complete", phase_ == 2},
      {"started_mono_ns", started_mono_ns_},
      {"ready_mono_ns", ready_mono_ns_},
      {"ready_clients", ready_clients_},
      {"delivery",
       {{"expected", d.expected},
        {"delivered", d.delivered},
        {"lost", d.lost},
        {"duplicated", d.duplicated},
        {"out_of_order", d.out_of_order},
        {"misdelivered", d.misdelivered}}},
      {"latency_ns", latency_json(l)},
      {"latency_histogram", histogram.to_json()},
      {"first_client_digest", fmt::format("{:016x}", first_client_digest_)},
      {"requests", counters_.requests},
      {"upstream",
       {{"messages_sent", counters_.messages_sent},
        {"requests", counters_.upstream_requests},
        {"failed", counters_.upstream_failed},
        {"bytes", counters_.upstream_bytes},
        {"send_lag_ns", send_lag_json(lag)}}},
      {"empty_responses", counters_.empty_responses},
      {"late_polls", counters_.late_polls},
      {"sse_reconnects", counters_.sse_reconnects},
      {"churn_reconnects", counters_.churn_reconnects},
      {"ws_established", counters_.ws_established},
      {"deflate_negotiated", counters_.deflate_negotiated},
      {"connections_opened", sockets_.connections_opened()},
      {"connections_open_at_end", sockets_.connections_open_at_end()},
      {"app_bytes_up", bytes.bytes_sent},
      {"app_bytes_down", bytes.bytes_received},
      {"segments_up", bytes.segs_out},
      {"segments_down", bytes.segs_in},
      {"wire_bytes_up",
       wire_bytes(bytes.bytes_sent, bytes.segs_out, sockets_.connections_opened())},
      {"wire_bytes_down",
       wire_bytes(bytes.bytes_received, bytes.segs_in, sockets_.connections_opened())},
      {"http_header_bytes", counters_.http_header_bytes},
      {"h2_request_blocks",
       {{"first", counters_.h2_first_blocks},
        {"first_bytes", counters_.h2_first_block_bytes},
        {"blocks_in_window", counters_.h2_blocks_in_window},
        {"steady_in_window", counters_.h2_steady_blocks},
        {"steady_bytes_in_window", counters_.h2_steady_block_bytes}}},
      {"tcp_info_failures", sockets_.read_failures()},
      // TCP's view of the path, one sample per client connection of the window (socket_meter.h).
      {"tcp_srtt_ns", rtt_json(sockets_.srtt().summarize())},
      {"tcp_min_rtt_ns", rtt_json(sockets_.min_rtt().summarize())},
      {"tcp_retrans_segments", bytes.retrans},
      {"errors",
       {{"connect", counters_.err_connect},
        {"status", counters_.err_status},
        {"protocol", counters_.err_protocol},
        {"payload", counters_.err_payload},
        {"schedule", counters_.err_schedule}}},
  };
  return j.dump();
}

}  // namespace pushbench
