// `pushbench conform URL`: the checks, in the order a server is usually built.
#include "conform_command.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli.h"
#include "config_error.h"
#include "conform_http.h"
#include "conform_ws.h"
#include "curl_handles.h"
#include "event.h"
#include "parse.h"

namespace pushbench {
namespace {

// Client ids the checks use, one per endpoint so that no check acknowledges another's events.
constexpr int kPollClient = 0;
constexpr int kLongPollClient = 1;
constexpr int kSseClient = 2;
constexpr int kWsClient = 3;

struct Check {
  std::string name;
  bool pass = false;
  std::string detail;
};

struct Base {
  std::string scheme;  // http or https
  std::string host;
  int port = 0;
  std::string url() const { return fmt::format("{}://{}:{}", scheme, host, port); }
};

Base split_base(const std::string& url) {
  CurlUrl u(curl_url());
  auto part = [&u](CURLUPart p, unsigned flags) { return url_part(u.get(), p, flags); };
  Base b;
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    throw ConfigError(fmt::format("'{}' is not a URL (e.g. http://127.0.0.1:8080)", url));
  }
  b.scheme = part(CURLUPART_SCHEME, 0);
  b.host = part(CURLUPART_HOST, 0);
  b.port = static_cast<int>(parse_int(part(CURLUPART_PORT, CURLU_DEFAULT_PORT)).value_or(0));
  if ((b.scheme != "http" && b.scheme != "https") || b.host.empty() || b.port <= 0) {
    throw ConfigError(fmt::format("'{}' is not http(s)://HOST[:PORT]", url));
  }
  return b;
}

// "" when `text` is exactly one event of docs/contract.md as pushbench-client parses it
// ({"seq":N,"t_ns":T,"to":R,"pad":"..."}: this order, no spaces), its seq appended to `seqs`.
std::string event_problem(std::string_view text, std::vector<int64_t>& seqs) {
  const std::optional<ParsedEvent> ev = parse_event(text);
  if (!ev || ev->length != text.size()) {
    return fmt::format(
        "not an event as the contract writes it, {{\"seq\":N,\"t_ns\":T,\"to\":R,\"pad\":\"...\"}} "
        "(this order, no spaces): {}",
        text.substr(0, 100));
  }
  seqs.push_back(ev->fields.seq);
  return "";
}

// "" when the events' seqs increase and all are past `after`.
std::string order_problem(const std::vector<int64_t>& seqs, int64_t after) {
  int64_t last = after;
  for (int64_t s : seqs) {
    if (s <= last) {
      return fmt::format("seq {} came after {} (seqs must increase, past after={})", s, last,
                         after);
    }
    last = s;
  }
  return "";
}

std::string answer_problem(const HttpAnswer& a) {
  return a.error.empty() ? "" : "no answer: " + a.error;
}

class Conform {
 public:
  Conform(const ConformOptions& options, Base base) : o_(options), base_(std::move(base)) {}

  std::vector<Check> run() {
    poll();
    bad_client();
    longpoll();
    sse();
    ws();
    return checks_;
  }

 private:
  void add(std::string name, const std::string& problem, std::string ok) {
    checks_.push_back(
        {std::move(name), problem.empty(), problem.empty() ? std::move(ok) : problem});
  }

  std::string url(const std::string& target) const { return base_.url() + target; }

  // The events of a poll answer (200: a JSON array of events; 204: none), or a problem.
  std::string poll_events(const HttpAnswer& a, std::vector<int64_t>& seqs) const {
    if (const std::string p = answer_problem(a); !p.empty()) {
      return p;
    }
    if (a.status == 204) {
      return "";
    }
    if (a.status != 200) {
      return fmt::format("answered {}, not 200 or 204", a.status);
    }
    if (a.content_type.rfind("application/json", 0) != 0) {
      return fmt::format("Content-Type is '{}', not application/json", a.content_type);
    }
    if (!a.content_length) {
      return "no Content-Length (without it the connection cannot be kept alive)";
    }
    std::string problem;
    const bool ok = for_each_event_in_array(a.body, [&](const ParsedEvent& ev) {
      if (problem.empty()) {
        problem = event_problem(ev.text, seqs);
      }
    });
    if (!ok) {
      return "the body is not a JSON array of events ([{...},{...}], no spaces): " +
             a.body.substr(0, 100);
    }
    if (!problem.empty()) {
      return problem;
    }
    return "";
  }

