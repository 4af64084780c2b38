#include "core/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "core/text_file.h"
#include "core/units.h"

namespace stackplan {
namespace {

// z-score of the 99th percentile of the standard normal.
constexpr double kZ99 = 2.3263478740408408;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits "a, b=c" into trimmed arguments; a "name=" prefix is returned apart.
struct Arg {
  std::string_view name, value;
};
std::vector<Arg> split_args(std::string_view s) {
  std::vector<Arg> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      std::string_view part = trim(s.substr(start, i - start));
      Arg arg{{}, part};
      if (auto eq = part.find('='); eq != std::string_view::npos) {
        arg.name = trim(part.substr(0, eq));
        arg.value = trim(part.substr(eq + 1));
      }
      out.push_back(arg);
      start = i + 1;
    }
  }
  return out;
}

Error expected(std::string_view text) {
  return Error(fmt::format(
      "expected a duration distribution like 3s, uniform(100ms, 500ms), exponential(10ms), "
      "lognormal(mean=3s, p99=8s) or empirical(file), got \"{}\"",
      text));
}

}  // namespace

Distribution Distribution::constant(Duration d) {
  Distribution x;
  x.kind_ = Kind::kConstant;
  x.a_ = static_cast<double>(d.ns());
  return x;
}

Distribution Distribution::uniform(Duration lo, Duration hi) {
  Distribution x;
  x.kind_ = Kind::kUniform;
  x.a_ = static_cast<double>(lo.ns());
  x.b_ = static_cast<double>(hi.ns());
  return x;
}

Distribution Distribution::exponential(Duration mean) {
  Distribution x;
  x.kind_ = Kind::kExponential;
  x.a_ = static_cast<double>(mean.ns());
  return x;
}

Result<Distribution> Distribution::lognormal(Duration mean, Duration p99) {
  if (mean.ns() <= 0 || p99 <= mean) return Error("lognormal needs 0 < mean < p99");
  // mean = exp(mu + s^2/2) and p99 = exp(mu + z s)  =>  s^2/2 - z s + ln(p99/mean) = 0.
  double gap = std::log(static_cast<double>(p99.ns()) / static_cast<double>(mean.ns()));
  double disc = kZ99 * kZ99 - 2 * gap;
  if (disc < 0)
    return Error(fmt::format("no lognormal has a p99 {:.1f}x its mean (at most {:.1f}x)",
                             std::exp(gap), std::exp(kZ99 * kZ99 / 2)));
  Distribution x;
  x.kind_ = Kind::kLognormal;
  x.b_ = kZ99 - std::sqrt(disc);
  x.a_ = std::log(static_cast<double>(mean.ns())) - x.b_ * x.b_ / 2;
  return x;
}

Result<Distribution> Distribution::empirical(std::vector<Duration> samples) {
  if (samples.empty()) return Error("empirical distribution needs at least one sample");
  Distribution x;
  x.kind_ = Kind::kEmpirical;
  x.samples_ = std::make_shared<const std::vector<Duration>>(std::move(samples));
  return x;
}

