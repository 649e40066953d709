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
  std::optional<NetAsked> net;
  if (o.netns) {
    net = NetAsked{.profile = profile_label(o.net),
                   .rtt_ms = o.net.rtt_ms,
                   .jitter_ms = o.net.jitter_ms,
                   .loss_pct = o.net.loss_pct,
                   .down_mbit = o.net.down_mbit,
                   .up_mbit = o.net.up_mbit};
  }
  std::optional<DelayUse> delay;
  if (!c.delay_start.empty() && c.delay_start.size() == c.delay_end.size()) {
    delay = DelayUse{};
    for (size_t i = 0; i < c.delay_start.size(); ++i) {
      delay->cpu_s += c.delay_end[i].cpu_s - c.delay_start[i].cpu_s;
      delay->late += c.delay_end[i].late - c.delay_start[i].late;
      delay->packets += c.delay_end[i].packets - c.delay_start[i].packets;
    }
  }
  std::optional<uint64_t> server_retrans;
  if (c.server_retrans_start && c.server_retrans_end) {
    server_retrans = *c.server_retrans_end - *c.server_retrans_start;
  }
  std::optional<uint64_t> rate_drops;
  if (c.rate_drops_start && c.rate_drops_end && o.net.shapes()) {
    rate_drops = *c.rate_drops_end - *c.rate_drops_start;
  }
  std::optional<uint64_t> loss_drops;
  if (c.loss_drops_start && c.loss_drops_end && o.net.loses()) {
    loss_drops = *c.loss_drops_end - *c.loss_drops_start;
  }
  const int h2_per_conn = is_h2(c.transport) ? o.h2_clients_per_conn : 0;
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
                                 .server_impl = std::string(name(c.server_impl)),
                                 .tls = o.tls,
                                 .tls_resume = o.tls_resume,
                                 .h2_clients_per_conn = h2_per_conn,
                                 .http_engine = o.http_engine,
                                 .server_start = c.server_start,
                                 .server_end = c.server_end,
                                 .client_start = c.client_start,
                                 .client_end = c.client_end,
                                 .server_rss_before_clients_kb = c.server_rss_before_clients_kb,
                                 .server_rss_clients_ready_kb = c.server_rss_clients_ready_kb,
                                 .veth = veth,
                                 .foreign_cpu_pct = foreign,
                                 .foreign_load = foreign && *foreign > kForeignLoadPct,
                                 .net = net,
                                 .delay = delay,
                                 .server_retrans = server_retrans,
                                 .rate_drops = rate_drops,
                                 .loss_drops = loss_drops,
                                 .impl_start = c.impl_start,
                                 .impl_end = c.impl_end,
                                 .clock = c.clock});
}

}  // namespace pushbench
