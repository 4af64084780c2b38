#include "scenario/yaml_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace stackplan {

void ErrorList::add(const std::string& file, const YAML::Mark& mark, const std::string& field,
                    const std::string& message) {
  std::string where = file;
  if (mark.line >= 0) where += fmt::format(":{}:{}", mark.line + 1, mark.column + 1);
  errors_.push_back(field.empty() ? fmt::format("{}: {}", where, message)
                                  : fmt::format("{}: {}: {}", where, field, message));
}

Error ErrorList::to_error() const {
  std::string all;
  for (const auto& e : errors_) {
    if (!all.empty()) all += '\n';
    all += e;
  }
  return Error(all);
}

MapReader::MapReader(YAML::Node node, std::string path, std::shared_ptr<const std::string> file,
                     std::string base_dir, ErrorList* errors)
    : node_(node),
      path_(std::move(path)),
      file_(std::move(file)),
      base_dir_(std::move(base_dir)),
      errors_(errors) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    errors_->add(*file_, node_.Mark(), path_, "expected a mapping of fields");
    node_ = YAML::Node(YAML::NodeType::Map);
  }
}

std::string MapReader::field(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

bool MapReader::has(const std::string& key) const {
  return node_.IsMap() && node_[key].IsDefined() && !node_[key].IsNull();
}

YAML::Node MapReader::raw(const std::string& key) {
  read_.insert(key);
  if (!node_.IsMap()) return YAML::Node();
  return node_[key];
}

void MapReader::fail(const std::string& key, const std::string& message) {
  YAML::Mark mark = node_.Mark();
  if (!key.empty() && node_.IsMap() && node_[key].IsDefined()) mark = node_[key].Mark();
  errors_->add(*file_, mark, key.empty() ? path_ : field(key), message);
}

MapReader MapReader::map(const std::string& key) {
  YAML::Node child = raw(key);
  if (!child.IsDefined() || child.IsNull()) child = YAML::Node(YAML::NodeType::Map);
  return MapReader(child, field(key), file_, base_dir_, errors_);
}

std::vector<MapReader> MapReader::list_of_maps(const std::string& key) {
  std::vector<MapReader> out;
  YAML::Node child = raw(key);
  if (!child.IsDefined() || child.IsNull()) return out;
  if (!child.IsSequence()) {
    fail(key, "expected a list");
    return out;
  }
  for (size_t i = 0; i < child.size(); ++i)
    out.emplace_back(child[i], fmt::format("{}[{}]", field(key), i), file_, base_dir_, errors_);
  return out;
}

std::optional<std::string> MapReader::scalar(const std::string& key) {
  YAML::Node child = raw(key);
  if (!child.IsDefined() || child.IsNull()) return std::nullopt;
  if (!child.IsScalar()) {
    fail(key, "expected a single value, got a list or mapping");
    return std::nullopt;
  }
  return child.Scalar();
}

std::optional<Duration> MapReader::duration(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  auto d = parse_duration(*s);
  if (!d) {
    fail(key, d.error().message());
    return std::nullopt;
  }
  return *d;
}

Duration MapReader::duration(const std::string& key, Duration fallback) {
  return duration(key).value_or(fallback);
}

std::optional<Rate> MapReader::rate(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  auto r = parse_rate(*s);
  if (!r) {
    fail(key, r.error().message());
    return std::nullopt;
  }
  return *r;
}

std::optional<double> MapReader::bytes(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  auto b = parse_bytes(*s);
  if (!b) {
    fail(key, b.error().message());
    return std::nullopt;
  }
  return *b;
}

std::optional<Distribution> MapReader::distribution(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  auto d = Distribution::parse(*s, base_dir_);
  if (!d) {
    fail(key, d.error().message());
    return std::nullopt;
  }
  return *d;
}

std::optional<double> MapReader::number(const std::string& key, double min, double max) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s->c_str(), &end);
  if (s->empty() || end != s->c_str() + s->size() || !std::isfinite(v)) {
    fail(key, fmt::format("expected a number, got \"{}\"", *s));
    return std::nullopt;
  }
  if (v < min || v > max) {
    fail(key, fmt::format("expected a number from {:g} to {:g}, got {}", min, max, *s));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> MapReader::integer(const std::string& key, int64_t min, int64_t max) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  std::string t;
  for (char c : *s)
    if (c != '_' && c != ',') t += c;  // allow 1_000_000
  char* end = nullptr;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (t.empty() || end != t.c_str() + t.size()) {
    fail(key, fmt::format("expected a whole number, got \"{}\"", *s));
    return std::nullopt;
  }
  if (v < min || v > max) {
    fail(key, fmt::format("expected a whole number from {} to {}, got {}", min, max, *s));
    return std::nullopt;
  }
  return v;
}

int64_t MapReader::integer(const std::string& key, int64_t fallback, int64_t min, int64_t max) {
  return integer(key, min, max).value_or(fallback);
}

std::optional<double> MapReader::fraction(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  std::string t = *s;
  double scale = 1;
  if (!t.empty() && t.back() == '%') {
    t.pop_back();
    scale = 0.01;
  }
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || v * scale < 0 || v * scale > 1) {
    fail(key,
         fmt::format("expected a fraction from 0 to 1 or a percentage like 5%, got \"{}\"", *s));
    return std::nullopt;
  }
  return v * scale;
}

std::optional<bool> MapReader::boolean(const std::string& key) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes" || *s == "on") return true;
  if (*s == "false" || *s == "no" || *s == "off") return false;
  fail(key, fmt::format("expected true or false, got \"{}\"", *s));
  return std::nullopt;
}

std::optional<std::string> MapReader::string(const std::string& key) { return scalar(key); }

std::optional<std::string> MapReader::choice(const std::string& key,
                                             std::initializer_list<const char*> options) {
  auto s = scalar(key);
  if (!s) return std::nullopt;
  std::string list;
  for (const char* o : options) {
    if (*s == o) return s;
    if (!list.empty()) list += " | ";
    list += o;
  }
  fail(key, fmt::format("expected one of {}, got \"{}\"", list, *s));
  return std::nullopt;
}

void MapReader::finish() {
  if (!node_.IsMap()) return;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    std::string key = it->first.as<std::string>();
    if (!read_.count(key)) errors_->add(*file_, it->first.Mark(), field(key), "unknown field");
  }
}

namespace {
Result<YAML::Node> load(std::istream& in, const std::string& label) {
  try {
    return YAML::Load(in);
  } catch (const YAML::Exception& e) {
    return Error(fmt::format("{}:{}:{}: YAML syntax error: {}", label, e.mark.line + 1,
                             e.mark.column + 1, e.msg));
  }
}
}  // namespace

Result<YAML::Node> load_yaml_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(fmt::format("{}: cannot open file", path));
  return load(in, path);
}

Result<YAML::Node> load_yaml_text(const std::string& text, const std::string& label) {
  std::istringstream in(text);
  return load(in, label);
}

}  // namespace stackplan