Result<Distribution> Distribution::parse(std::string_view text, const std::string& base_dir) {
  std::string_view t = trim(text);
  auto open = t.find('(');
  if (open == std::string_view::npos) {
    auto d = parse_duration(t);
    if (!d) return expected(text);
    return constant(*d);
  }
  if (t.back() != ')') return expected(text);
  std::string_view name = trim(t.substr(0, open));
  auto args = split_args(t.substr(open + 1, t.size() - open - 2));
  auto durations = [&](size_t n) -> Result<std::vector<Duration>> {
    if (args.size() != n)
      return Error(
          fmt::format("{}(...) takes {} argument{}, got \"{}\"", name, n, n == 1 ? "" : "s", text));
    std::vector<Duration> out;
    for (auto& a : args) {
      auto d = parse_duration(a.value);
      if (!d) return Error(fmt::format("in \"{}\": {}", text, d.error().message()));
      out.push_back(*d);
    }
    return out;
  };
  if (name == "constant") {
    auto d = durations(1);
    if (!d) return d.error();
    return constant((*d)[0]);
  }
  if (name == "uniform") {
    auto d = durations(2);
    if (!d) return d.error();
    if ((*d)[1] < (*d)[0])
      return Error(fmt::format("uniform(lo, hi) needs lo <= hi, got \"{}\"", text));
    return uniform((*d)[0], (*d)[1]);
  }
  if (name == "exponential") {
    auto d = durations(1);
    if (!d) return d.error();
    return exponential((*d)[0]);
  }
  if (name == "lognormal") {
    auto d = durations(2);
    if (!d) return d.error();
    Duration mean = (*d)[0], p99 = (*d)[1];
    for (auto& a : args)
      if (!a.name.empty() && a.name != "mean" && a.name != "p99")
        return Error(fmt::format("lognormal takes mean= and p99=, got \"{}=\"", a.name));
    if (args[0].name == "p99") std::swap(mean, p99);
    auto r = lognormal(mean, p99);
    if (!r) return Error(fmt::format("in \"{}\": {}", text, r.error().message()));
    return r;
  }
  if (name == "empirical") {
    if (args.size() != 1 || args[0].value.empty())
      return Error(fmt::format("empirical(file) takes one file name, got \"{}\"", text));
    std::string path(args[0].value);
    if (!path.empty() && path[0] != '/') path = base_dir + "/" + path;
    auto content = read_text_file(path);
    if (!content) return Error(fmt::format("empirical: {}", content.error().message()));
    std::istringstream in(*content);
    std::vector<Duration> samples;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      auto v = trim(line);
      if (v.empty() || v[0] == '#') continue;
      auto d = parse_duration(v);
      if (!d) {
        char* end = nullptr;
        std::string s(v);
        double ms = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || !(ms >= 0))
          return Error(fmt::format("{}:{}: expected a duration or milliseconds, got \"{}\"", path,
                                   line_no, v));
        if (ms / 1000 > Duration::longest().seconds_f())
          return Error(fmt::format("{}:{}: {}ms is longer than the limit of {}d", path, line_no, v,
                                   Duration::longest().seconds_f() / 86400));
        d = Duration::from_seconds(ms / 1000);
      }
      samples.push_back(*d);
    }
    auto r = empirical(std::move(samples));
    if (!r) return Error(fmt::format("{}: {}", path, r.error().message()));
    r->source_ = path;
    return r;
  }
  return expected(text);
}

Duration Distribution::mean() const {
  switch (kind_) {
    case Kind::kConstant:
    case Kind::kExponential:
      return Duration::nanoseconds(static_cast<int64_t>(a_));
    case Kind::kUniform:
      return Duration::nanoseconds(static_cast<int64_t>((a_ + b_) / 2));
    case Kind::kLognormal:
      return Duration::nanoseconds(static_cast<int64_t>(std::exp(a_ + b_ * b_ / 2)));
    case Kind::kEmpirical: {
      double sum = 0;
      for (auto d : *samples_) sum += static_cast<double>(d.ns());
      return Duration::nanoseconds(static_cast<int64_t>(sum / samples_->size()));
    }
  }
  return Duration();
}

Duration Distribution::largest_parameter() const {
  switch (kind_) {
    case Kind::kConstant:
    case Kind::kExponential:
      return Duration::clamped_delay_ns(a_);
    case Kind::kUniform:
      return Duration::clamped_delay_ns(b_);
    case Kind::kLognormal:
      return Duration::clamped_delay_ns(std::exp(a_ + kZ99 * b_));
    case Kind::kEmpirical:
      return *std::max_element(samples_->begin(), samples_->end());
  }
  return Duration();
}

std::string Distribution::describe() const {
  auto ms = [](double ns) { return fmt::format("{:g}ms", ns / 1e6); };
  switch (kind_) {
    case Kind::kConstant:
      return ms(a_);
    case Kind::kUniform:
      return fmt::format("uniform({}, {})", ms(a_), ms(b_));
    case Kind::kExponential:
      return fmt::format("exponential({})", ms(a_));
    case Kind::kLognormal:
      return fmt::format("lognormal(mean={}, p99={})", ms(std::exp(a_ + b_ * b_ / 2)),
                         ms(std::exp(a_ + kZ99 * b_)));
    case Kind::kEmpirical:
      return fmt::format("empirical({}, {} samples)", source_, samples_->size());
  }
  return "?";
}

}  // namespace stackplan
