// meta.json.
#include "meta.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <libwebsockets.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "results_row.h"
#include "shard_plan.h"
#include "tls_config.h"

namespace pushbench {
namespace {
std::string command_output(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    std::array<char, 256> buf{};
    while (fgets(buf.data(), buf.size(), p) != nullptr) {
      out += buf.data();
    }
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      return line.substr(line.find(':') + 2);
    }
  }
  return "";
}

// A swept dimension's distinct values in matrix order: one value as a number, several as an
// array.
template <typename Value>
nlohmann::json swept(const std::vector<Cell>& cells, Value value) {
  nlohmann::json values = nlohmann::json::array();
  for (const Cell& c : cells) {
    const nlohmann::json v = value(c);
    if (!v.is_null() && std::find(values.begin(), values.end(), v) == values.end()) {
      values.push_back(v);
    }
  }
  return values.size() == 1 ? values.front() : values;
}

nlohmann::json poll_interval(const Cell& c) {
  return is_polling(c.transport) ? nlohmann::json(c.options.poll_interval_ms) : nlohmann::json();
}

nlohmann::json cells_json(const std::vector<Cell>& cells) {
  nlohmann::json out = nlohmann::json::array();
  for (const Cell& c : cells) {
    const WorkloadSpec& w = c.options.workload;
    // The processes each repetition ran (bench/run/shard_plan.h) and the client source
    // addresses they connected from (1: the kernel's choice).
    const ShardPlan plan = plan_shards(c.options, c.transport, w.clients);
    out.push_back({{"cell", c.index},
                   {"scenario", c.scenario},
                   {"transport", name(c.transport)},
                   {"server", name(c.server)},
                   {"workload", name(w.workload)},
                   {"clients", w.clients},
                   {"event_rate_hz", w.rate_hz},
                   {"payload_bytes", w.payload_bytes},
                   {"poll_interval_ms", poll_interval(c)},
                   {"drain_s", c.options.effective_drain_s()},
                   {"shards",
                    {{"client_procs", plan.client_procs},
                     {"server_procs", plan.server_procs},
                     {"source_addresses", plan.source_addresses()}}},
                   {"raw", fmt::format("raw/{}-r<repetition>", c.raw_name)},
                   {"histogram", fmt::format("histograms/{}.csv", c.raw_name)}});
  }
  return out;
}

// The conditions asked for, where the profile's numbers come from, and the mechanisms.
nlohmann::json network_json(const RunOptions& o, const NetMechanisms* net) {
  const NetConditions& c = o.net;
  std::string source;
  for (const NetProfile& p : net_profiles()) {
    if (p.conditions.profile == c.profile) {
      source = p.source;
    }
  }
  nlohmann::json j = {{"namespaces", o.netns},
                      {"profile", c.profile},
                      {"profile_source", source},
                      {"requested",
                       {{"rtt_ms", c.rtt_ms},
                        {"jitter_ms", c.jitter_ms},
                        {"loss_pct", c.loss_pct},
                        {"bandwidth_down_mbit", c.down_mbit},
                        {"bandwidth_up_mbit", c.up_mbit}}},
                      {"description", c.describe()}};
  if (net) {
    j["mechanisms"] = {{"delay", net->delay},
                       {"rate", net->rate},
                       {"loss", net->loss},
                       {"kernel", net->features.describe()}};
    if (net->delay.rfind("pushbench-delay", 0) == 0) {
      j["delay_stage_stats"] = "raw/delay-down.json, raw/delay-up.json";
    }
  } else {
    j["mechanisms"] = "none: nothing added between server and client";
  }
  return j;
}
// --tls: what every TLS transport of the run used (the same for all: one OpenSSL, one version,
// one cipher suite, one loop).
nlohmann::json tls_json(const RunOptions& o) {
  if (!o.tls) {
    return {{"enabled", false}};
  }
  return {
      {"enabled", true},
      {"transports",
       "poll, poll-close, longpoll, sse (https); ws, ws-deflate (wss); tcp (its lines over TLS)"},
      {"version", fmt::format("TLSv{}", name(o.tls_version))},
      {"cipher_suite", tls_cipher_suite(o.tls_version)},
      {"alpn", "http/1.1 (tcp: none)"},
      {"certificate",
       "self-signed ECDSA P-256, made for the run with the openssl command (raw/tls-cert.pem); "
       "the clients trust only it"},
      {"resumption", o.tls_resume ? "on: each HTTP client resumes its own sessions"
                                  : "off: every connection pays a full handshake"},
      {"openssl", openssl_version()},
      {"negotiated", "per row: tls_version (the server's count of what was negotiated)"}};
}
}  // namespace

