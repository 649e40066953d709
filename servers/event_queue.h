// A client's queue of events (its pending events, or its SSE replay history): a ring that holds
// no memory until its first event. std::deque, which it replaces, allocates its map and a 512 B
// block as soon as it is constructed: two per client id, ~1.4 KiB for every id of --clients in
// every server process, empty or not (157 MB of RSS in each of the 7 server processes of a
// 100,000-client run before any client connected).
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>

#include "encoded_event.h"

namespace pushbench {

class EventQueue {
 public:
  EventQueue() = default;
  EventQueue(EventQueue&& o) noexcept
      : buf_(std::move(o.buf_)),
        cap_(std::exchange(o.cap_, 0)),
        head_(std::exchange(o.head_, 0)),
        size_(std::exchange(o.size_, 0)) {}
  EventQueue& operator=(EventQueue&& o) noexcept {
    buf_ = std::move(o.buf_);
    cap_ = std::exchange(o.cap_, 0);
    head_ = std::exchange(o.head_, 0);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  bool empty() const noexcept { return size_ == 0; }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return cap_; }  // 0 until the first event

  // Oldest first. Precondition for front and pop_front: !empty().
  const EventRef& front() const noexcept { return buf_[head_]; }
  EventRef& front() noexcept { return buf_[head_]; }
  const EventRef& operator[](size_t i) const noexcept { return buf_[slot(i)]; }  // i < size()
  void push_back(EventRef ev) {
    if (size_ == cap_) {
      grow();
    }
    buf_[slot(size_)] = std::move(ev);
    ++size_;
  }
  void push_front(EventRef ev) {
    if (size_ == cap_) {
      grow();
    }
    head_ = (head_ + cap_ - 1) & (cap_ - 1);
    buf_[head_] = std::move(ev);
    ++size_;
  }
  void pop_front() noexcept {
    buf_[head_].reset();  // the event is freed with its last queue
    head_ = (head_ + 1) & (cap_ - 1);
    --size_;
  }
  void clear() noexcept {
    while (!empty()) {
      pop_front();
    }
  }

  class const_iterator {
   public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = EventRef;
    using difference_type = std::ptrdiff_t;
    using pointer = const EventRef*;
    using reference = const EventRef&;

    const_iterator() = default;
    const_iterator(const EventQueue* q, size_t i) noexcept : q_(q), i_(i) {}
    reference operator*() const noexcept { return q_->buf_[q_->slot(i_)]; }
    pointer operator->() const noexcept { return &**this; }
    const_iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) noexcept { return {q_, i_++}; }
    const_iterator& operator--() noexcept {
      --i_;
      return *this;
    }
    const_iterator operator--(int) noexcept { return {q_, i_--}; }
    bool operator==(const const_iterator& o) const noexcept { return i_ == o.i_; }
    bool operator!=(const const_iterator& o) const noexcept { return i_ != o.i_; }

   private:
    const EventQueue* q_ = nullptr;
    size_t i_ = 0;  // position from the front
  };
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, size_}; }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }

 private:
  size_t slot(size_t i) const noexcept { return (head_ + i) & (cap_ - 1); }
  void grow() {
    const size_t cap = cap_ == 0 ? kFirstCapacity : 2 * cap_;
    auto buf = std::make_unique<EventRef[]>(cap);
    for (size_t i = 0; i < size_; ++i) {
      buf[i] = std::move(buf_[slot(i)]);
    }
    buf_ = std::move(buf);
    cap_ = cap;
    head_ = 0;
  }

  static constexpr size_t kFirstCapacity = 4;  // a power of two, as every capacity
  std::unique_ptr<EventRef[]> buf_;
  size_t cap_ = 0;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace pushbench
