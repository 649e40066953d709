// GET /poll.
#include "http_poll.h"

#include <libwebsockets.h>

#include "http_response.h"
#include "poll_body.h"
#include "request_args.h"
#include "server_state.h"

namespace pushbench {

int serve_poll(ServerState& state, lws* wsi) {
  RequestArgs args = parse_request_args(wsi, state.mailboxes.size(), true);
  if (!args.error.empty()) {
    ++state.counters.bad_requests;
    return send_text_response(wsi, state.scratch, HTTP_STATUS_BAD_REQUEST, args.error);
  }
  ++state.counters.poll_requests;
  Mailbox& box = state.mailboxes.at(args.client);
  Mailboxes::acknowledge(box, args.after);
  return respond_with_pending(state, wsi, box);
}

int respond_with_pending(ServerState& state, lws* wsi, Mailbox& box) {
  HttpResponse response(wsi, state.scratch, state.h2_tally());
  if (box.pending.empty()) {
    ++state.counters.poll_empty;
    return response.begin(HTTP_STATUS_NO_CONTENT, "application/json", 0) ? response.finish() : -1;
  }
  if (!response.begin(HTTP_STATUS_OK, "application/json", poll_body_length(box.pending))) {
    return -1;
  }
  append_poll_body(box.pending, response.body());
  state.counters.poll_events_sent += box.pending.size();
  return response.finish();
}

}  // namespace pushbench
