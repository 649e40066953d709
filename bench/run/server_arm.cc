// A second implementation's processes for one repetition.
#include "server_arm.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "clock.h"
#include "csv_writer.h"
#include "curl_handles.h"
#include "fd.h"

namespace pushbench {
namespace {
// A port nothing listens on now (the kernel's pick, released at once: nginx and Pushpin bind
// it a moment later, as a port given on a command line must be).
int free_port() {
  Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (!s || ::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    throw std::runtime_error("cannot find a free loopback port");
  }
  return ntohs(a.sin_port);
}

// The njs handler of nginx' /poll (docs/contract.md's bytes): the events pushbench-server's
// feed wrote to FEED/ev/<seq> at their planned times, FEED/last the newest.
constexpr const char* kPollJs =
    R"JS(// /poll?client=ID&after=SEQ on nginx: written by pushbench run (docs/method.md).
const fs = require('fs');
const CLIENTS = {clients};
const QUEUE_CAP = {queue_cap};
const FEED = '{feed}';

function refuse(r, why) {{
  r.headersOut['Content-Type'] = 'text/plain';
  r.return(400, why + '\n');
}}

function poll(r) {{
  const client = r.args.client;
  const after = r.args.after === undefined ? '-1' : r.args.after;
  if (!/^[0-9]{{1,9}}$/.test(client || '') || Number(client) >= CLIENTS) {{
    return refuse(r, 'client must be 0..' + (CLIENTS - 1));
  }}
  if (!/^-?[0-9]{{1,18}}$/.test(after) || Number(after) < -1) {{
    return refuse(r, 'after must be an event seq >= -1');
  }}
  let last = -1;
  try {{
    last = Number(fs.readFileSync(FEED + '/last', 'utf8'));
  }} catch (e) {{
    // nothing published yet
  }}
  // As a mailbox of --queue-cap events: the newest QUEUE_CAP after `after`.
  const from = Math.max(Number(after) + 1, last - QUEUE_CAP + 1);
  if (last < from) {{
    r.return(204);
    return;
  }}
  const events = [];
  for (let seq = from; seq <= last; seq++) {{
    events.push(fs.readFileSync(FEED + '/ev/' + seq, 'utf8'));
  }}
  r.headersOut['Content-Type'] = 'application/json';
  r.return(200, '[' + events.join(',') + ']');
}}

export default {{poll}};
)JS";

// One worker (pushbench-server is one thread), pinned with its master to the server's core;
// keep-alive as pushbench-server's (60 s idle, no request limit); no access log, no disk cache.
constexpr const char* kNginxConf = R"(# nginx for pushbench run --server nginx (docs/method.md)
load_module {njs};
{user}worker_processes 1;
worker_rlimit_nofile {nofile};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
  worker_connections {connections};
}}
http {{
  access_log off;
  server_tokens off;
  keepalive_timeout 60s;
  keepalive_requests 1000000000;
  client_body_temp_path {dir}/tmp/body;
  proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi;
  scgi_temp_path {dir}/tmp/scgi;
  js_path {dir};
  js_import poll.js;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    location = /poll {{
      js_content poll.poll;
    }}
    location / {{
      return 404;
    }}
  }}
}}
)";

// Pushpin 1.36's own defaults (/etc/pushpin/pushpin.conf) but for: our ports and directories,
// ZeroMQ on IPC in the runtime directory (zurl's specs with them: the package points the proxy at
// /var/run/zurl), and the handler's message rate limit (2500/s by default: 1,000 clients at
// 10 events/s need 10,000/s), raised so the limit is not what is measured.
constexpr const char* kPushpinConf =
    R"(# Pushpin for pushbench run --server pushpin (docs/method.md)
[global]
include={internal}
rundir={run}
ipc_prefix=pb-
port_offset=0
stats_connection_ttl=120

[proxy]
routesfile={dir}/routes
zurl_out_specs=ipc://{run}/pb-zurl-in
zurl_out_stream_specs=ipc://{run}/pb-zurl-in-stream
zurl_in_specs=ipc://{run}/pb-zurl-out
debug=false
auto_cross_origin=false
accept_x_forwarded_protocol=false
set_x_forwarded_protocol=proto-only
x_forwarded_for=
x_forwarded_for_trusted=
orig_headers_need_mark=
accept_pushpin_route=false
log_from=false
log_user_agent=false
sig_iss=pushpin
sig_key=changeme
upstream_key=
updates_check=off
organization_name=

