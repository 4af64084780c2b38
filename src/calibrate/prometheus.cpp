#include "calibrate/prometheus.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

namespace stackplan::calibrate {
namespace {

bool is_name_start(char c, bool colon_allowed) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (colon_allowed && c == ':');
}
bool is_name_char(char c, bool colon_allowed) {
  return is_name_start(c, colon_allowed) || (c >= '0' && c <= '9');
}
bool is_name(std::string_view name, bool colon_allowed) {
  if (name.empty() || !is_name_start(name[0], colon_allowed)) return false;
  for (char c : name)
    if (!is_name_char(c, colon_allowed)) return false;
  return true;
}

// A number as Prometheus (Go's strconv.ParseFloat) writes it: decimal or
// exponent notation with an optional sign, or NaN / Inf / Infinity in any case.
std::optional<double> parse_float(std::string_view token) {
  bool negative = false;
  if (!token.empty() && (token[0] == '+' || token[0] == '-')) {
    negative = token[0] == '-';
    token.remove_prefix(1);
  }
  if (token.empty() || token[0] == '+' || token[0] == '-') return std::nullopt;
  double value = 0;
  const char* end = token.data() + token.size();
  auto [stop, ec] = std::from_chars(token.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || stop != end) return std::nullopt;
  return negative ? -value : value;
}

// A number in an error message, as Prometheus writes it (+Inf, 0.005).
std::string fmt_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return std::string(text, ec == std::errc() ? end : text);
}

// One line of the text format, read left to right.
class LineParser {
 public:
  explicit LineParser(std::string_view line) : line_(line) {}

  Result<MetricSample> parse() {
    MetricSample sample;
    sample.name = std::string(take_while([](char c) { return is_name_char(c, true); }));
    if (!is_metric_name(sample.name)) return Error("expected a metric name");
    skip_blanks();
    if (peek() == '{') {
      ++pos_;
      if (auto status = parse_labels(sample.labels); !status.ok()) return Error(status.message());
      skip_blanks();
    }
    std::string_view value = take_token();
    if (value.empty()) return Error("expected a value after the metric name");
    auto number = parse_float(value);
    if (!number) return Error("value \"" + std::string(value) + "\" is not a number");
    sample.value = *number;
    skip_blanks();
    std::string_view timestamp = take_token();
    if (!timestamp.empty()) {
      int64_t ms = 0;
      auto [stop, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ms);
      if (ec != std::errc() || stop != timestamp.data() + timestamp.size())
        return Error("timestamp \"" + std::string(timestamp) + "\" is not an integer");
      skip_blanks();
      if (pos_ < line_.size())
        return Error("unexpected \"" + std::string(line_.substr(pos_)) + "\" after the timestamp");
    }
    return sample;
  }

 private:
  static constexpr char kEnd = '\0';  // peek() past the end of the line

  char peek() const { return pos_ < line_.size() ? line_[pos_] : kEnd; }
  void skip_blanks() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
  }
  template <typename Pred>
  std::string_view take_while(Pred pred) {
    size_t start = pos_;
    while (pos_ < line_.size() && pred(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::string_view take_token() {
    return take_while([](char c) { return c != ' ' && c != '\t'; });
  }

  // After '{': label="value" pairs separated by commas (a trailing comma
  // allowed), up to and including '}'.
  Status parse_labels(Labels& labels) {
    while (true) {
      skip_blanks();
      if (peek() == '}') {
        ++pos_;
        return Status::Ok();
      }
      std::string name(take_while([](char c) { return is_name_char(c, false); }));
      if (!is_label_name(name)) return Error("expected a label name or '}'");
      skip_blanks();
      if (peek() != '=') return Error("expected '=' after the label name " + name);
      ++pos_;
      skip_blanks();
      if (peek() != '"') return Error("expected '\"' to open the value of label " + name);
      ++pos_;
      std::string value;
      if (auto status = parse_label_value(name, value); !status.ok()) return status;
      for (const auto& [existing, unused] : labels)
        if (existing == name) return Error("label " + name + " given twice");
      labels.emplace_back(std::move(name), std::move(value));
      skip_blanks();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != '}') {
        return Error("expected ',' or '}' after the value of label " + labels.back().first);
      }
    }
  }

  // After the opening quote, up to and including the closing one.
  Status parse_label_value(const std::string& name, std::string& value) {
    while (pos_ < line_.size()) {
      char c = line_[pos_++];
      if (c == '"') return Status::Ok();
      if (c != '\\') {
        value += c;
        continue;
      }
      char escaped = peek();
      ++pos_;
      if (escaped == '\\' || escaped == '"') {
        value += escaped;
      } else if (escaped == 'n') {
        value += '\n';
      } else {
        return Error("invalid escape in the value of label " + name +
                     " (only \\\\, \\\" and \\n are allowed)");
      }
    }
    return Error("the value of label " + name + " is not closed with '\"'");
  }

  std::string_view line_;
  size_t pos_ = 0;
};

}  // namespace

