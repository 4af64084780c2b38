// One event loop of the load generator (internal to load_runner.cpp): its own
// epoll instance, connections, timers and statistics, run on its own thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <vector>

#include "core/histogram.h"
#include "core/rng.h"
#include "load/http_response_parser.h"
#include "load/load_runner.h"

namespace stackplan::load {

// Nanoseconds on the monotonic clock.
int64_t monotonic_ns();

// One finished second of one event loop, handed to the collecting thread.
struct SecondRow {
  int64_t second = 0;
  uint64_t requests = 0, failures = 0, sends = 0, late_sends = 0, dropped_sends = 0, active = 0;
  Histogram latency;
};

struct WorkerConfig {
  int index = 0;
  const LoadOptions* options = nullptr;
  const Endpoint* address = nullptr;
  const std::vector<RequestBuilder>* builders = nullptr;
  const EndpointPicker* picker = nullptr;
  std::vector<int64_t> user_spawn_ns;  // closed model: this loop's users
  RateSchedule schedule;               // open model: this loop's share
  double schedule_phase = 0;           // open model, constant gaps: offset in arrivals
  int initial_connections = 0;
  int max_connections = 0;
  uint64_t request_quota = 0;  // 0 = unlimited
  int64_t start_ns = 0;
  int64_t end_ns = INT64_MAX;
  const std::atomic<bool>* stop = nullptr;
};

class Worker {
 public:
  explicit Worker(WorkerConfig config);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void run();  // returns when the run is over

  const std::vector<EndpointStats>& stats() const { return stats_; }
  const SendStats& send_stats() const { return send_stats_; }
  int64_t last_response_ns() const { return last_response_ns_; }
  int64_t stopped_ns() const { return stopped_ns_; }
  // Moves out the seconds finished so far (called by the collecting thread).
  std::vector<SecondRow> take_seconds();
  bool finished() const { return finished_.load(std::memory_order_acquire); }

 private:
  enum class State : uint8_t { kClosed, kConnecting, kSending, kAwaiting, kIdle };
  struct Connection {
    int fd = -1;
    State state = State::kClosed;
    bool has_request = false;  // a request is assigned (maybe waiting to connect)
    bool watching_out = false;
    bool retried = false;
    bool leftover_bytes = false;  // the server sent more than the response
    uint32_t generation = 0;
    uint32_t endpoint = 0;
    uint32_t requests_on_connection = 0;
    const char* send_data = nullptr;
    size_t send_len = 0, send_off = 0;
    int64_t intended_ns = 0, sent_ns = 0, deadline_ns = 0;
    HttpResponseParser parser;
    std::string request, scratch;  // rendered bytes of templated requests
  };
  struct Timer {
    int64_t at_ns;
    uint32_t connection;
    bool operator>(const Timer& o) const { return at_ns > o.at_ns; }
  };
  struct Backlogged {
    int64_t intended_ns;
  };
  struct Deferred {  // a connect that failed at once, finished in the next turn
    uint32_t index;
    int err;
  };

  bool open_model() const { return config_.options->rate.has_value(); }
  void assign_request(uint32_t index, int64_t intended_ns);
  void start_connect(uint32_t index);
  void on_connected(uint32_t index, int64_t now);
  void write_request(uint32_t index, int64_t now);
  void on_readable(uint32_t index, int64_t now);
  void on_io_error(uint32_t index, int err, int64_t now);
  void finish_request(uint32_t index, int status, int error_kind, int64_t now);
  void connection_free(uint32_t index, int64_t now);
  void close_connection(uint32_t index);
  void watch(uint32_t index, bool out);
  void dispatch_arrival(int64_t intended_ns, int64_t now);
  void next_user_request(uint32_t index, int64_t now);
  void expire_timeouts(int64_t now);
  // Waits for events until wake_ns (at once if connects failed) and handles them.
  void poll_events(int64_t wake_ns);
  void drain();
  void time_out_requests_in_flight();
  void roll_seconds(int64_t now, bool final);
  void process_deferred(int64_t now);
  bool may_issue() const { return quota_ == 0 || issued_ < quota_; }
  int64_t next_arrival_after(int64_t previous_ns);

  WorkerConfig config_;
  int epoll_fd_ = -1;
  Rng rng_;
  uint64_t sequence_ = 0;
  std::vector<Connection> connections_;
  std::vector<uint32_t> idle_;       // open model: free connections
  std::vector<uint32_t> unused_;     // open model: closed slots
  std::vector<Backlogged> backlog_;  // ring buffer of due sends
  size_t backlog_head_ = 0, backlog_size_ = 0;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<EndpointStats> stats_;
  SendStats send_stats_;
  uint64_t quota_ = 0, issued_ = 0, completed_ = 0;
  uint64_t open_connections_ = 0, active_users_ = 0;
  int64_t next_arrival_ns_ = INT64_MAX;
  int64_t last_response_ns_ = 0;
  int64_t stopped_ns_ = 0;
  bool issuing_ = true;  // false once the run time is over: no new requests
  std::vector<char> read_buffer_;
  std::vector<Deferred> deferred_, deferred_now_;

  // The second being filled, and finished seconds awaiting collection.
  SecondRow current_second_;
  std::mutex seconds_mutex_;
  std::vector<SecondRow> finished_seconds_;
  std::atomic<bool> finished_{false};
};

}  // namespace stackplan::load
