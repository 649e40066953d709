// results.csv: its columns and the file.
#include "results_row.h"

#include "csv_writer.h"

namespace pushbench {
namespace {
// Every column, in order; make_row (bench/run/cell_row.h) fills them in this order. Append
// only; a change of meaning bumps kSchemaVersion.
const std::vector<std::string> kColumns = {"schema_version",
                                           "transport",
                                           "workload",
                                           "arrival",
                                           "clients",
                                           "event_rate_hz",
                                           "payload_bytes",
                                           "poll_interval_ms",
                                           "repetition",
                                           "seed",
                                           "warmup_s",
                                           "duration_s",
                                           "server_loop",
                                           "notifications_expected",
                                           "notifications_delivered",
                                           "notifications_lost",
                                           "notifications_duplicated",
                                           "notifications_out_of_order",
                                           "notifications_misdelivered",
                                           "latency_p50_us",
                                           "latency_p90_us",
                                           "latency_p99_us",
                                           "latency_p999_us",
                                           "latency_max_us",
                                           "latency_mean_us",
                                           "requests_total",
                                           "empty_responses",
                                           "late_polls",
                                           "connections_opened",
                                           "connections_open",
                                           "app_bytes_up",
                                           "app_bytes_down",
                                           "app_bytes_per_notification",
                                           "segments_up",
                                           "segments_down",
                                           "server_cpu_s",
                                           "server_cpu_pct",
                                           "server_cpu_us_per_notification",
                                           "server_cpu_us_per_request",
                                           "server_rss_kb",
                                           "server_rss_before_clients_kb",
                                           "server_rss_per_client_kb",
                                           "client_cpu_s",
                                           "client_cpu_pct",
                                           "client_rss_kb",
                                           "publish_lag_p50_us",
                                           "publish_lag_p99_us",
                                           "server_queue_drops",
                                           "client_errors",
                                           "flags",
                                           "deflate_negotiated",
                                           "longpoll_timeouts",
                                           "sse_reconnects",
                                           "requests_per_client_per_min",
                                           "app_bytes_per_client_per_min",
                                           "server_cpu_us_per_client_per_min",
                                           "server_cpu_user_s",
                                           "server_cpu_sys_s",
                                           "client_cpu_user_s",
                                           "client_cpu_sys_s",
                                           "server_rss_start_kb",
                                           "client_cpu_us_per_notification",
                                           "wire_bytes_up",
                                           "wire_bytes_down",
                                           "packets_up",
                                           "packets_down",
                                           "wire_bytes_per_notification",
                                           "packets_per_notification",
                                           "http_header_bytes",
                                           "veth_bytes_up",
                                           "veth_bytes_down",
                                           "veth_packets_up",
                                           "veth_packets_down",
                                           "wire_vs_veth_bytes_pct",
                                           "room_size",
                                           "upstream_message_bytes",
                                           "messages_sent",
                                           "messages_received",
                                           "upstream_lost",
                                           "upstream_latency_p50_us",
                                           "upstream_latency_p99_us",
                                           "upstream_latency_max_us",
                                           "e2e_latency_p50_us",
                                           "e2e_latency_p99_us",
                                           "upstream_requests",
                                           "upstream_bytes_per_message",
                                           "send_lag_p99_us",
                                           "upstream_rejected",
                                           "ws_ping_interval_s",
                                           "ws_pings",
                                           "ws_pongs",
                                           "deflate_offer",
                                           "foreign_cpu_pct"};
}  // namespace

const std::vector<std::string>& result_columns() { return kColumns; }

void ResultsFile::append(std::vector<std::string> row) {
  rows_.push_back(std::move(row));
  std::string text = csv_line(result_columns());
  for (const auto& r : rows_) {
    text += csv_line(r);
  }
  write_file_atomic(path_, text);
}

}  // namespace pushbench
