// Where the feed also publishes each event when pushbench-server stands behind or beside a second
// implementation (`pushbench run --server nginx|pushpin`, docs/method.md "Second
// implementations"): files nginx serves (--feed-dir), or Pushpin's publish API (--grip-publish).
// Called on the feed's timer at the event's planned time, after the mailboxes got it.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "mailbox.h"

namespace pushbench {

struct ServerOptions;

class FeedSink {
 public:
  virtual ~FeedSink() = default;
  // Publishes `ev`; a failure is counted, never thrown (the feed goes on).
  virtual void publish(const EncodedEvent& ev) noexcept = 0;
  // {"kind":..., "published":N, "failures":N, "cpu_note":...} for the server's statistics.
  virtual nlohmann::json stats() const = 0;
};

// The sink --feed-dir or --grip-publish asks for; nullptr for neither. Throws ConfigError when
// the directory cannot be made.
std::unique_ptr<FeedSink> make_feed_sink(const ServerOptions& options);

// The bytes Pushpin is given for event `ev` on channel `channel` (one item, three formats: the
// /longpoll body, the SSE record and the WebSocket message, each the bytes pushbench-server
// itself sends on that transport). prev-id chains the items so Pushpin can tell a hold that
// missed one (GRIP reliability).
std::string grip_publish_body(const EncodedEvent& ev, const char* channel);

}  // namespace pushbench
