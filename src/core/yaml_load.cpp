// Loading a YAML document: syntax errors with their position, and a walk
// that refuses what the readers cannot report well (field names that are not
// single words) or cannot afford (alias bombs, deep nesting).
#include <fmt/format.h>

#include <sstream>

#include "core/text_file.h"
#include "core/yaml_reader.h"

namespace stackplan {

std::optional<std::string> scalar_text(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

namespace {

// Aliases let a small file name the same node many times (and yaml-cpp lets
// a node contain itself), so the walk is bounded in depth and in visits.
constexpr int kMaxNesting = 64;
constexpr int64_t kMaxVisits = 1'000'000;

struct KeyCheck {
  const std::string& label;
  int64_t visits = 0;
  std::optional<Error> error;

  void walk(const YAML::Node& node, int depth) {
    if (error) return;
    if (depth > kMaxNesting || ++visits > kMaxVisits) {
      error = Error(fmt::format(
          "{}:{}:{}: nested or aliased more than a scenario, cost or "
          "catalog file can be (at most {} levels, {} values)",
          label, node.Mark().line + 1, node.Mark().column + 1, kMaxNesting, kMaxVisits));
      return;
    }
    if (node.IsSequence()) {
      for (const auto& item : node) walk(item, depth + 1);
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end() && !error; ++it) {
        if (!it->first.IsScalar()) {
          const auto& mark = it->first.Mark();
          error = Error(fmt::format("{}:{}:{}: a field name must be a single word, got {}", label,
                                    mark.line + 1, mark.column + 1,
                                    it->first.IsSequence() ? "a list"
                                    : it->first.IsMap()    ? "a mapping"
                                                           : "nothing"));
          return;
        }
        walk(it->second, depth + 1);
      }
    }
  }
};

Result<YAML::Node> load(std::istream& in, const std::string& label) {
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    return Error(fmt::format("{}:{}:{}: YAML syntax error: {}", label, e.mark.line + 1,
                             e.mark.column + 1, e.msg));
  } catch (const std::exception& e) {
    return Error(fmt::format("{}: cannot read: {}", label, e.what()));
  }
  KeyCheck check{label, 0, std::nullopt};
  check.walk(root, 0);
  if (check.error) return *check.error;
  return root;
}

}  // namespace

Result<YAML::Node> load_yaml_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return load_yaml_text(*text, path);
}

Result<YAML::Node> load_yaml_text(const std::string& text, const std::string& label) {
  std::istringstream in(text);
  return load(in, label);
}

}  // namespace stackplan