nlohmann::json machine_json(const RunOptions& o) {
  utsname u{};
  uname(&u);
  const std::string src = PUSHBENCH_SOURCE_DIR;
  const std::string commit =
      command_output(fmt::format("git -C '{}' rev-parse HEAD 2>/dev/null", src));
  const bool dirty =
      !command_output(fmt::format("git -C '{}' status --porcelain 2>/dev/null", src)).empty();
  return {
      {"pushbench_version", PUSHBENCH_VERSION},
      {"started_utc",
       fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                                std::chrono::system_clock::now())))},
      {"command_line", o.command_line},
      {"git_commit", commit.empty() ? "unknown" : commit},
      {"git_dirty", dirty},
      {"host", u.nodename},
      {"kernel", fmt::format("{} {} {}", u.sysname, u.release, u.machine)},
      {"cpu_model", cpu_model()},
      {"cpu_cores", std::thread::hardware_concurrency()},
      {"libraries",
       {{"libwebsockets", lws_get_library_version()},
        {"libcurl", curl_version()},
        {"fmt", FMT_VERSION},
        {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)}}}};
}

std::string meta_json(const RunOptions& o, const std::vector<Cell>& cells, const NetMechanisms* net,
                      const nlohmann::json& extra) {
  nlohmann::json transports = nlohmann::json::array();
  for (Transport t : o.transports) {
    transports.push_back(name(t));
  }
  nlohmann::json j = machine_json(o);
  j.update({
      {"schema_version", kSchemaVersion},
      {"server_loop", o.loop},
      {"pinning", o.pin && std::thread::hardware_concurrency() >= 2
                      ? (o.net.delays() ? "server on CPU 0, client on CPU 1, each delay stage with "
                                          "its packets' sender (down on CPU 0, up on CPU 1)"
                                        : "server on CPU 0, client on CPU 1")
                      : "none"},
      {"scenario",
       {{"transports", transports},
        {"servers", swept(cells, [](const Cell& c) { return std::string(name(c.server)); })},
        {"workload", swept(cells, [](const Cell& c) { return name(c.options.workload.workload); })},
        {"arrival", name(o.workload.arrival)},
        {"clients", swept(cells, [](const Cell& c) { return c.options.workload.clients; })},
        {"event_rate_hz", swept(cells, [](const Cell& c) { return c.options.workload.rate_hz; })},
        {"payload_bytes",
         swept(cells, [](const Cell& c) { return c.options.workload.payload_bytes; })},
        {"poll_interval_ms", o.sweep.poll_intervals_ms.size() == 1
                                 ? nlohmann::json(o.poll_interval_ms)
                                 : nlohmann::json(o.sweep.poll_intervals_ms)},
        {"longpoll_timeout_s", o.longpoll_timeout_s},
        {"ws_ping_s", o.ws_ping_s},
        {"deflate_offer", name(o.deflate_offer)},
        {"deflate_server",
         {{"window_bits", o.deflate.window_bits == DeflateParams::kAutoWindow
                              ? nlohmann::json("11, or 15 with chat/game")
                              : nlohmann::json(o.deflate.window_bits)},
          {"mem_level", o.deflate.mem_level}}},
        {"http_engine", name(o.http_engine)},
        {"warmup_s", o.warmup_s},
        {"duration_s", o.duration_s},
        {"drain_s", swept(cells, [](const Cell& c) { return c.options.effective_drain_s(); })},
        {"repeat", o.repeat},
        {"queue_cap", o.queue_cap},
        {"seed", o.workload.seed}}},
      {"network", network_json(o, net)},
      {"tls", tls_json(o)},
      {"cells", cells_json(cells)},
      {"runs", cells.size() * static_cast<size_t>(o.repeat)},
      {"sources",
       {{"cpu", "/proc/PID/task/*/schedstat (on-CPU ns) at the window's edges"},
        {"rss", "/proc/PID/status VmRSS"},
        {"app_bytes",
         "TCP_INFO tcpi_bytes_sent/tcpi_bytes_received of every client socket, "
         "window-delimited (with --tls: TLS records, handshakes included)"},
        {"segments", "TCP_INFO tcpi_segs_out/tcpi_segs_in of every client socket"},
        {"packets",
         "= segments: TCP_INFO tcpi_segs_out (up) / tcpi_segs_in (down), "
         "window-delimited"},
        {"wire_bytes",
         "computed: app bytes + 52 B per segment (IPv4 20 + TCP 20 + timestamps "
         "option 12) + 8 B per SYN/SYN-ACK (connections opened in the window); "
         "TCP_INFO segment counts only (no veth/interface counters); runs use "
         "IPv4 127.0.0.1"},
        {"http_header_bytes",
         "libcurl CURLINFO_REQUEST_SIZE + CURLINFO_HEADER_SIZE per transfer "
         "completed in the window (--http-engine lean: the request's bytes + the response's "
         "status line and headers, the same count; sse: per stream ended in the window); "
         "ws: TCP_INFO bytes of the handshake, handshakes in the window"},
        {"latency", "client CLOCK_MONOTONIC at read minus the event's planned t_ns"},
        {"foreign_cpu",
         "/proc/stat cpuN user+nice+system+steal at the window's edges minus the "
         "pushbench processes' schedstat time on those cores"},
        {"second_byte_source", o.netns ? "client veth interface counters (/proc/PID/net/dev), "
                                         "server and client in network namespaces"
                                       : "none: only TCP_INFO was used (run as root with --netns "
                                         "for interface counters)"}}},
  });
  if (extra.is_object()) {
    j.update(extra);
  }
  return j.dump(2) + "\n";
}

}  // namespace pushbench