bool is_metric_name(std::string_view name) { return is_name(name, true); }
bool is_label_name(std::string_view name) { return is_name(name, false); }

std::optional<double> Scrape::value(std::string_view name, const Labels& labels) const {
  for (const auto& sample : samples) {
    if (sample.name != name) continue;
    bool all = true;
    for (const auto& wanted : labels) {
      bool found = false;
      for (const auto& have : sample.labels) found = found || have == wanted;
      all = all && found;
    }
    if (all) return sample.value;
  }
  return std::nullopt;
}

std::optional<double> Scrape::sum(std::string_view name) const {
  std::optional<double> total;
  for (const auto& sample : samples)
    if (sample.name == name) total = total.value_or(0) + sample.value;
  return total;
}

Result<Scrape> parse_prometheus_text(std::string_view text, std::string_view source) {
  const std::string where(source);
  if (text.size() > kMaxScrapeBytes)
    return Error(where + ": " + std::to_string(text.size()) + " bytes, more than the " +
                 std::to_string(kMaxScrapeBytes >> 20) + " MiB a scrape may have");
  Scrape scrape;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto sample = LineParser(line.substr(first)).parse();
    if (!sample.ok())
      return Error(where + ":" + std::to_string(line_number) + ": " + sample.error().message());
    if (scrape.samples.size() == kMaxSamples)
      return Error(where + ":" + std::to_string(line_number) + ": more than " +
                   std::to_string(kMaxSamples) + " samples, the most a scrape may have");
    scrape.samples.push_back(std::move(sample).value());
  }
  return scrape;
}

namespace {

std::string describe(std::string_view family, const Labels& labels) {
  std::string out(family);
  if (labels.empty()) return out;
  out += '{';
  for (const auto& [name, value] : labels) {
    if (out.back() != '{') out += ',';
    out += name + "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + '}';
}

// One label set of a family (every label but le), before merging.
struct Series {
  std::vector<std::pair<double, double>> buckets;  // in file order until checked
  std::optional<double> sum, count;
};

// The label set without le, sorted so that the same set written in another
// order is the same series.
Labels series_key(const Labels& labels) {
  Labels key;
  for (const auto& label : labels)
    if (label.first != "le") key.push_back(label);
  std::sort(key.begin(), key.end());
  return key;
}

Status check_series(const std::string& what, Series& series) {
  auto& buckets = series.buckets;
  if (buckets.empty()) return Error(what + ": no _bucket samples");
  std::sort(buckets.begin(), buckets.end());
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (!(buckets[i].second >= 0))
      return Error(what + ": bucket le=" + fmt_number(buckets[i].first) + " has count " +
                   fmt_number(buckets[i].second) + ", not a count");
    if (i > 0 && buckets[i].first == buckets[i - 1].first)
      return Error(what + ": bucket le=" + fmt_number(buckets[i].first) + " given twice");
    if (i > 0 && buckets[i].second < buckets[i - 1].second)
      return Error(what + ": buckets are not cumulative (le=" + fmt_number(buckets[i].first) +
                   " counts fewer than le=" + fmt_number(buckets[i - 1].first) + ")");
  }
  if (buckets.back().first != std::numeric_limits<double>::infinity())
    return Error(what + ": no le=\"+Inf\" bucket");
  if (!series.count) return Error(what + ": no _count sample");
  if (!series.sum) return Error(what + ": no _sum sample");
  if (*series.count != buckets.back().second)
    return Error(what + ": _count is " + fmt_number(*series.count) +
                 " but the +Inf bucket counts " + fmt_number(buckets.back().second));
  return Status::Ok();
}

}  // namespace

