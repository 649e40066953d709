#include "header_table_allocator.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <libwebsockets.h>

namespace pushbench {
namespace {

// The installed allocator's pool (lws' hook has no user pointer; header_table_allocator.h).
PagePool* active_pool = nullptr;

// lws 4.1.6's names for a header table's two blocks (lib/roles/http/parsers.c).
bool is_header_table(const char* reason) noexcept {
  return reason != nullptr && reason[0] == 'a' && reason[1] == 'h' && reason[2] == ' ' &&
         (std::strcmp(reason + 3, "struct") == 0 || std::strcmp(reason + 3, "data") == 0);
}

// lws' own allocator, as it was before one was installed.
void* plain(void* ptr, size_t size, const char* /*reason*/) noexcept {
  if (size == 0) {
    std::free(ptr);
    return nullptr;
  }
  return std::realloc(ptr, size);
}

}  // namespace

HeaderTableAllocator::HeaderTableAllocator(size_t max_tables, size_t spare)
    : pool_(2 * max_tables, spare) {
  if (active_pool != nullptr) {
    throw std::logic_error("a HeaderTableAllocator is already installed");
  }
  active_pool = &pool_;
  lws_set_allocator(&HeaderTableAllocator::allocate);
}

HeaderTableAllocator::~HeaderTableAllocator() {
  lws_set_allocator(&plain);
  active_pool = nullptr;
}

void* HeaderTableAllocator::allocate(void* ptr, size_t size, const char* reason) noexcept {
  PagePool* pool = active_pool;
  if (pool == nullptr || (ptr != nullptr && !pool->owns(ptr))) {
    return plain(ptr, size, reason);
  }
  if (ptr == nullptr) {
    if (size <= PagePool::kBlockSize && size > 0 && is_header_table(reason)) {
      if (void* block = pool->take()) {
        return block;
      }
    }
    return plain(nullptr, size, reason);
  }
  // A block of the pool, freed or resized (lws resizes no header table; handled all the same).
  if (size == 0) {
    pool->give_back(ptr);
    return nullptr;
  }
  if (size <= PagePool::kBlockSize) {
    return ptr;
  }
  void* moved = std::malloc(size);
  if (moved != nullptr) {
    std::memcpy(moved, ptr, PagePool::kBlockSize);
    pool->give_back(ptr);
  }
  return moved;
}

}  // namespace pushbench
