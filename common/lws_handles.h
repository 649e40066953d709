// RAII and timer helpers for libwebsockets: one owner for the context, and a sorted-usec-list
// timer that calls back into its owner on the loop thread.
#pragma once

#include <libwebsockets.h>

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

// Makes an LwsTimer that calls owner->*Fn().
template <class T, void (T::*Fn)()>
LwsTimer make_timer(T* owner) noexcept {
  LwsTimer t;
  t.owner = owner;
  t.fire = [](void* o) { (static_cast<T*>(o)->*Fn)(); };
  return t;
}

}  // namespace pushbench
