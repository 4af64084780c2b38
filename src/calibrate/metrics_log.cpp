#include "calibrate/metrics_log.h"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

namespace stackplan::calibrate {
namespace {

// Key order is kept, so labels read back in the order they were written.
using Json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "stackplan-metrics-log";
constexpr double kNanosecondsPerSecond = 1e9;

double to_seconds(Duration d) { return static_cast<double>(d.ns()) / kNanosecondsPerSecond; }

Json value_json(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return value;
}

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

// Reading: `where` is "FILE: path" for messages.
class LogReader {
 public:
  explicit LogReader(std::string_view source) : source_(source) {}

  Error fail(const std::string& path, const std::string& what) const {
    return Error(source_ + ": " + path + ": " + what);
  }

  Status only_fields(const Json& object, const std::string& path,
                     std::initializer_list<std::string_view> known) const {
    for (const auto& [key, unused] : object.items()) {
      bool found = false;
      for (auto k : known) found = found || key == k;
      if (!found) return fail(path.empty() ? key : path + "." + key, "unknown field");
    }
    return Status::Ok();
  }

  Result<double> number(const Json& object, const std::string& key, const std::string& path) const {
    auto field = object.find(key);
    if (field == object.end()) return fail(path, "missing");
    if (!field->is_number()) return fail(path, "expected a number");
    return field->get<double>();
  }

  Result<Duration> seconds(const Json& object, const std::string& key, const std::string& path,
                           Duration low, Duration high) const {
    auto value = number(object, key, path);
    if (!value.ok()) return value.error();
    const double s = *value;
    if (!(s >= to_seconds(low) && s <= to_seconds(high)))
      return fail(path, fmt(s) + " seconds is outside [" + fmt(to_seconds(low)) + ", " +
                            fmt(to_seconds(high)) + "]");
    return Duration::from_seconds(s);
  }

  Result<MetricSample> sample(const Json& json, const std::string& path) const {
    if (!json.is_array() || json.size() != 3) return fail(path, "expected [name, {labels}, value]");
    MetricSample sample;
    if (!json[0].is_string()) return fail(path + "[0]", "expected a metric name (a string)");
    sample.name = json[0].get<std::string>();
    if (!is_metric_name(sample.name))
      return fail(path + "[0]", "\"" + sample.name + "\" is not a metric name");
    if (!json[1].is_object()) return fail(path + "[1]", "expected an object of labels");
    for (const auto& [name, value] : json[1].items()) {
      const std::string at = path + "[1]." + name;
      if (!is_label_name(name)) return fail(at, "not a label name");
      if (!value.is_string()) return fail(at, "expected a string");
      sample.labels.emplace_back(name, value.get<std::string>());
    }
    const Json& value = json[2];
    if (value.is_number()) {
      sample.value = value.get<double>();
    } else if (value == "NaN") {
      sample.value = std::numeric_limits<double>::quiet_NaN();
    } else if (value == "+Inf" || value == "-Inf") {
      sample.value = (value == "+Inf" ? 1 : -1) * std::numeric_limits<double>::infinity();
    } else {
      return fail(path + "[2]", "expected a number, \"NaN\", \"+Inf\" or \"-Inf\"");
    }
    return sample;
  }

  Result<TimedScrape> scrape(const Json& json, const std::string& path, Duration previous) const {
    if (!json.is_object()) return fail(path, "expected an object {\"t\": ..., \"samples\": [...]}");
    if (auto s = only_fields(json, path, {"t", "samples"}); !s.ok()) return Error(s.message());
    TimedScrape timed;
    auto at = seconds(json, "t", path + ".t", Duration(), kLongestMetricsLog);
    if (!at.ok()) return at.error();
    timed.at = *at;
    if (timed.at < previous)
      return fail(path + ".t", "earlier than the scrape before it (scrapes are in time order)");
    auto samples = json.find("samples");
    if (samples == json.end()) return fail(path + ".samples", "missing");
    if (!samples->is_array()) return fail(path + ".samples", "expected an array");
    if (samples->size() > kMaxSamples)
      return fail(path + ".samples", std::to_string(samples->size()) + " samples, more than the " +
                                         std::to_string(kMaxSamples) + " a scrape may have");
    for (size_t i = 0; i < samples->size(); ++i) {
      auto one = sample((*samples)[i], path + ".samples[" + std::to_string(i) + "]");
      if (!one.ok()) return one.error();
      timed.scrape.samples.push_back(std::move(one).value());
    }
    return timed;
  }

