// The plan file as a whole: the three sections' readers joined, their
// errors merged; and the value readers of the `plan:` section.
#include "plan/plan_spec.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string_view>
#include <utility>

#include "core/scenario_sections.h"
#include "core/text_file.h"
#include "core/units.h"
#include "core/yaml_override.h"
#include "plan/plan_section.h"
#include "scenario/traffic_parser.h"

namespace stackplan::plan {

IntChoices IntChoices::range(int64_t first, int64_t last) {
  IntChoices c;
  c.is_range_ = true;
  c.first_ = first;
  c.last_ = last;
  return c;
}

IntChoices IntChoices::list(std::vector<int64_t> ascending) {
  IntChoices c;
  c.is_range_ = false;
  c.list_ = std::move(ascending);
  return c;
}

size_t IntChoices::size() const {
  if (!is_range_) return list_.size();
  return last_ < first_ ? 0 : static_cast<size_t>(last_ - first_) + 1;
}

int64_t IntChoices::at(size_t index) const {
  return is_range_ ? first_ + static_cast<int64_t>(index) : list_.at(index);
}

std::string IntChoices::describe() const {
  if (is_range_)
    return first_ == last_ ? fmt::format("{}", first_) : fmt::format("{}..{}", first_, last_);
  return fmt::format("[{}]", fmt::join(list_, ", "));
}

std::string TaskSize::describe() const {
  return fmt::format("{:g} vCPU / {:g} GiB", vcpu, memory_gib);
}

namespace {

constexpr double kSmallestFunctionMiB = 128;
constexpr double kLargestFunctionMiB = 10240;
constexpr double kMiBPerGiB = 1024;
// A name this close to a known one is taken for a misspelling of it.
constexpr size_t kMaxSuggestionDistance = 2;

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

// A whole number, "1_000_000" allowed; nullopt when it is not one or does not fit.
std::optional<int64_t> parse_whole(const std::string& text) {
  std::string digits;
  for (char c : text)
    if (c != '_') digits += c;
  if (digits.empty() || digits.size() > 18 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(digits);
}

std::string field_of(const MapReader& m, const std::string& key) {
  return m.path().empty() ? key : m.path() + "." + key;
}

// The two ends of "a..b", or nullopt (with an error) when the text is not a range.
std::optional<std::pair<std::string, std::string>> split_range(MapReader& m, const std::string& key,
                                                               const char* example) {
  YAML::Node node = m.raw(key);
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  auto text = scalar_text(node);
  const size_t dots = text ? text->find("..") : std::string::npos;
  if (dots == std::string::npos) {
    m.fail(key, fmt::format("expected a range like {}", example));
    return std::nullopt;
  }
  return std::pair{trim(std::string_view(*text).substr(0, dots)),
                   trim(std::string_view(*text).substr(dots + 2))};
}

// A range to search for a flip point needs two different ends, lower first.
std::optional<RealRange> ordered(MapReader& m, const std::string& key, double from, double to) {
  if (from < to) return RealRange{from, to};
  m.fail(key, from == to ? std::string("the range is empty: its two ends are the same")
                         : std::string("the range is reversed: write the lower end first"));
  return std::nullopt;
}

}  // namespace

void fail_at(MapReader& m, const YAML::Node& node, const std::string& field,
             const std::string& message) {
  m.errors()->add(m.file(), node.Mark(), field, message);
}

std::vector<Word> read_words(MapReader& m, const std::string& key, const std::string& example,
                             bool allow_empty) {
  std::vector<Word> out;
  YAML::Node node = m.raw(key);
  const std::string field = field_of(m, key);
  if (!node.IsDefined() || node.IsNull()) return out;
  if (auto text = scalar_text(node)) {
    out.push_back({*text, node, field});
    return out;
  }
  if (!node.IsSequence()) {
    m.fail(key, fmt::format("expected a list, like {}", example));
    return out;
  }
  if (node.size() == 0 && !allow_empty)
    m.fail(key,
           fmt::format("an empty list; give at least one, like {}, or leave {} out", example, key));
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string item_field = fmt::format("{}[{}]", field, i);
    if (auto text = scalar_text(node[i]))
      out.push_back({*text, node[i], item_field});
    else
      fail_at(m, node[i], item_field,
              fmt::format("expected a single value, got a list or mapping (a list is written "
                          "like {})",
                          example));
  }
  return out;
}

std::optional<IntChoices> read_int_choices(MapReader& m, const std::string& key, int64_t min,
                                           int64_t max) {
  YAML::Node node = m.raw(key);
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  const std::string field = field_of(m, key);
  const std::string expected =
      fmt::format("a whole number from {} to {}, a range like {}..{} or an ascending list", min,
                  max, min, std::min<int64_t>(max, min + 9));
  auto bounded = [&](const YAML::Node& at, const std::string& at_field,
                     const std::string& text) -> std::optional<int64_t> {
    auto value = parse_whole(text);
    if (!value || *value < min || *value > max) {
      fail_at(m, at, at_field, fmt::format("expected {}, got \"{}\"", expected, text));
      return std::nullopt;
    }
    return value;
  };
  if (auto text = scalar_text(node)) {
    const size_t dots = text->find("..");
    if (dots == std::string::npos) {
      auto value = bounded(node, field, trim(*text));
      return value ? std::optional(IntChoices::single(*value)) : std::nullopt;
    }
    auto first = bounded(node, field, trim(std::string_view(*text).substr(0, dots)));
    auto last = bounded(node, field, trim(std::string_view(*text).substr(dots + 2)));
    if (!first || !last) return std::nullopt;
    if (*last < *first) {
      fail_at(m, node, field,
              fmt::format("the range {} is reversed, so empty: write the lower end first ({}..{})",
                          *text, *last, *first));
      return std::nullopt;
    }
    return IntChoices::range(*first, *last);
  }
  if (!node.IsSequence()) {
    fail_at(m, node, field, fmt::format("expected {}, got a mapping", expected));
    return std::nullopt;
  }
  if (node.size() == 0) {
    fail_at(m, node, field, "an empty list leaves nothing to search; give at least one value");
    return std::nullopt;
  }
  std::vector<int64_t> values;
  bool valid = true;
  for (size_t i = 0; i < node.size(); ++i) {
    const std::string item_field = fmt::format("{}[{}]", field, i);
    std::optional<int64_t> value;
    if (auto text = scalar_text(node[i]))
      value = bounded(node[i], item_field, trim(*text));
    else
      fail_at(m, node[i], item_field, "expected a whole number, got a list or mapping");
    if (value && !values.empty() && *value <= values.back()) {
      fail_at(m, node[i], item_field,
              fmt::format("a list is written in ascending order without repeats: {} comes after {}",
                          *value, values.back()));
      value.reset();
    }
    if (value)
      values.push_back(*value);
    else
      valid = false;
  }
  if (!valid) return std::nullopt;
  return IntChoices::list(std::move(values));
}

std::vector<double> read_function_memory(MapReader& m, const std::string& key) {
  std::vector<double> out;
  for (const auto& item : read_words(m, key, "[512MB, 1GB]")) {
    auto gib = parse_memory_gib(item.text);
    if (!gib) {
      fail_at(m, item.node, item.field, gib.error().message());
      continue;
    }
    const double mib = *gib * kMiBPerGiB;
    if (mib < kSmallestFunctionMiB || mib > kLargestFunctionMiB) {
      fail_at(m, item.node, item.field,
              fmt::format("function memory must be {:g}MB to {:g}MB, got \"{}\"",
                          kSmallestFunctionMiB, kLargestFunctionMiB, item.text));
      continue;
    }
    if (!out.empty() && *gib <= out.back()) {
      fail_at(m, item.node, item.field,
              fmt::format("a list is written in ascending order without repeats: {} comes "
                          "after a size at least as large",
                          item.text));
      continue;
    }
    out.push_back(*gib);
  }
  return out;
}

std::optional<RealRange> read_volume_range(MapReader& m, const std::string& key, int64_t most) {
  auto ends = split_range(m, key, "1000..100000000 (orders per month)");
  if (!ends) return std::nullopt;
  auto from = parse_whole(ends->first), to = parse_whole(ends->second);
  for (const auto& end : {from, to})
    if (!end || *end < 1 || *end > most) {
      m.fail(key, fmt::format("expected whole orders per month from 1 to {} at each end, like "
                              "1000..100000000",
                              group_thousands(static_cast<uint64_t>(most))));
      return std::nullopt;
    }
  return ordered(m, key, static_cast<double>(*from), static_cast<double>(*to));
}

std::optional<RealRange> read_rate_range(MapReader& m, const std::string& key, double slowest,
                                         double fastest) {
  auto ends = split_range(m, key, "30/s..90/s");
  if (!ends) return std::nullopt;
  auto from = parse_rate(ends->first), to = parse_rate(ends->second);
  for (const auto* end : {&from, &to}) {
    if (!*end) {
      m.fail(key, (*end).error().message());
      return std::nullopt;
    }
    if ((*end)->per_second < slowest || (*end)->per_second > fastest) {
      m.fail(key,
             fmt::format("expected rates from {:g}/s to {:g}/s at each end", slowest, fastest));
      return std::nullopt;
    }
  }
  return ordered(m, key, from->per_second, to->per_second);
}

std::string unknown_name_message(const std::string& what, const std::string& name,
                                 const std::vector<std::string>& known) {
  std::optional<std::string> best;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const auto& k : known) {
    const size_t distance = edit_distance(name, k);
    if (distance < best_distance) {
      best = k;
      best_distance = distance;
    }
  }
  if (best) return fmt::format("unknown {} `{}` (did you mean `{}`?)", what, name, *best);
  return fmt::format("unknown {} `{}` (expected one of {})", what, name, fmt::join(known, ", "));
}

