// RAII and timer helpers for libwebsockets: one owner for the context, a sorted-usec-list timer
// that calls back into its owner on the loop thread, and a descriptor of ours watched by the
// loop.
#pragma once

#include <libwebsockets.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <type_traits>

namespace pushbench {

struct LwsContextDeleter {
  void operator()(lws_context* c) const noexcept { lws_context_destroy(c); }
};
// info.protocols and info.user must outlive the context: declare them before it.
using LwsContext = std::unique_ptr<lws_context, LwsContextDeleter>;

// A timer on the lws loop. `sul` is the first member of a standard-layout struct, so the
// callback casts the list node back to the timer.
struct LwsTimer {
  lws_sorted_usec_list_t sul{};
  void* owner = nullptr;
  void (*fire)(void* owner) = nullptr;

  void schedule(lws_context* ctx, int64_t delay_ns) noexcept {
    lws_sul_schedule(ctx, 0, &sul, &LwsTimer::trampoline,
                     static_cast<lws_usec_t>(delay_ns > 0 ? delay_ns / 1000 : 0));
  }
  void cancel() noexcept { lws_sul_cancel(&sul); }

 private:
  static void trampoline(lws_sorted_usec_list_t* s) noexcept {
    auto* t = reinterpret_cast<LwsTimer*>(s);
    t->fire(t->owner);
  }
};
static_assert(std::is_standard_layout_v<LwsTimer>);

// lws' retry and idle policy with its "validity" check off (0 s: never ping, never hang up). lws
// 4.1.6's default pings a WebSocket (or HTTP/2) peer it has heard nothing valid from for 300 s and
// hangs up at 310 s, and arms that timer for every connection as it is established (and again on
// every PONG). Its timers are one sorted linked list walked from the head, and each new timer is
// the latest, so every handshake walked past every open connection's: O(connections) per
// handshake on both sides. 15,000 clients connecting (bench/scenarios/handshakes.sh): 73 % of the
// server's CPU and 56 % of the lws client's in lws_dll2_add_sorted; without it the server spends
// 18-31 us per handshake instead of 152-239. pushbench pings on its own (--ws-ping) and drops
// dead peers with TCP keepalive and TCP_USER_TIMEOUT (accept_guard.h).
inline constexpr lws_retry_bo_t kLwsNoValidityCheck{};

// Makes an LwsTimer that calls owner->*Fn().
template <class T, void (T::*Fn)()>
LwsTimer make_timer(T* owner) noexcept {
  LwsTimer t;
  t.owner = owner;
  t.fire = [](void* o) { (static_cast<T*>(o)->*Fn)(); };
  return t;
}

// Hands lws a duplicate of `fd` as a raw file of `protocol` on `vhost`: the loop calls that
// protocol back with LWS_CALLBACK_RAW_RX_FILE when it is readable, and closes the duplicate.
// Returns the duplicate's number (what lws_get_socket_fd gives in that callback), -1 on failure.
inline int adopt_raw_file_dup(lws_vhost* vhost, const char* protocol, int fd) noexcept {
  lws_sock_file_fd_type desc{};
  desc.filefd = vhost != nullptr && fd >= 0 ? dup(fd) : -1;
  if (desc.filefd < 0) {
    return -1;
  }
  if (lws_adopt_descriptor_vhost(vhost, LWS_ADOPT_RAW_FILE_DESC, desc, protocol, nullptr) ==
      nullptr) {
    close(desc.filefd);  // lws closes it only once adopted
    return -1;
  }
  return desc.filefd;
}

}  // namespace pushbench
