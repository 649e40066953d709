// Raw TCP push on lws' raw-skt role: "ID\n" in, one event line per WRITEABLE out.
#include "tcp_push.h"

#include <cstring>
#include <optional>
#include <string_view>

#include <libwebsockets.h>

#include "clock.h"
#include "parse.h"
#include "push_writer.h"
#include "server_state.h"
#include "subscriber.h"

namespace pushbench {
namespace {
// A client that connects and never finishes its id line is closed after this long (lws' own
// timeout, armed once per connection at adopt and cancelled when the id is accepted).
constexpr int kIdTimeoutS = 30;

// The client id of a complete line (without its '\n'): decimal, 0..clients-1.
std::optional<int> parse_id(std::string_view line, int clients) noexcept {
  const std::optional<int64_t> id = parse_int(line);
  if (!id || *id < 0 || *id >= clients) {
    return std::nullopt;
  }
  return static_cast<int>(*id);
}

// Counts the bad input and closes only this connection (lws contract: -1 from a callback closes
// the wsi, and RAW_CLOSE follows).
int reject(ServerState& state) noexcept {
  ++state.counters.bad_requests;
  return -1;
}
}  // namespace

int tcp_adopted(ServerState& /*state*/, lws* wsi, TcpSession& session) {
  // lws zeroes the per-session data; say what the zeroes mean anyway.
  session.sub.kind = SubscriberKind::kNone;
  session.sub.attached = false;
  session.id_line_len = 0;
  lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, kIdTimeoutS);
  return 0;
}

// The id line may arrive split across reads: it is collected in session.id_line (at most
// sizeof id_line bytes with its '\n'); a line that does not fit or is not a client id is bad
// input. What follows the id line are upstream messages (chat, game), one per line.
int tcp_received(ServerState& state, lws* wsi, TcpSession& session, const char* in, size_t len) {
  Subscriber& sub = session.sub;
  std::string_view data(in, len);
  if (sub.kind == SubscriberKind::kNone) {
    const size_t nl = data.find('\n');
    const size_t take = nl == std::string_view::npos ? len : nl;
    if (session.id_line_len + take >= sizeof session.id_line) {
      return reject(state);
    }
    std::memcpy(session.id_line + session.id_line_len, in, take);
    session.id_line_len += static_cast<unsigned>(take);
    if (nl == std::string_view::npos) {
      return 0;  // the rest of the line comes with the next read
    }
    const auto id =
        parse_id(std::string_view(session.id_line, session.id_line_len), state.mailboxes.size());
    if (!id) {
      return reject(state);
    }
    lws_set_timeout(wsi, NO_PENDING_TIMEOUT, 0);
    sub.client = *id;
    sub.kind = SubscriberKind::kTcp;
    ++state.counters.tcp_accepted;
    state.upstream.lines(sub.client).clear();
    close_replaced_stream(state, sub.client, wsi);  // one connection per client, the newest
    attach(state, wsi, sub);  // wakes the connection if events are already pending
    data.remove_prefix(nl + 1);
  }
  if (data.empty()) {
    return 0;
  }
  const int64_t now = mono_ns();
  const bool ok = state.upstream.lines(sub.client).feed(data, [&](std::string_view line) {
    ++state.counters.tcp_lines_received;
    // A bad message is counted and dropped; the connection and its downstream go on.
    if (!state.upstream.on_message(sub.client, line, now).empty()) {
      ++state.counters.bad_requests;
    }
  });
  return ok ? 0 : reject(state);  // a line longer than any message: the stream is unusable
}

// One event per WRITEABLE callback, exactly as ws_writeable() sends one frame per callback: the
// only difference between `ws` and `tcp` is the framing ('\n' instead of a frame header).
int tcp_writeable(ServerState& state, lws* wsi, Subscriber& sub) {
  const PushOutcome r =
      push_next(state, wsi, sub, LWS_WRITE_RAW, [](const EncodedEvent& ev, std::string& out) {
        out += ev.json;
        out += '\n';
      });
  if (r.sent) {
    ++state.counters.tcp_lines_sent;
  }
  return r.failed ? -1 : 0;
}

void tcp_closed(ServerState& state, lws* wsi, Subscriber& sub) noexcept {
  ++state.counters.tcp_closed;
  detach(state, wsi, sub);
}

}  // namespace pushbench
