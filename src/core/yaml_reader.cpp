#include "core/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>

namespace stackplan {
namespace {

// A key this close to a known field is taken for a misspelling of it.
constexpr size_t kMaxSuggestionDistance = 2;

// Edits (insert, delete, replace, swap two neighbours) from a to b.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t replace = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + replace});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

void ErrorList::add(const std::string& file, const YAML::Mark& mark, const std::string& field,
                    const std::string& message) {
  std::string where = file;
  if (mark.line >= 0) where += fmt::format(":{}:{}", mark.line + 1, mark.column + 1);
  // A stage or break-even option reads the top-level deploy and usage again,
  // merged with its own: a mistake in them is reported once, where it is.
  if (mark.line >= 0 && !reported_.insert(where + ": " + message).second) return;
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

MapReader::MapReader(const YAML::Node& node, std::string path,
                     std::shared_ptr<const std::string> file, std::string base_dir,
                     ErrorList* errors)
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
  // Looked up read-only: a non-const lookup adds the key to the document.
  const YAML::Node& node = node_;
  YAML::Node value = node[key];
  return value.IsDefined() ? value : YAML::Node(YAML::NodeType::Undefined);
}

void MapReader::fail(const std::string& key, const std::string& message) {
  YAML::Mark mark = node_.Mark();
  if (!key.empty() && node_.IsMap() && node_[key].IsDefined()) mark = node_[key].Mark();
  errors_->add(*file_, mark, key.empty() ? path_ : field(key), message);
}

MapReader MapReader::map(const std::string& key) {
  YAML::Node node = raw(key);
  // Not `node = Node(Map)`: assigning to a yaml-cpp node writes through to
  // the document, which would then hold the absent key.
  if (!node.IsDefined() || node.IsNull()) return child(YAML::Node(YAML::NodeType::Map), field(key));
  return child(node, field(key));
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
    out.push_back(this->child(child[i], fmt::format("{}[{}]", field(key), i)));
  return out;
}

std::vector<std::string> MapReader::string_list(const std::string& key,
                                                const std::string& example) {
  std::vector<std::string> out;
  YAML::Node child = raw(key);
  if (!child.IsDefined() || child.IsNull()) return out;
  if (!child.IsSequence()) {
    fail(key, fmt::format("expected a list, like {}", example));
    return out;
  }
  for (size_t i = 0; i < child.size(); ++i) {
    if (auto text = scalar_text(child[i]))
      out.push_back(*text);
    else
      errors_->add(*file_, child[i].Mark(), fmt::format("{}[{}]", field(key), i),
                   fmt::format("expected a single value, got a list or mapping (a list is "
                               "written like {})",
                               example));
  }
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
  if (*d > longest_) {
    fail(key, too_long(*s));
    return std::nullopt;
  }
  return *d;
}

std::string MapReader::too_long(const std::string& text) const {
  return fmt::format("must be at most {:g}d ({}), got \"{}\"", longest_.seconds_f() / 86400,
                     longest_reason_, text);
}

void MapReader::limit_durations(Duration longest, std::string reason) {
  longest_ = longest;
  longest_reason_ = std::move(reason);
}

MapReader MapReader::child(const YAML::Node& node, std::string path) const {
  MapReader c(node, std::move(path), file_, base_dir_, errors_);
  c.longest_ = longest_;
  c.longest_reason_ = longest_reason_;
  return c;
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
  if (d->largest_parameter() > longest_) {
    fail(key, too_long(*s));
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
  errno = 0;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (errno == ERANGE) {
    fail(key, fmt::format("expected a whole number from {} to {}, got {}", min, max, *s));
    return std::nullopt;
  }
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
  // Written as a negated range so that NaN ("nan") fails it too.
  if (t.empty() || end != t.c_str() + t.size() || !(v * scale >= 0 && v * scale <= 1)) {
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
    auto key = scalar_text(it->first);
    if (!key) {
      // load_yaml_* refuses such keys; a node built in code may still have one.
      errors_->add(*file_, it->first.Mark(), path_, "a field name must be a single word");
      continue;
    }
    if (read_.count(*key)) continue;
    auto known = closest_known_field(*key);
    errors_->add(*file_, it->first.Mark(), field(*key),
                 known ? fmt::format("unknown field (did you mean `{}`?)", *known)
                       : std::string("unknown field"));
  }
}

std::optional<std::string> MapReader::closest_known_field(const std::string& key) const {
  std::optional<std::string> best;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const auto& known : read_) {
    // Too short to tell a misspelling from another word ("a" and "b").
    const bool present = node_.IsMap() && node_[known].IsDefined();
    if (known.size() <= kMaxSuggestionDistance || present) continue;
    const size_t distance = edit_distance(key, known);
    if (distance < best_distance) {
      best = known;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace stackplan
