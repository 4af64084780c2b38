// The one progress line of long work (plan, simulate, load): on stderr,
// rewritten in place, only when stderr is a terminal and --quiet is not
// given, and not in the first second, so that short commands print nothing.
// The text reads "WHAT: DONE, RATE, ETA 25s" in every command.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace stackplan::cli {

// True when a progress line may be shown: stderr is a terminal and not quiet.
bool progress_wanted(bool quiet);

class ProgressLine {
 public:
  // Disabled: show() and clear() do nothing.
  explicit ProgressLine(bool enabled);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  // Wall time since the line was created (the start of the work).
  std::chrono::duration<double> elapsed() const { return Clock::now() - start_; }
  // Rewrites the line; nothing in the first second, nor more often than a
  // few times a second, nor when disabled.
  void show(const std::string& line);
  // Erases the line, before the command's own output.
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_shown_;
  size_t shown_ = 0;  // width of the line on screen, to erase it
};

// "ETA 25s" from the fraction done (0..1) and the wall time it took; empty
// before anything is done.
std::string eta_text(double fraction_done, std::chrono::duration<double> elapsed);

// "12s" under a minute, then as format_duration ("1m 05s", "2h 03m").
std::string whole_seconds_text(std::chrono::duration<double> d);

// "12s of 30s (40%)"-style percent, clamped to 0..100.
int percent(double fraction_done);

}  // namespace stackplan::cli
