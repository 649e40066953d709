// The sockets of held long polls and SSE streams, watched for input lws 4.1.6 never reads.
//
// A held request sits in lws' "doing transaction" state, in which lws does not read the socket
// but keeps it in the loop's read set: a client that hangs up, or sends even one byte on a held
// stream, makes the level-triggered loop wake at once for ever (100 % of the server's core for
// one such client). lws offers no public way to drop the socket from its read set while still
// writing to it (rx flow control also stops its writes on HTTP connections), so these sockets
// are also in an epoll set of our own, itself adopted into the lws loop as a raw file: when any
// of them becomes readable (end of stream, an error, or bytes a held stream must not carry:
// docs/contract.md), that stream is closed, in the same loop pass lws first saw it.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "fd.h"

struct lws;
struct lws_vhost;

namespace pushbench {

class HeldStreams {
 public:
  HeldStreams();  // throws if the epoll set cannot be created
  // Puts the epoll set into vhost's loop (a copy of its descriptor, which lws closes);
  // `protocol` names the vhost protocol whose callback passes LWS_CALLBACK_RAW_RX_FILE to
  // on_readable(). False if lws refused.
  bool start(lws_vhost* vhost, const char* protocol) noexcept;

  // Watches wsi's socket from now until forget() (idempotent; a failure only costs the watch).
  // Not an HTTP/2 stream: lws keeps reading its connection, which carries other streams.
  void watch(lws* wsi) noexcept;
  // Stops watching wsi (answered, or closing); nothing if it was not watched.
  void forget(lws* wsi) noexcept;
  // The epoll set is readable: closes every held stream whose socket is.
  void on_readable() noexcept;

  uint64_t closed() const noexcept { return closed_; }  // streams closed for input or hang-up
  size_t size() const noexcept { return by_fd_.size(); }

 private:
  Fd epoll_;
  std::unordered_map<int, lws*> by_fd_;
  uint64_t closed_ = 0;
};

}  // namespace pushbench