  void poll() {
    const std::string first = fmt::format("/poll?client={}&after=-1", kPollClient);
    std::vector<int64_t> seqs;
    std::string problem;
    // Until an answer carries events (a server may have published nothing yet).
    for (int i = 0; i < static_cast<int>(o_.timeout_s * 10) && seqs.empty() && problem.empty();
         ++i) {
      problem = poll_events(http_get(url(first), {}, o_.timeout_s, o_.tls_ca), seqs);
      if (seqs.empty() && problem.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (problem.empty() && seqs.empty()) {
      problem = fmt::format("no event in {:g} s (is the server publishing?)", o_.timeout_s);
    }
    if (problem.empty()) {
      problem = order_problem(seqs, -1);
    }
    add("poll", problem.empty() ? "" : "GET " + first + ": " + problem,
        fmt::format("GET {}: 200 application/json, Content-Length, {} events in order", first,
                    seqs.size()));
    if (!problem.empty()) {
      return;
    }
    last_seq_ = seqs.back();
    // after= acknowledges: the next answer has only later events.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string next = fmt::format("/poll?client={}&after={}", kPollClient, *last_seq_);
    std::vector<int64_t> later;
    problem = poll_events(http_get(url(next), {}, o_.timeout_s, o_.tls_ca), later);
    if (problem.empty()) {
      problem = order_problem(later, *last_seq_);
    }
    add("poll after", problem.empty() ? "" : "GET " + next + ": " + problem,
        fmt::format("GET {}: {} later events, none at or before {}", next, later.size(),
                    *last_seq_));
    if (!later.empty()) {
      last_seq_ = later.back();
    }
  }

  void bad_client() {
    const std::string target = "/poll?client=abc&after=-1";
    const HttpAnswer a = http_get(url(target), {}, o_.timeout_s, o_.tls_ca);
    std::string problem = answer_problem(a);
    if (problem.empty() && a.status != 400) {
      problem = fmt::format("answered {}, not 400 (a client id that is not a number)", a.status);
    }
    add("bad request", problem.empty() ? "" : "GET " + target + ": " + problem,
        fmt::format("GET {}: {}", target, a.status));
  }

  void longpoll() {
    const int64_t after = last_seq_.value_or(-1);
    const std::string target = fmt::format("/longpoll?client={}&after={}", kLongPollClient, after);
    std::vector<int64_t> seqs;
    const HttpAnswer a = http_get(url(target), {}, o_.timeout_s + 1, o_.tls_ca);
    std::string problem = poll_events(a, seqs);
    if (problem.empty()) {
      problem = order_problem(seqs, after);
    }
    add("longpoll", problem.empty() ? "" : "GET " + target + ": " + problem,
        fmt::format("GET {}: answered {} with {} later events", target, a.status, seqs.size()));
  }

  // The events of a stream: id == seq, in order; their seqs in `seqs`.
  static std::string stream_problem(const SseRead& r, std::vector<int64_t>& seqs) {
    if (!r.error.empty()) {
      return "no answer: " + r.error;
    }
    if (r.status != 200) {
      return fmt::format("answered {}, not 200", r.status);
    }
    if (r.content_type.rfind("text/event-stream", 0) != 0) {
      return fmt::format("Content-Type is '{}', not text/event-stream", r.content_type);
    }
    for (const SseEvent& e : r.events) {
      if (const std::string p = event_problem(e.data, seqs); !p.empty()) {
        return p;
      }
      const int64_t seq = seqs.back();
      if (e.last_event_id != std::to_string(seq)) {
        return fmt::format("event {} came with id '{}' (the id is the event's seq)", seq,
                           e.last_event_id);
      }
    }
    return "";
  }

  void sse() {
    const std::string target = fmt::format("/sse?client={}", kSseClient);
    const SseRead r = sse_read(url(target), {}, 2, o_.timeout_s, o_.tls_ca);
    std::vector<int64_t> seqs;
    std::string problem = stream_problem(r, seqs);
    if (problem.empty() && seqs.size() < 2) {
      problem = fmt::format("{} event(s) in {:g} s, 2 wanted", seqs.size(), o_.timeout_s);
    }
    if (problem.empty()) {
      problem = order_problem(seqs, -1);
    }
    add("sse", problem.empty() ? "" : "GET " + target + ": " + problem,
        fmt::format("GET {}: 200 text/event-stream, id: SEQ + data: EVENT", target));
    if (!problem.empty()) {
      return;
    }
    // A reconnect with Last-Event-ID resumes right after it: no loss, no duplicate.
    const std::string header = fmt::format("Last-Event-ID: {}", seqs[0]);
    const SseRead resumed = sse_read(url(target), {header}, 1, o_.timeout_s, o_.tls_ca);
    std::vector<int64_t> next;
    problem = stream_problem(resumed, next);
    if (problem.empty() && next.empty()) {
      problem = fmt::format("no event in {:g} s", o_.timeout_s);
    }
    if (problem.empty() && next[0] != seqs[0] + 1) {
      problem = fmt::format("resumed at seq {}, not {}", next[0], seqs[0] + 1);
    }
    add("sse resume", problem.empty() ? "" : "GET " + target + " with " + header + ": " + problem,
        fmt::format("GET {} with {}: resumed at {}", target, header, seqs[0] + 1));
  }

  void ws() {
    const std::string target = fmt::format("/ws?client={}", kWsClient);
    const WsRead r = ws_read(base_.host, base_.port, target, 2, o_.timeout_s,
                             WsTls{.on = base_.scheme == "https", .ca = o_.tls_ca});
    std::string problem = r.error;
    std::vector<int64_t> seqs;
    for (const std::string& m : r.messages) {
      if (problem.empty()) {
        problem = event_problem(m, seqs);
      }
    }
    if (problem.empty()) {
      problem = order_problem(seqs, -1);
    }
    const char* over = base_.scheme == "https" ? "wss: " : "";
    add("ws",
        problem.empty() ? ""
                        : fmt::format("{}GET {} (Upgrade: websocket): {}", over, target, problem),
        fmt::format("{}GET {}: 101, one text frame per event", over, target));
  }

  const ConformOptions& o_;
  Base base_;
  std::optional<int64_t> last_seq_;  // the last event /poll gave
  std::vector<Check> checks_;
};

}  // namespace

void add_conform_options(CLI::App& app, ConformOptions& o) {
  app.add_option("URL", o.url, "the server: http://HOST:PORT (or https://)")->required();
  add_duration_option(app, "--timeout", o.timeout_s, TimeUnit::kSeconds,
                      "the longest one check waits for events");
  app.add_option("--tls-ca", o.tls_ca,
                 "https:// (and its wss:// check): trust only the certificate(s) in this PEM "
                 "file (default: the system's CAs)");
}

int conform_command(const ConformOptions& o) {
  if (!(o.timeout_s > 0) || o.timeout_s > 600) {
    throw ConfigError(fmt::format("--timeout must be > 0 and <= 600 s (got {})", o.timeout_s));
  }
  Base base = split_base(o.url);
  fmt::print("{} against docs/contract.md (client ids {}..{}):\n", base.url(), kPollClient,
             kWsClient);
  Conform conform(o, std::move(base));
  const std::vector<Check> checks = conform.run();
  size_t passed = 0;
  for (const Check& c : checks) {
    fmt::print("{:<5} {:<12} {}\n", c.pass ? "pass" : "FAIL", c.name, c.detail);
    passed += c.pass ? 1 : 0;
  }
  fmt::print("{} of {} checks passed\n", passed, checks.size());
  return passed == checks.size() ? 0 : 1;
}

}  // namespace pushbench