[handler]
push_in_spec=ipc://{run}/pb-push-in
push_in_sub_specs=ipc://{run}/pb-push-in-sub
push_in_sub_connect=false
push_in_http_addr=127.0.0.1
push_in_http_port={publish_port}
push_in_http_max_headers_size=10000
push_in_http_max_body_size=1000000
stats_spec=ipc://{run}/pb-stats
command_spec=ipc://{run}/pb-command
message_rate=1000000
message_hwm=1000000
message_wait=5000
id_cache_ttl=60
connection_subscription_max=20
subscription_linger=60
stats_subscription_ttl=60
stats_report_interval=10
stats_format=tnetstring
)";

constexpr const char* kZurlConf = R"([General]
instance_id=
in_spec=ipc://{run}/pb-zurl-in
in_stream_spec=ipc://{run}/pb-zurl-in-stream
out_spec=ipc://{run}/pb-zurl-out
in_req_spec=
defpolicy=allow
allow=
deny=127.*,10.*,192.168.*,*.local
max_open_requests={requests}
buffer_size=200000
timeout=600
in_hwm=1000
out_hwm=1000
)";

// nginx started as root runs its workers as "nobody" unless told: keep them the current user's.
std::string nginx_user_line() {
  if (geteuid() != 0) {
    return "";
  }
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? fmt::format("user {};\n", pw->pw_name) : "";
}

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }
}  // namespace

ServerArm::ServerArm(ServerImpl impl, std::string dir, const WorkloadSpec& workload, int queue_cap,
                     int cpu)
    : impl_(impl),
      dir_(std::filesystem::absolute(dir).lexically_normal().string()),
      cpu_(cpu),
      clients_(workload.clients),
      port_(free_port()) {
  std::error_code ec;
  std::filesystem::create_directories(dir_ + "/tmp", ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot create {}: {}", dir_, ec.message()));
  }
  if (impl_ == ServerImpl::kNginx) {
    write_nginx_config(workload, queue_cap);
  } else if (impl_ == ServerImpl::kPushpin) {
    publish_port_ = free_port();
    std::string tmpl = "/tmp/pushbench-pushpin-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) {
      throw std::runtime_error("cannot create a runtime directory in /tmp for Pushpin");
    }
    run_dir_ = tmpl;
  }
}

ServerArm::~ServerArm() {
  stop(2 * kNsPerSec);
  if (!run_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(run_dir_, ec);
  }
}

void ServerArm::write_nginx_config(const WorkloadSpec& workload, int queue_cap) const {
  const int connections = workload.clients + 256;
  write_file_atomic(dir_ + "/poll.js", fmt::format(kPollJs, fmt::arg("clients", workload.clients),
                                                   fmt::arg("queue_cap", queue_cap),
                                                   fmt::arg("feed", dir_ + "/feed")));
  write_file_atomic(
      dir_ + "/nginx.conf",
      fmt::format(kNginxConf, fmt::arg("njs", kNjsModule), fmt::arg("user", nginx_user_line()),
                  fmt::arg("nofile", 2 * connections), fmt::arg("dir", dir_),
                  fmt::arg("connections", connections), fmt::arg("port", port_)));
}

void ServerArm::write_pushpin_config(int origin_port) const {
  write_file_atomic(dir_ + "/pushpin.conf",
                    fmt::format(kPushpinConf, fmt::arg("internal", kPushpinInternalConf),
                                fmt::arg("run", run_dir_), fmt::arg("dir", dir_),
                                fmt::arg("publish_port", publish_port_)));
  write_file_atomic(dir_ + "/zurl.conf", fmt::format(kZurlConf, fmt::arg("run", run_dir_),
                                                     fmt::arg("requests", clients_ + 2000)));
  // WebSocket connections reach the origin as WebSocket-over-HTTP; HTTP requests as they are.
  write_file_atomic(dir_ + "/routes", fmt::format("* 127.0.0.1:{},over_http\n", origin_port));
}

std::vector<std::string> ServerArm::server_args() const {
  if (impl_ == ServerImpl::kNginx) {
    return {"--feed-dir", dir_ + "/feed"};
  }
  if (impl_ == ServerImpl::kPushpin) {
    return {"--grip-publish", fmt::format("http://127.0.0.1:{}/publish/", publish_port_)};
  }
  return {};
}

void ServerArm::spawn(const std::string& label, std::vector<std::string> argv) {
  // Through sh, exec'd at once (same process: pinned, killed with pushbench): its stdout joins
  // its stderr in raw/ (the runner's pipe would fill unread).
  const std::string log = fmt::format("{}/{}.log", dir_, label);
  argv.insert(argv.begin(), {"/bin/sh", "-c", "exec \"$@\" >>\"$0\" 2>&1", log});
  procs_.emplace_back(std::make_unique<ChildProcess>(argv, cpu_, log), label);
}

