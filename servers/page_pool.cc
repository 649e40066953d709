#include "page_pool.h"

#include <sys/mman.h>

#include <cerrno>
#include <system_error>

namespace pushbench {

PagePool::PagePool(size_t max_pages, size_t spare) : max_pages_(max_pages), spare_(spare) {
  void* m = ::mmap(nullptr, max_pages * kBlockSize, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) {
    throw std::system_error(errno, std::generic_category(), "mmap of the page pool");
  }
  base_ = static_cast<char*>(m);
  resident_.reserve(spare);  // neither grows while blocks are given back
  emptied_.reserve(max_pages);
}

PagePool::~PagePool() { ::munmap(base_, max_pages_ * kBlockSize); }

void* PagePool::take() noexcept {
  size_t index;
  if (!resident_.empty()) {
    index = resident_.back();
    resident_.pop_back();
  } else if (!emptied_.empty()) {
    index = emptied_.back();
    emptied_.pop_back();
  } else if (carved_ < max_pages_) {
    index = carved_++;
  } else {
    return nullptr;
  }
  ++in_use_;
  return base_ + index * kBlockSize;
}

void PagePool::give_back(void* p) noexcept {
  const size_t index = static_cast<size_t>(static_cast<char*>(p) - base_) / kBlockSize;
  if (resident_.size() < spare_) {
    resident_.push_back(static_cast<uint32_t>(index));
  } else {
    // Enough resident spares already: the kernel takes this page back now.
    ::madvise(base_ + index * kBlockSize, kBlockSize, MADV_DONTNEED);
    ++released_;
    emptied_.push_back(static_cast<uint32_t>(index));
  }
  --in_use_;
}

}  // namespace pushbench