  Result<MetricsLog> log(const Json& json) const {
    if (!json.is_object()) return Error(source_ + ": expected a JSON object");
    if (auto s =
            only_fields(json, "", {"format", "version", "source", "interval_seconds", "scrapes"});
        !s.ok())
      return Error(s.message());
    auto format = json.find("format");
    if (format == json.end() || *format != kFormat)
      return fail("format", "expected \"" + std::string(kFormat) + "\" (not a metrics log)");
    auto version = number(json, "version", "version");
    if (!version.ok()) return version.error();
    if (*version != kMetricsLogVersion)
      return fail("version", fmt(*version) + " is not a version this stackplan reads (" +
                                 std::to_string(kMetricsLogVersion) + ")");
    MetricsLog log;
    auto source = json.find("source");
    if (source == json.end()) return fail("source", "missing");
    if (!source->is_string()) return fail("source", "expected a string");
    log.source = source->get<std::string>();
    auto interval = seconds(json, "interval_seconds", "interval_seconds", kMinSampleInterval,
                            kLongestMetricsLog);
    if (!interval.ok()) return interval.error();
    log.interval = *interval;
    auto scrapes = json.find("scrapes");
    if (scrapes == json.end()) return fail("scrapes", "missing");
    if (!scrapes->is_array()) return fail("scrapes", "expected an array");
    if (scrapes->size() > kDefaultMaxScrapes)
      return fail("scrapes", std::to_string(scrapes->size()) + " scrapes, more than the " +
                                 std::to_string(kDefaultMaxScrapes) + " a log may have");
    Duration previous;
    for (size_t i = 0; i < scrapes->size(); ++i) {
      auto one = scrape((*scrapes)[i], "scrapes[" + std::to_string(i) + "]", previous);
      if (!one.ok()) return one.error();
      previous = one->at;
      log.scrapes.push_back(std::move(one).value());
    }
    return log;
  }

 private:
  static std::string fmt(double value) { return dump(Json(value)); }

  std::string source_;
};

}  // namespace

std::string write_metrics_log(const MetricsLog& log) {
  Json head = Json::object();
  head["format"] = kFormat;
  head["version"] = kMetricsLogVersion;
  head["source"] = log.source;
  head["interval_seconds"] = to_seconds(log.interval);
  std::string out = dump(head);
  out.pop_back();  // the closing brace: the scrapes follow, one a line
  out += ",\"scrapes\":[";
  for (size_t i = 0; i < log.scrapes.size(); ++i) {
    const auto& timed = log.scrapes[i];
    Json samples = Json::array();
    for (const auto& sample : timed.scrape.samples) {
      Json labels = Json::object();
      for (const auto& [name, value] : sample.labels) labels[name] = value;
      samples.push_back(Json::array({sample.name, std::move(labels), value_json(sample.value)}));
    }
    Json scrape = Json::object();
    scrape["t"] = to_seconds(timed.at);
    scrape["samples"] = std::move(samples);
    out += (i == 0 ? "\n" : ",\n") + dump(scrape);
  }
  return out + "\n]}\n";
}

Result<MetricsLog> read_metrics_log(std::string_view text, std::string_view source) {
  const std::string where(source);
  if (text.size() > kMaxMetricsLogBytes)
    return Error(where + ": " + std::to_string(text.size()) + " bytes, more than the " +
                 std::to_string(kMaxMetricsLogBytes >> 20) + " MiB a metrics log may have");
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number like 1e400
    std::string message = e.what();
    size_t tag_end = message.find("] ");  // "[json.exception.parse_error.101] parse error at ..."
    return Error(where + ": not valid JSON: " +
                 (tag_end == std::string::npos ? message : message.substr(tag_end + 2)));
  }
  return LogReader(source).log(json);
}

}  // namespace stackplan::calibrate
