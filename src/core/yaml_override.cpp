#include "core/yaml_override.h"

#include <fmt/format.h>

#include <charconv>

#include "core/scenario_sections.h"

namespace stackplan {
namespace {

// An override's longest path and value: a command line, not a document.
constexpr size_t kMaxPathParts = 16;
constexpr size_t kMaxValueBytes = 64 * 1024;
constexpr int kMaxValueNesting = 32;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_section(const std::string& name) {
  for (const auto& section : kScenarioSections)
    if (section.name == name) return true;
  return false;
}

std::optional<size_t> index_of(const std::string& part) {
  size_t index = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
  return index;
}

// A copy without the marks of the text it was read from: an error in an
// overridden value is reported as the override's, not at a line of the file.
// Bounded in depth: an alias can make a value contain itself (`&a [*a]`).
Result<YAML::Node> without_marks(const YAML::Node& node, int depth = 0) {
  if (depth > kMaxValueNesting)
    return Error(
        fmt::format("nested deeper than {} levels (or an alias to itself)", kMaxValueNesting));
  if (node.IsScalar()) return YAML::Node(node.Scalar());
  if (node.IsSequence()) {
    YAML::Node copy(YAML::NodeType::Sequence);
    for (const auto& item : node) {
      auto child = without_marks(item, depth + 1);
      if (!child) return child.error();
      copy.push_back(*child);
    }
    return copy;
  }
  if (node.IsMap()) {
    YAML::Node copy(YAML::NodeType::Map);
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) return Error("a field name must be a single word");
      auto child = without_marks(entry.second, depth + 1);
      if (!child) return child.error();
      copy[entry.first.Scalar()] = *child;
    }
    return copy;
  }
  return YAML::Node(YAML::NodeType::Null);
}

}  // namespace

Status apply_override(YAML::Node& root, const std::string& assignment) {
  const std::string where = fmt::format("--set {}", assignment);
  const size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    return Error(
        fmt::format("{}: expected PATH=VALUE, e.g. architecture.workers.processes=7", where));
  const std::string path = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  if (text.empty()) return Error(fmt::format("{}: no value after '='", where));
  if (text.size() > kMaxValueBytes)
    return Error(fmt::format("{}: a value of at most {} bytes", where, kMaxValueBytes));
  std::vector<std::string> parts = split_path(path);
  if (parts.size() > kMaxPathParts)
    return Error(fmt::format("{}: a path of at most {} names", where, kMaxPathParts));
  for (const auto& part : parts)
    if (part.empty()) return Error(fmt::format("{}: an empty name in the path", where));
  if (!root.IsMap()) return Error(fmt::format("{}: the scenario is not a mapping", where));

  if (!is_section(parts.front())) {
    // Read through a const handle: a non-const subscript may add the key.
    const YAML::Node& document = root;
    std::vector<std::string> holders;
    for (const auto& section : kScenarioSections) {
      const std::string name(section.name);
      const YAML::Node node = document[name];  // undefined when absent
      if (node.IsDefined() && node.IsMap() && node[parts.front()].IsDefined())
        holders.push_back(name);
    }
    if (holders.size() != 1)
      return Error(fmt::format(
          "{}: `{}` is {}; write the whole path from a top-level section "
          "(traffic, architecture, targets, simulation, deploy, usage, plan, ...)",
          where, parts.front(),
          holders.empty() ? "not a top-level section nor a field of one in this file"
                          : fmt::format("a field of both {} and {}", holders[0], holders[1])));
    parts.insert(parts.begin(), holders.front());
  }

  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Error(fmt::format("{}: the value is not YAML: {}", where, e.msg));
  }
  auto value_or = without_marks(loaded);
  if (!value_or) return Error(fmt::format("{}: {}", where, value_or.error().message()));
  const YAML::Node value = *value_or;

  // yaml-cpp's `node = child` would overwrite what node refers to with the
  // child (aliasing it into the parent); reset() moves the handle instead.
  YAML::Node node = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (node.IsSequence()) {
      auto index = index_of(part);
      if (!index || *index >= node.size())
        return Error(fmt::format("{}: `{}` is a list of {}; `{}` is not an index in it", where,
                                 fmt::join(parts.begin(), parts.begin() + i, "."), node.size(),
                                 part));
      node.reset(node[*index]);
      continue;
    }
    if (!node.IsMap()) {
      if (node.IsDefined() && !node.IsNull())
        return Error(fmt::format("{}: `{}` is a value, not a mapping of fields", where,
                                 fmt::join(parts.begin(), parts.begin() + i, ".")));
    }
    const YAML::Node& parent = node;
    if (!parent[part].IsDefined() || parent[part].IsNull())
      node[part] = YAML::Node(YAML::NodeType::Map);
    node.reset(node[part]);
  }
  const std::string& last = parts.back();
  if (node.IsSequence()) {
    auto index = index_of(last);
    if (!index || *index >= node.size())
      return Error(fmt::format("{}: `{}` is a list of {}; `{}` is not an index in it", where,
                               fmt::join(parts.begin(), parts.end() - 1, "."), node.size(), last));
    node[*index] = value;
  } else if (node.IsMap()) {
    node[last] = value;
  } else {
    return Error(fmt::format("{}: `{}` is a value, not a mapping of fields", where,
                             fmt::join(parts.begin(), parts.end() - 1, ".")));
  }
  return Status();
}

Status apply_overrides(YAML::Node& root, const std::vector<std::string>& assignments) {
  for (const auto& assignment : assignments)
    if (auto s = apply_override(root, assignment); !s) return s;
  return Status();
}

}  // namespace stackplan