namespace {

// Where an error is, to put them in file order: errors without a place
// (a file that cannot be read) come first.
std::pair<long, long> place_of(const std::string& error, const std::string& label) {
  if (error.compare(0, label.size() + 1, label + ":") != 0) return {-1, -1};
  long line = -1, column = -1;
  if (std::sscanf(error.c_str() + label.size(), ":%ld:%ld:", &line, &column) != 2) return {-1, -1};
  return {line, column};
}

// Each command's parser reads the whole file and reports the keys that no
// command reads; a typo at the top level comes back from all three, once.
class MergedErrors {
 public:
  explicit MergedErrors(std::string label) : label_(std::move(label)) {}
  void add(const std::string& message) {
    size_t start = 0;
    while (start <= message.size()) {
      size_t end = message.find('\n', start);
      if (end == std::string::npos) end = message.size();
      std::string line = message.substr(start, end - start);
      if (!line.empty() && seen_.insert(line).second) lines_.push_back(line);
      start = end + 1;
    }
  }
  void add(const ErrorList& errors) {
    for (const auto& e : errors.all()) add(e);
  }
  bool empty() const { return lines_.empty(); }
  Error to_error() const {
    std::vector<std::string> sorted = lines_;
    std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
      return place_of(a, label_) < place_of(b, label_);
    });
    return Error(fmt::format("{}", fmt::join(sorted, "\n")));
  }

 private:
  std::string label_;
  std::vector<std::string> lines_;
  std::set<std::string> seen_;
};

}  // namespace

