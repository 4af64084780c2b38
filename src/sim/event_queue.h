// The simulator's future-event list: a binary min-heap ordered by (time,
// insertion sequence). The sequence makes ties deterministic: two events at
// the same instant run in the order they were scheduled, on every platform.
// Events are 24-byte values in one vector that only grows, so steady-state
// scheduling allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "core/duration.h"

namespace stackplan::sim {

struct Event {
  SimTime at;
  uint64_t seq;
  uint32_t target;  // a user, request, message, process or instance index
  uint16_t kind;    // the model's own enumeration
  uint16_t aux;     // a small extra argument (attempt, process)
};
static_assert(sizeof(Event) == 24, "events stay small: the list holds millions");

class EventQueue {
 public:
  EventQueue() { heap_.reserve(1024); }

  void schedule(SimTime at, uint16_t kind, uint32_t target, uint16_t aux = 0) {
    heap_.push_back(Event{at, next_seq_++, target, kind, aux});
    sift_up(heap_.size() - 1);
  }
  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  Event pop() {
    Event e = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
    return e;
  }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.at < b.at || (a.at == b.at && a.seq < b.seq);
  }
  void sift_up(size_t i) {
    Event e = heap_[i];
    while (i > 0) {
      size_t parent = (i - 1) / 2;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void sift_down(size_t i) {
    Event e = heap_[i];
    size_t n = heap_.size();
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
      if (!before(heap_[child], e)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  uint64_t next_seq_ = 0;
};

// A FIFO that grows by doubling and never shrinks: no allocation once it has
// reached the run's peak backlog.
template <typename T>
class RingQueue {
 public:
  RingQueue() : buf_(16) {}
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  void push(const T& v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  T& front() { return buf_[head_]; }
  T pop() {
    T v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }

 private:
  void grow() {
    std::vector<T> bigger(buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(bigger);
    head_ = 0;
  }
  std::vector<T> buf_;
  size_t head_ = 0, size_ = 0;
};

// Fixed-size records recycled through a free list, addressed by index.
template <typename T>
class Pool {
 public:
  uint32_t acquire() {
    if (!free_.empty()) {
      uint32_t i = free_.back();
      free_.pop_back();
      return i;
    }
    items_.emplace_back();
    return static_cast<uint32_t>(items_.size() - 1);
  }
  void release(uint32_t i) { free_.push_back(i); }
  T& operator[](uint32_t i) { return items_[i]; }
  size_t capacity() const { return items_.size(); }

 private:
  std::vector<T> items_;
  std::vector<uint32_t> free_;
};

}  // namespace stackplan::sim
