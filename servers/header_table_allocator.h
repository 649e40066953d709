// lws' header tables in a PagePool instead of the malloc heap (lws_set_allocator).
//
// libwebsockets 4.1.6 gives every HTTP request it is reading (a poll, the GET of a long poll or
// SSE stream, a WebSocket upgrade) a header table of its own: an "ah struct" of 976 B and
// max_http_header_data bytes of "ah data" (4,096), allocated when the connection is accepted or
// its next request starts and freed as soon as the request was read (lib/roles/http/parsers.c:
// _lws_create_ah, _lws_destroy_ah). When clients connect faster than the server parses their
// requests, thousands are alive at once; in the malloc heap their freed blocks were then
// carved up by the connections' long-lived state and stayed resident: at 14,000 idle clients
// connected by one client process (bench/scenarios/idle_memory.sh), 411-1,151 B of free heap per
// SSE stream, 131-462 B per long poll, 87-92 B per WebSocket, against 5-6 B per raw TCP
// connection, which has no header table. Here each table takes a 4 KiB block of its own, and the
// blocks a burst needed go back to the kernel when it is over: 1-5 B of free heap per
// connection after the same bursts (docs/method.md "Memory per idle connection").
//
// The same for every transport: every HTTP request's table is placed so, nothing else of lws'
// (connections, WebSocket state, buffers) moves. A table whose data would not fit a block
// (max_http_header_data above 4,096) or a pool that is full falls back to malloc.
//
// lws' allocator hook is process-wide and takes no context pointer, so the installed pool is
// the one piece of process state here besides the stop flag: at most one HeaderTableAllocator
// exists at a time, and it must outlive every lws context made while it is installed.
#pragma once

#include <cstddef>

#include "page_pool.h"

namespace pushbench {

class HeaderTableAllocator {
 public:
  // max_tables: lws' max_http_header_pool2 (each table takes two blocks); spare: free blocks
  // kept resident for the next requests.
  explicit HeaderTableAllocator(size_t max_tables, size_t spare = kDefaultSpare);
  // Puts lws back on malloc.
  ~HeaderTableAllocator();
  HeaderTableAllocator(const HeaderTableAllocator&) = delete;
  HeaderTableAllocator& operator=(const HeaderTableAllocator&) = delete;

  const PagePool& pool() const noexcept { return pool_; }

  // lws' allocator: realloc semantics, size 0 frees; `reason` is lws' name for the block.
  static void* allocate(void* ptr, size_t size, const char* reason) noexcept;

  // 32 blocks (128 KiB, 9 B per connection at 14,000) for 16 requests being read at once: a
  // request's table lives from its first bytes to its last (microseconds here), so 10,000 polls a
  // second keep about one in flight and steady polling makes no madvise call.
  static constexpr size_t kDefaultSpare = 32;

 private:
  PagePool pool_;
};

}  // namespace pushbench
