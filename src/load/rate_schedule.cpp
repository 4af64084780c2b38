#include "load/rate_schedule.h"

#include <algorithm>
#include <string>

#include "core/units.h"

namespace stackplan::load {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

RateSchedule RateSchedule::constant(double per_second) {
  RateSchedule s;
  s.segments_.push_back({Duration(), per_second});
  return s;
}

RateSchedule RateSchedule::from_segments(std::vector<Segment> segments) {
  RateSchedule s;
  s.segments_ = std::move(segments);
  if (s.segments_.empty()) s.segments_.push_back({Duration(), 0});
  return s;
}

Result<RateSchedule> RateSchedule::parse_steps(std::string_view text) {
  RateSchedule s;
  Duration at;
  bool open_ended = false;
  while (!trim(text).empty()) {
    size_t comma = text.find(',');
    std::string_view step = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    if (open_ended) return Error("steps: only the last step may omit \"for <duration>\"");
    size_t for_pos = step.find(" for ");
    auto rate = parse_rate(trim(step.substr(0, for_pos)));
    if (!rate) return Error("steps: " + rate.error().message());
    s.segments_.push_back({at, rate->per_second});
    if (for_pos == std::string_view::npos) {
      open_ended = true;
      continue;
    }
    auto length = parse_duration(trim(step.substr(for_pos + 5)));
    if (!length) return Error("steps: " + length.error().message());
    at += *length;
  }
  if (s.segments_.empty()) return Error("steps: expected \"1000/s for 10s, 2000/s for 10s, ...\"");
  if (!open_ended) s.segments_.push_back({at, 0});
  return s;
}

RateSchedule RateSchedule::spike(double baseline, double peak, Duration at, Duration length) {
  RateSchedule s;
  s.segments_.push_back({Duration(), baseline});
  s.segments_.push_back({at, peak});
  s.segments_.push_back({at + length, baseline});
  if (at == Duration()) s.segments_.erase(s.segments_.begin());
  return s;
}

Result<RateSchedule> RateSchedule::parse_spike(double baseline, std::string_view text) {
  size_t at_pos = text.find(" at ");
  size_t for_pos = text.find(" for ");
  if (at_pos == std::string_view::npos || for_pos == std::string_view::npos || for_pos < at_pos)
    return Error("spike: expected \"<rate> at <time> for <duration>\", e.g. 20000/s at 30s for 5s");
  auto peak = parse_rate(trim(text.substr(0, at_pos)));
  if (!peak) return Error("spike: " + peak.error().message());
  auto at = parse_duration(trim(text.substr(at_pos + 4, for_pos - at_pos - 4)));
  if (!at) return Error("spike: " + at.error().message());
  auto length = parse_duration(trim(text.substr(for_pos + 5)));
  if (!length) return Error("spike: " + length.error().message());
  return spike(baseline, peak->per_second, *at, *length);
}

double RateSchedule::rate_at(Duration t) const {
  double r = 0;
  for (const auto& seg : segments_) {
    if (seg.start > t) break;
    r = seg.per_second;
  }
  return r;
}

Duration RateSchedule::advance(Duration from, double arrivals) const {
  if (segments_.empty()) return Duration::max();
  size_t i = 0;
  while (i + 1 < segments_.size() && segments_[i + 1].start <= from) ++i;
  Duration cur = std::max(from, segments_[i].start);
  for (; i < segments_.size(); ++i) {
    double rate = segments_[i].per_second;
    bool last = i + 1 == segments_.size();
    if (last) {
      if (rate <= 0) return Duration::max();
      return cur + Duration::from_seconds(arrivals / rate);
    }
    Duration end = segments_[i + 1].start;
    double capacity = rate * (end - cur).seconds_f();
    if (rate > 0 && arrivals <= capacity) return cur + Duration::from_seconds(arrivals / rate);
    arrivals -= capacity;
    cur = end;
  }
  return Duration::max();
}

double RateSchedule::expected_arrivals(Duration until) const {
  double total = 0;
  for (size_t i = 0; i < segments_.size(); ++i) {
    Duration start = segments_[i].start;
    if (start >= until) break;
    Duration end = i + 1 < segments_.size() ? std::min(segments_[i + 1].start, until) : until;
    total += segments_[i].per_second * (end - start).seconds_f();
  }
  return total;
}

RateSchedule RateSchedule::scaled(double factor) const {
  RateSchedule s = *this;
  for (auto& seg : s.segments_) seg.per_second *= factor;
  return s;
}

double RateSchedule::peak() const {
  double p = 0;
  for (const auto& seg : segments_) p = std::max(p, seg.per_second);
  return p;
}

}  // namespace stackplan::load
