// The event loop of a Worker: waiting on epoll, firing think-time timers
// and open-model arrivals, expiring timeouts, and handing finished seconds
// to the collecting thread. Connection handling is in worker.cpp.
#include <sys/epoll.h>
#include <time.h>

#include <algorithm>

#include "load/worker.h"

namespace stackplan::load {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kSweepInterval = 100'000'000;  // timeout checks, 100 ms

}  // namespace
void Worker::expire_timeouts(int64_t now) {
  for (uint32_t i = 0; i < connections_.size(); ++i) {
    Connection& c = connections_[i];
    if (c.has_request && c.fd >= 0 && now > c.deadline_ns) {
      close_connection(i);
      finish_request(i, 0, static_cast<int>(ErrorKind::kTimeout), now);
    }
  }
}

int64_t Worker::next_arrival_after(int64_t previous_rel_ns) {
  double amount = config_.options->poisson ? rng_.exponential(1.0) : 1.0;
  Duration t = config_.schedule.advance(Duration::nanoseconds(previous_rel_ns), amount);
  return t == Duration::max() ? INT64_MAX : t.ns();
}

void Worker::roll_seconds(int64_t now, bool final) {
  int64_t second = (now - config_.start_ns) / kSecond;
  if (second <= current_second_.second && !final) return;
  std::lock_guard<std::mutex> lock(seconds_mutex_);
  while (current_second_.second < second || final) {
    if (open_model()) {
      current_second_.active = open_connections_;
    } else {
      int64_t at = config_.start_ns + (current_second_.second + 1) * kSecond;
      current_second_.active = static_cast<uint64_t>(
          std::lower_bound(config_.user_spawn_ns.begin(), config_.user_spawn_ns.end(), at) -
          config_.user_spawn_ns.begin());
    }
    int64_t next = current_second_.second + 1;
    finished_seconds_.push_back(std::move(current_second_));
    current_second_ = SecondRow();
    current_second_.second = next;
    if (final) break;
  }
}

void Worker::poll_events(int64_t wake_ns) {
  constexpr int kMaxEvents = 512;
  epoll_event events[kMaxEvents];
  int64_t wait_ns = deferred_.empty() ? std::max<int64_t>(0, wake_ns - monotonic_ns()) : 0;
  timespec timeout{static_cast<time_t>(wait_ns / kSecond), static_cast<long>(wait_ns % kSecond)};
  int n = epoll_pwait2(epoll_fd_, events, kMaxEvents, &timeout, nullptr);
  if (n <= 0) return;
  int64_t now = monotonic_ns();
  for (int i = 0; i < n; ++i) {
    auto index = static_cast<uint32_t>(events[i].data.u64 & 0xFFFFFFFFu);
    auto generation = static_cast<uint32_t>(events[i].data.u64 >> 32);
    Connection& c = connections_[index];
    if (c.fd < 0 || c.generation != generation) continue;  // closed earlier in this batch
    uint32_t ev = events[i].events;
    if (c.state == State::kConnecting) {
      if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(index, now);
      continue;
    }
    if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
      on_readable(index, now);
      if (c.fd < 0 || c.generation != generation) continue;
    }
    if ((ev & EPOLLOUT) && c.state == State::kSending) write_request(index, now);
  }
}

// After the run time no request is started, but those in flight are waited
// for, each until its own deadline: an answer that arrives just after the end
// is counted, and a request that nobody answers is a timeout, as it would be
// in the middle of the run. Without this, a server that never answers would
// show no request and no failure at all.
void Worker::drain() {
  while (!config_.stop->load(std::memory_order_relaxed)) {
    int64_t now = monotonic_ns();
    roll_seconds(now, false);
    if (!deferred_.empty()) process_deferred(now);
    int64_t deadline = INT64_MAX;
    for (const Connection& c : connections_)  // (without a socket: see process_deferred)
      if (c.has_request && c.fd >= 0) deadline = std::min(deadline, c.deadline_ns);
    if (deadline == INT64_MAX) return;
    if (now > deadline) {
      expire_timeouts(now);
      continue;
    }
    poll_events(std::min(deadline + 1, config_.start_ns + (current_second_.second + 1) * kSecond));
  }
}

// Whatever is still in flight when the loop stops (interrupted, or a request
// waiting for a connection that never came) is a timeout: it did not get a
// response, and it must not vanish from the report.
void Worker::time_out_requests_in_flight() {
  int64_t now = monotonic_ns();
  for (uint32_t i = 0; i < connections_.size(); ++i) {
    if (!connections_[i].has_request) continue;
    close_connection(i);
    finish_request(i, 0, static_cast<int>(ErrorKind::kTimeout), now);
  }
}

void Worker::run() {
  const int64_t start = config_.start_ns;
  const int64_t end = config_.end_ns;
  for (size_t user = 0; user < config_.user_spawn_ns.size(); ++user)
    timers_.push({config_.user_spawn_ns[user], static_cast<uint32_t>(user)});
  if (open_model()) {
    for (int i = 0; i < config_.initial_connections && !unused_.empty(); ++i) {
      uint32_t index = unused_.back();
      unused_.pop_back();
      start_connect(index);
    }
    double first = config_.options->poisson ? rng_.exponential(1.0) : config_.schedule_phase;
    Duration t = config_.schedule.advance(Duration(), first);
    next_arrival_ns_ = t == Duration::max() ? INT64_MAX : t.ns();
  }
  int64_t next_sweep = start + kSweepInterval;
  while (true) {
    int64_t now = monotonic_ns();
    if (now >= end || config_.stop->load(std::memory_order_relaxed)) break;
    if (quota_ && completed_ >= quota_) break;
    roll_seconds(now, false);
    while (!timers_.empty() && timers_.top().at_ns <= now) {
      uint32_t index = timers_.top().connection;
      timers_.pop();
      next_user_request(index, now);
    }
    while (next_arrival_ns_ != INT64_MAX && start + next_arrival_ns_ <= now) {
      if (start + next_arrival_ns_ >= end) {
        next_arrival_ns_ = INT64_MAX;
        break;
      }
      dispatch_arrival(start + next_arrival_ns_, now);
      next_arrival_ns_ = next_arrival_after(next_arrival_ns_);
    }
    if (!deferred_.empty()) process_deferred(now);
    if (now >= next_sweep) {
      expire_timeouts(now);
      next_sweep = now + kSweepInterval;
    }
    int64_t wake = std::min({end, next_sweep, start + (current_second_.second + 1) * kSecond});
    if (!timers_.empty()) wake = std::min(wake, timers_.top().at_ns);
    if (next_arrival_ns_ != INT64_MAX) wake = std::min(wake, start + next_arrival_ns_);
    poll_events(wake);
  }
  issuing_ = false;
  // Sends still waiting for a connection never went out.
  send_stats_.dropped_sends += backlog_size_;
  current_second_.dropped_sends += backlog_size_;
  backlog_size_ = 0;
  drain();
  time_out_requests_in_flight();
  for (uint32_t i = 0; i < connections_.size(); ++i) close_connection(i);
  stopped_ns_ = monotonic_ns();
  roll_seconds(stopped_ns_, true);
  finished_.store(true, std::memory_order_release);
}

}  // namespace stackplan::load