Result<std::optional<HistogramSnapshot>> histogram(const Scrape& scrape, std::string_view name) {
  const std::string family(name);
  const std::string bucket_name = family + "_bucket", sum_name = family + "_sum",
                    count_name = family + "_count";
  std::map<Labels, Series> series;
  for (const auto& sample : scrape.samples) {
    if (sample.name == bucket_name) {
      const std::string what = describe(bucket_name, sample.labels);
      auto le = std::find_if(sample.labels.begin(), sample.labels.end(),
                             [](const auto& label) { return label.first == "le"; });
      if (le == sample.labels.end()) return Error("histogram " + what + ": no le label");
      auto bound = parse_float(le->second);
      if (!bound || std::isnan(*bound))
        return Error("histogram " + what + ": le \"" + le->second + "\" is not a number");
      series[series_key(sample.labels)].buckets.emplace_back(*bound, sample.value);
    } else if (sample.name == sum_name) {
      series[series_key(sample.labels)].sum = sample.value;
    } else if (sample.name == count_name) {
      series[series_key(sample.labels)].count = sample.value;
    }
  }
  if (series.empty()) return std::optional<HistogramSnapshot>();

  HistogramSnapshot merged;
  for (auto& [labels, one] : series) {
    const std::string what = "histogram " + describe(family, labels);
    if (auto status = check_series(what, one); !status.ok()) return Error(status.message());
    if (merged.buckets.empty()) {
      merged.buckets = one.buckets;
    } else {
      if (merged.buckets.size() != one.buckets.size())
        return Error(what + ": its buckets differ from the family's other label sets");
      for (size_t i = 0; i < one.buckets.size(); ++i) {
        if (merged.buckets[i].first != one.buckets[i].first)
          return Error(what + ": its buckets differ from the family's other label sets");
        merged.buckets[i].second += one.buckets[i].second;
      }
    }
    merged.sum += *one.sum;
    merged.count += *one.count;
  }
  return std::optional<HistogramSnapshot>(std::move(merged));
}

double HistogramSnapshot::mean() const { return count > 0 ? sum / count : 0; }

double HistogramSnapshot::quantile(double q) const {
  if (buckets.size() < 2 || !(buckets.back().second > 0)) return 0;
  q = std::isnan(q) ? 0 : std::clamp(q, 0.0, 1.0);
  const double rank = q * buckets.back().second;
  // The first bucket that reaches the rank and holds observations (at rank 0,
  // the first non-empty one), so the bucket interpolated in is never empty.
  size_t b = 0;
  while (b + 1 < buckets.size() && !(buckets[b].second >= rank && buckets[b].second > 0)) ++b;
  if (b == buckets.size() - 1) return buckets[b - 1].first;  // in +Inf: the highest finite bound
  const double upper = buckets[b].first;
  if (b == 0 && upper <= 0) return upper;
  const double lower = b == 0 ? 0 : buckets[b - 1].first;
  const double below = b == 0 ? 0 : buckets[b - 1].second;
  const double inside = buckets[b].second - below;
  return lower + (upper - lower) * ((rank - below) / inside);
}

HistogramSnapshot HistogramSnapshot::minus(const HistogramSnapshot& earlier) const {
  if (earlier.buckets.size() != buckets.size() || earlier.count > count) return *this;
  HistogramSnapshot window = *this;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (earlier.buckets[i].first != buckets[i].first ||
        earlier.buckets[i].second > buckets[i].second)
      return *this;
    window.buckets[i].second -= earlier.buckets[i].second;
  }
  window.sum -= earlier.sum;
  window.count -= earlier.count;
  return window;
}

}  // namespace stackplan::calibrate
