#include "scenario/traffic_parser.h"

#include <fmt/format.h>

#include <cmath>

namespace stackplan {
namespace {

constexpr double kPi = 3.141592653589793;
// A daily curve is approximated by constant-rate stretches this long.
constexpr Duration kCurveStep = Duration::seconds(60);
// Every field of the traffic section, in any of its shapes.
constexpr const char* kTrafficFields[] = {
    "request", "patience", "users",       "spawn_rate",       "spawn",
    "wait",    "duration", "run_end_lag", "arrivals",         "rate",
    "steps",   "spike",    "daily",       "orders_per_month", "flash_sales"};

void add_segment(OpenTraffic& o, Duration start, Duration end, double rate) {
  if (end > start) o.segments.push_back({start, end, rate});
}

// An arrival rate the engine can run: zero, or from kSlowestRatePerSecond to
// kFastestRatePerSecond.
std::optional<Rate> read_rate(MapReader& m, const std::string& key) {
  auto r = m.rate(key);
  if (!r || r->per_second == 0) return r;
  if (r->per_second < kSlowestRatePerSecond || r->per_second > kFastestRatePerSecond) {
    m.fail(key, fmt::format("must be 0 or from {:g}/s to {:g}/s, got \"{}\"", kSlowestRatePerSecond,
                            kFastestRatePerSecond, scalar_text(m.raw(key)).value_or("")));
    return std::nullopt;
  }
  return r;
}

void read_closed(MapReader& m, Traffic& t) {
  auto& c = t.closed;
  c.users = m.integer("users", 1, 1, 10000000);
  if (auto r = read_rate(m, "spawn_rate")) {
    if (r->per_second <= 0)
      m.fail("spawn_rate", "must be above zero");
    else
      c.spawn_rate = r->per_second;
  } else {
    c.spawn_rate = static_cast<double>(c.users);  // all at once
  }
  if (auto v = m.choice("spawn", {"batch", "uniform"}))
    c.spawn = *v == "uniform" ? ClosedTraffic::Spawn::kUniform : ClosedTraffic::Spawn::kBatch;
  if (auto v = m.distribution("wait")) c.wait = *v;
  t.run_end_lag = m.duration("run_end_lag", t.run_end_lag);
}

void read_steps(MapReader& m, OpenTraffic& o, Duration& total) {
  Duration at;
  for (auto step : m.list_of_maps("steps")) {
    bool had_rate = step.has("rate"), had_length = step.has("for");
    auto rate = read_rate(step, "rate");
    auto length = step.duration("for");
    if (!had_rate) step.fail("", "missing field rate, e.g. rate: 10/s");
    if (!had_length) step.fail("", "missing field for, e.g. for: 30s");
    step.finish();
    if (length && at + *length > kLongestRun) {
      step.fail("for", fmt::format("the steps must end within {:g}d, the longest run",
                                   kLongestRun.seconds_f() / 86400));
      break;
    }
    if (rate && length) {
      add_segment(o, at, at + *length, rate->per_second);
      at += *length;
    }
  }
  total = at;
}

void read_spike(MapReader m, OpenTraffic& o, Duration total) {
  auto baseline = read_rate(m, "baseline");
  auto rate = read_rate(m, "rate");
  auto at = m.duration("at");
  auto length = m.duration("for");
  m.finish();
  if (!baseline || !rate || !at || !length) {
    m.fail("",
           "a spike needs baseline, rate, at and for, e.g. "
           "{baseline: 5/s, rate: 60/s, at: 10min, for: 60s}");
    return;
  }
  if (*at + *length > total) {
    m.fail("at", "the spike must end within traffic.duration");
    return;
  }
  add_segment(o, Duration(), *at, baseline->per_second);
  add_segment(o, *at, *at + *length, rate->per_second);
  add_segment(o, *at + *length, total, baseline->per_second);
}

void read_daily(MapReader m, OpenTraffic& o, Duration total) {
  auto peak = read_rate(m, "peak");
  auto trough = read_rate(m, "trough");
  auto peak_at = m.duration("peak_at", Duration::seconds(20 * 3600));
  m.finish();
  if (!peak || !trough || trough->per_second > peak->per_second) {
    m.fail("", "a daily curve needs peak and trough rates with trough <= peak");
    return;
  }
  // A cosine with a 24 h period, highest at peak_at.
  double mid = (peak->per_second + trough->per_second) / 2;
  double amplitude = (peak->per_second - trough->per_second) / 2;
  for (Duration s; s < total; s += kCurveStep) {
    Duration e = std::min(s + kCurveStep, total);
    double centre_h = (s.seconds_f() + e.seconds_f()) / 2 / 3600;
    double rate =
        mid + amplitude * std::cos(2 * kPi * (centre_h - peak_at.seconds_f() / 3600) / 24);
    add_segment(o, s, e, rate);
  }
}

void read_monthly(MapReader& m, OpenTraffic& o, Duration& total) {
  auto orders = m.integer("orders_per_month", 0, INT64_MAX);
  total = kMonth;
  double flash_orders = 0;
  Duration flash_time;
  struct Flash {
    int64_t count;
    double rate;
    Duration length;
  };
  std::optional<Flash> flash;
  if (m.has("flash_sales")) {
    auto f = m.map("flash_sales");
    auto count = f.integer("per_month", 1, 1000);
    auto rate = read_rate(f, "rate");
    auto length = f.duration("for");
    f.finish();
    if (!count || !rate || !length) {
      f.fail("",
             "flash_sales needs per_month, rate and for, e.g. "
             "{per_month: 4, rate: 60/s, for: 1h}");
    } else if (length->seconds_f() * static_cast<double>(*count) >= kMonth.seconds_f()) {
      f.fail("for", "the flash sales together must be shorter than the month (730h)");
      return;
    } else {
      flash = Flash{*count, rate->per_second, *length};
      flash_time = *length * *count;
      flash_orders = rate->per_second * flash_time.seconds_f();
    }
  } else {
    m.raw("flash_sales");
  }
  if (!orders) return;
  if (flash_orders > static_cast<double>(*orders) || flash_time >= kMonth) {
    m.fail("flash_sales", "the flash sales alone exceed orders_per_month");
    return;
  }
  double base = (static_cast<double>(*orders) - flash_orders) / (kMonth - flash_time).seconds_f();
  if (!flash) {
    add_segment(o, Duration(), kMonth, base);
    return;
  }
  // Flash sales evenly spaced through the month, each centred in its slot.
  Duration slot = Duration::nanoseconds(kMonth.ns() / flash->count);
  Duration at;
  for (int64_t k = 0; k < flash->count; ++k) {
    Duration start = slot * k + Duration::nanoseconds((slot - flash->length).ns() / 2);
    add_segment(o, at, start, base);
    add_segment(o, start, start + flash->length, flash->rate);
    at = start + flash->length;
  }
  add_segment(o, at, kMonth, base);
}

}  // namespace

void read_traffic(MapReader m, Traffic& t) {
  if (auto v = m.string("request")) t.request_name = *v;
  t.patience = m.duration("patience");
  int shapes = m.has("users") + m.has("rate") + m.has("steps") + m.has("spike") + m.has("daily") +
               m.has("orders_per_month");
  if (shapes != 1) {
    m.fail("",
           "needs exactly one traffic shape: users (closed), rate, steps, spike, daily "
           "or orders_per_month (open)");
    // Known, so that only misspelt keys are reported, with their suggestion.
    for (const char* key : kTrafficFields) m.raw(key);
    m.finish();
    return;
  }
  if (m.has("users")) {
    t.model = Traffic::Model::kClosed;
    read_closed(m, t);
    t.duration = m.duration("duration", t.duration);
    if (t.run_end_lag >= t.duration) m.fail("run_end_lag", "must be shorter than traffic.duration");
    m.finish();
    return;
  }
  t.model = Traffic::Model::kOpen;
  auto& o = t.open;
  if (auto v = m.choice("arrivals", {"poisson", "constant"}))
    o.process = *v == "constant" ? OpenTraffic::Process::kConstant : OpenTraffic::Process::kPoisson;
  t.run_end_lag = m.duration("run_end_lag", Duration());
  if (m.has("steps")) {
    read_steps(m, o, t.duration);
  } else if (m.has("orders_per_month")) {
    read_monthly(m, o, t.duration);
  } else {
    t.duration = m.duration("duration", m.has("daily") ? Duration::seconds(86400) : t.duration);
    if (m.has("rate")) {
      if (auto r = read_rate(m, "rate")) add_segment(o, Duration(), t.duration, r->per_second);
    } else if (m.has("spike")) {
      read_spike(m.map("spike"), o, t.duration);
    } else {
      read_daily(m.map("daily"), o, t.duration);
    }
  }
  if (t.run_end_lag > Duration() && t.run_end_lag >= t.duration)
    m.fail("run_end_lag", "must be shorter than traffic.duration");
  double expected_orders = 0;
  for (const auto& seg : o.segments)
    expected_orders += seg.per_second * (seg.end - seg.start).seconds_f();
  if (expected_orders > kMostOrdersPerRun)
    m.fail("", fmt::format("about {:.3g} orders in one run, more than the {:.3g} one run can "
                           "simulate: shorten the run or lower the rate",
                           expected_orders, kMostOrdersPerRun));
  m.finish();
}

}  // namespace stackplan
