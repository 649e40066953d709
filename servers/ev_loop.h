// The server's libev loop, owned by pushbench and handed to lws as its "foreign" loop (lws 4.1.6
// would otherwise create one it keeps to itself): pushbench needs the loop to put a watcher of its
// own beside lws' (keepalive_rearm.h).
#pragma once

#include <ev.h>

#include <memory>

namespace pushbench {

struct EvLoopDeleter {
  void operator()(struct ev_loop* loop) const noexcept { ev_loop_destroy(loop); }
};
// Declared before the lws context that uses it: destroyed after it.
using EvLoop = std::unique_ptr<struct ev_loop, EvLoopDeleter>;

// The loop lws would have made for itself (ev_loop_new(0): libev picks epoll here), null if libev
// cannot.
inline EvLoop make_ev_loop() noexcept { return EvLoop(ev_loop_new(0)); }

}  // namespace pushbench