void ServerArm::start(int origin_port, int64_t deadline_ns) {
  std::string ready_url = fmt::format("http://127.0.0.1:{}/", port_);
  std::string hold_url;
  if (impl_ == ServerImpl::kNginx) {
    spawn("nginx",
          {kNginxBinary, "-p", dir_ + "/", "-c", dir_ + "/nginx.conf", "-g", "daemon off;"});
    ready_url = fmt::format("http://127.0.0.1:{}/poll?client=0&after=-1", port_);
  } else if (impl_ == ServerImpl::kPushpin) {
    write_pushpin_config(origin_port);
    const std::string bin = kPushpinBinDir;
    const std::string conf = "--config=" + dir_ + "/pushpin.conf";
    spawn("condure",
          {bin + "/condure", "--log-level=2", fmt::format("--listen=127.0.0.1:{},stream", port_),
           fmt::format("--zclient-stream=ipc://{}/pb-condure", run_dir_), "--buffer-size=8192",
           fmt::format("--stream-maxconn={}", clients_ + 256)});
    spawn("zurl", {bin + "/zurl", "--config=" + dir_ + "/zurl.conf", "--loglevel=2"});
    spawn("pushpin-proxy",
          {bin + "/pushpin-proxy", conf, "--ipc-prefix=pb-", "--loglevel=2", "--quiet-check"});
    spawn("pushpin-handler", {bin + "/pushpin-handler", conf, "--ipc-prefix=pb-", "--loglevel=2"});
    // Through Pushpin, zurl and the origin (a poll is answered, never held), then a hold: until
    // pushpin-handler has joined, the proxy answers a held request 500, and clients started
    // then counted ~100 errors in one of four runs. Ready when the poll gets a 2xx and then a
    // long poll is held (no answer within 300 ms) or answered 2xx.
    ready_url = fmt::format("http://127.0.0.1:{}/poll?client=0&after=-1", port_);
    hold_url = fmt::format("http://127.0.0.1:{}/longpoll?client=0&after=-1", port_);
  }
  const std::string publish_url =
      publish_port_ != 0 ? fmt::format("http://127.0.0.1:{}/", publish_port_) : "";
  while (true) {
    for (auto& [proc, label] : procs_) {
      if (!proc->running()) {
        throw std::runtime_error(
            fmt::format("{} {} (log: {}/{}.log)", label, proc->describe(), dir_, label));
      }
    }
    if (answers(ready_url, true) && (publish_url.empty() || answers(publish_url, false)) &&
        (hold_url.empty() || held(hold_url))) {
      return;
    }
    if (mono_ns() > deadline_ns) {
      throw std::runtime_error(
          fmt::format("{} did not answer on port {} (logs: {})", name(impl_), port_, dir_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool ServerArm::answers(const std::string& url, bool success_only) const {
  return probe(url, success_only, false);
}

bool ServerArm::held(const std::string& url) const { return probe(url, true, true); }

bool ServerArm::probe(const std::string& url, bool success_only, bool hold) const {
  CurlEasy h(curl_easy_init());
  if (!h) {
    return false;
  }
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT_MS, hold ? 300L : 500L);
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, &discard);
  long status = 0;
  const CURLcode rc = curl_easy_perform(h.get());
  if (hold && rc == CURLE_OPERATION_TIMEDOUT) {
    return true;  // held: the whole chain is up
  }
  return rc == CURLE_OK &&
         curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status > 0 &&
         (!success_only || (status >= 200 && status < 300));
}

std::vector<std::pair<ChildProcess*, std::string>> ServerArm::processes() {
  std::vector<std::pair<ChildProcess*, std::string>> out;
  for (auto& [proc, label] : procs_) {
    out.emplace_back(proc.get(), label);
  }
  return out;
}

std::optional<ProcSample> ServerArm::sample() const {
  ProcSample total;
  total.mono_ns = mono_ns();
  for (const auto& [proc, label] : procs_) {
    const auto s = sample_process_tree(proc->pid());
    if (!s) {
      return std::nullopt;
    }
    total += *s;
  }
  return total;
}

void ServerArm::stop(int64_t timeout_ns) noexcept {
  // Front first (nginx, condure), so no client request reaches a half-stopped arm's back end.
  for (auto& [proc, label] : procs_) {
    proc->terminate(timeout_ns);
    ::kill(-proc->pid(), SIGKILL);  // anything left in its group (nginx' worker)
  }
  procs_.clear();
}

}  // namespace pushbench