Result<PlanFile> parse_plan_text(const std::string& text, const std::string& label,
                                 const std::string& base_dir,
                                 const std::vector<std::string>& overrides) {
  MergedErrors all(label);
  auto scenario = parse_scenario_text(text, label, base_dir, overrides);
  if (!scenario) all.add(scenario.error().message());
  auto cost = cost::parse_cost_scenario(text, label, overrides);
  if (!cost) all.add(cost.error().message());
  auto root = load_yaml_text(text, label);
  if (!root) {
    all.add(root.error().message());
    return all.to_error();
  }
  if (Status s = apply_overrides(*root, overrides); !s) {
    all.add(s.message());
    return all.to_error();
  }
  // The scenario's reader already says when the file is not a mapping.
  if (!root->IsMap()) return all.to_error();

  ErrorList errors;
  MapReader top(*root, "", std::make_shared<const std::string>(label), base_dir, &errors);
  top.limit_durations(kLongestRun, "the longest run the simulator covers");
  top.raw("name");
  PlanFile file;
  file.path = label;
  file.plan =
      read_plan_section(top.map("plan"), scenario ? &*scenario : nullptr, cost ? &*cost : nullptr);
  leave_to_other_readers(top, SectionReader::kPlanner);
  top.finish();
  if (scenario && cost) check_join(file.plan, *cost, *root, label, errors);
  all.add(errors);
  if (!all.empty()) return all.to_error();
  file.scenario = std::move(*scenario);
  file.cost = std::move(*cost);
  return file;
}

Result<PlanFile> load_plan_file(const std::string& path,
                                const std::vector<std::string>& overrides) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  auto dir = std::filesystem::path(path).parent_path().string();
  return parse_plan_text(*text, path, dir.empty() ? "." : dir, overrides);
}

}  // namespace stackplan::plan
