// One results.csv row from what one repetition of one cell measured.
#include "cell_row.h"

#include "foreign_load.h"
#include "result_columns.h"

namespace pushbench {

std::vector<std::string> make_row(const RunOptions& o, const CellResult& c) {
  const std::optional<double> foreign = foreign_cpu_pct(c.cores, o.duration_s);
  std::optional<VethCounts> veth;
  if (c.iface_start && c.iface_end) {
    veth = VethCounts{.bytes_up = c.iface_end->tx_bytes - c.iface_start->tx_bytes,
                      .bytes_down = c.iface_end->rx_bytes - c.iface_start->rx_bytes,
                      .packets_up = c.iface_end->tx_packets - c.iface_start->tx_packets,
                      .packets_down = c.iface_end->rx_packets - c.iface_start->rx_packets};
  }
  return result_row(MeasuredCell{.client = c.client,
                                 .server = c.server,
                                 .transport = c.transport,
                                 .workload = o.workload,
                                 .poll_interval_ms = o.poll_interval_ms,
                                 .warmup_s = o.warmup_s,
                                 .duration_s = o.duration_s,
                                 .loop = o.loop,
                                 .ws_ping_s = o.ws_ping_s,
                                 .deflate_offer = o.deflate_offer,
                                 .repetition = c.repetition,
                                 .server_start = c.server_start,
                                 .server_end = c.server_end,
                                 .client_start = c.client_start,
                                 .client_end = c.client_end,
                                 .server_rss_before_clients_kb = c.server_rss_before_clients_kb,
                                 .server_rss_clients_ready_kb = c.server_rss_clients_ready_kb,
                                 .veth = veth,
                                 .foreign_cpu_pct = foreign,
                                 .foreign_load = foreign && *foreign > kForeignLoadPct});
}

}  // namespace pushbench
