#include "load/threshold.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "core/units.h"

namespace stackplan::load {
namespace {

bool parse_double(std::string_view s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

double percent(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0;
}

}  // namespace

Result<Threshold> Threshold::parse(std::string_view text) {
  Threshold t;
  t.expression_ = std::string(text);
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  size_t op_pos = s.find_first_of("<>");
  const std::string usage =
      "bad threshold \"" + t.expression_ +
      "\": expected <metric><op><value>, e.g. p95<200ms, failures<1%, rps>=900";
  if (op_pos == std::string_view::npos || op_pos == 0) return Error(usage);
  std::string_view metric = s.substr(0, op_pos);
  while (!metric.empty() && metric.back() == ' ') metric.remove_suffix(1);
  bool or_equal = op_pos + 1 < s.size() && s[op_pos + 1] == '=';
  t.op_ = s[op_pos] == '<' ? (or_equal ? Op::kLessEqual : Op::kLess)
                           : (or_equal ? Op::kGreaterEqual : Op::kGreater);
  std::string_view value = s.substr(op_pos + (or_equal ? 2 : 1));
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  bool is_percent = !value.empty() && value.back() == '%';
  std::string_view number = is_percent ? value.substr(0, value.size() - 1) : value;

  bool latency = metric == "avg" || metric == "min" || metric == "max" || metric == "med" ||
                 (metric.size() > 1 && metric[0] == 'p');
  if (latency) {
    t.metric_ = Metric::kLatency;
    if (metric == "avg")
      t.quantile_ = -1;
    else if (metric == "min")
      t.quantile_ = 0;
    else if (metric == "max")
      t.quantile_ = 1;
    else if (metric == "med")
      t.quantile_ = 0.5;
    else {
      double p = 0;
      std::string_view digits = metric.substr(1);
      // p999 means 99.9 as in the JSON names; p99.9 works too.
      if (digits == "999") digits = "99.9";
      if (digits == "9999") digits = "99.99";
      if (!parse_double(digits, p) || p <= 0 || p > 100)
        return Error(usage + " (percentiles are p50, p95, p99, p99.9, ...)");
      t.quantile_ = p / 100;
    }
    auto d = parse_duration(value);
    if (!d) return Error(usage + ": " + d.error().message());
    t.limit_ = d->milliseconds_f();
    return t;
  }
  if (!parse_double(number, t.limit_)) return Error(usage);
  if (metric == "failures") {
    t.metric_ = is_percent ? Metric::kFailureRatio : Metric::kFailureCount;
  } else if (metric == "late") {
    t.metric_ = is_percent ? Metric::kLateRatio : Metric::kLateCount;
  } else if (metric == "dropped") {
    t.metric_ = is_percent ? Metric::kDroppedRatio : Metric::kDropped;
  } else if ((metric == "rps" || metric == "requests") && !is_percent) {
    t.metric_ = metric == "rps" ? Metric::kRps : Metric::kRequests;
  } else {
    return Error(usage +
                 " (metrics: p50..p999, avg, min, max, med, failures, rps, requests, "
                 "late, dropped)");
  }
  return t;
}

// Why the measure a threshold needs does not exist in this run (nothing
// answered, nothing was sent), or nullptr when it does. Such a threshold
// fails: a gate must not pass on a run that measured nothing.
const char* Threshold::missing_measure(const LoadReport& r) const {
  switch (metric_) {
    case Metric::kLatency:
      return r.total.responses() == 0 ? "no HTTP response arrived" : nullptr;
    case Metric::kFailureRatio:
      return r.total.requests == 0 ? "no request was made" : nullptr;
    case Metric::kLateRatio:
      return r.sends.sends == 0 ? "no request was sent" : nullptr;
    case Metric::kDroppedRatio:
      return r.sends.scheduled == 0 ? "no request was due" : nullptr;
    default:
      return nullptr;
  }
}

Threshold::Outcome Threshold::check(const LoadReport& r) const {
  Outcome o;
  o.expression = expression_;
  if (const char* why = missing_measure(r)) {
    o.actual = std::numeric_limits<double>::quiet_NaN();  // null in the JSON
    o.actual_text = std::string("none: ") + why;
    o.ok = false;
    return o;
  }
  const Histogram& h = r.total.latency;
  const SendStats& s = r.sends;
  switch (metric_) {
    case Metric::kLatency:
      o.actual = (quantile_ < 0 ? h.mean() : static_cast<double>(h.quantile(quantile_))) / 1e6;
      o.actual_text = fmt::format("{:.3f}ms", o.actual);
      break;
    case Metric::kFailureRatio:
      o.actual = percent(r.total.failures, r.total.requests);
      o.actual_text = fmt::format("{:.2f}%", o.actual);
      break;
    case Metric::kFailureCount:
      o.actual = static_cast<double>(r.total.failures);
      break;
    case Metric::kRps:
      o.actual =
          r.elapsed.ns() > 0 ? static_cast<double>(r.total.requests) / r.elapsed.seconds_f() : 0;
      o.actual_text = fmt::format("{:.2f}/s", o.actual);
      break;
    case Metric::kRequests:
      o.actual = static_cast<double>(r.total.requests);
      break;
    case Metric::kDropped:
      o.actual = static_cast<double>(s.dropped_sends);
      break;
    case Metric::kDroppedRatio:
      o.actual = percent(s.dropped_sends, s.scheduled);
      o.actual_text = fmt::format("{:.2f}%", o.actual);
      break;
    case Metric::kLateCount:
      o.actual = static_cast<double>(s.late_sends);
      break;
    case Metric::kLateRatio:
      o.actual = percent(s.late_sends, s.sends);
      o.actual_text = fmt::format("{:.2f}%", o.actual);
      break;
  }
  if (o.actual_text.empty()) o.actual_text = fmt::format("{}", static_cast<uint64_t>(o.actual));
  switch (op_) {
    case Op::kLess:
      o.ok = o.actual < limit_;
      break;
    case Op::kLessEqual:
      o.ok = o.actual <= limit_;
      break;
    case Op::kGreater:
      o.ok = o.actual > limit_;
      break;
    case Op::kGreaterEqual:
      o.ok = o.actual >= limit_;
      break;
  }
  return o;
}

bool all_ok(const std::vector<Threshold::Outcome>& outcomes) {
  for (const auto& o : outcomes)
    if (!o.ok) return false;
  return true;
}

}  // namespace stackplan::load
