// Fixed 4 KiB blocks for short-lived allocations that come and go in bursts, kept out of the
// malloc heap so that the memory a burst needed is given back to the kernel once it is over.
//
// One reserved mapping (virtual only: MAP_NORESERVE, a page is resident from its first write)
// holds up to max_pages blocks. Of the free blocks at most `spare` stay resident, on a stack
// taken from first (the most recently freed: still in the caches); a block given back while
// `spare` are resident is emptied at once (madvise MADV_DONTNEED, one system call) and costs a
// zero-filled page fault when it is taken again, only once no resident one is left. So after a
// burst of thousands the pool holds at most `spare` resident pages beside the ones in use, and a
// steady load with fewer than `spare` blocks in use at once makes no system call, before or
// after a burst.
//
// Why not malloc: glibc carves the small long-lived allocations made meanwhile (a connection's
// state) out of a burst's freed blocks, so none of the burst's pages is ever whole again and
// malloc_trim() finds nothing to return (docs/method.md "Memory per idle connection").
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pushbench {

class PagePool {
 public:
  static constexpr size_t kBlockSize = 4096;

  // Reserves max_pages blocks of address space (throws std::system_error if mmap fails).
  PagePool(size_t max_pages, size_t spare);
  ~PagePool();
  PagePool(const PagePool&) = delete;
  PagePool& operator=(const PagePool&) = delete;

  // A kBlockSize block (contents unspecified), or null when all max_pages are in use.
  void* take() noexcept;
  // Whether p is a block of this pool (taken or not).
  bool owns(const void* p) const noexcept {
    const auto a = reinterpret_cast<uintptr_t>(p);
    const auto b = reinterpret_cast<uintptr_t>(base_);
    return a >= b && a < b + max_pages_ * kBlockSize;
  }
  // Returns a block that take() gave.
  void give_back(void* p) noexcept;

  size_t in_use() const noexcept { return in_use_; }
  size_t free_blocks() const noexcept { return resident_.size() + emptied_.size(); }
  // Blocks emptied (madvise) when given back since the pool was made.
  uint64_t released() const noexcept { return released_; }

 private:
  char* base_ = nullptr;
  size_t max_pages_;
  size_t spare_;
  size_t carved_ = 0;  // blocks ever handed out from the mapping's start
  // Indexes of free blocks, the last freed last: at most spare_ resident ones, and the emptied
  // ones (taken only when no resident one is left).
  std::vector<uint32_t> resident_;
  std::vector<uint32_t> emptied_;
  size_t in_use_ = 0;
  uint64_t released_ = 0;
};

}  // namespace pushbench
