#include "calibrate/fitted_file.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>
#include <vector>

namespace stackplan::calibrate {
namespace {

// Emits `node` in block style, with the comment for each fitted path beside
// its value.
void emit(YAML::Emitter& out, const YAML::Node& node, const std::string& path,
          const std::map<std::string, std::string>& comments) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out << YAML::BeginMap;
      for (const auto& entry : node) {
        std::string key = entry.first.Scalar();
        std::string child = path.empty() ? key : path + "." + key;
        out << YAML::Key << key << YAML::Value;
        emit(out, entry.second, child, comments);
        if (auto c = comments.find(child); c != comments.end())
          out << YAML::Comment("fitted: " + c->second);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Sequence:
      out << YAML::BeginSeq;
      for (const auto& item : node) emit(out, item, path, comments);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Scalar:
      out << node.Scalar();
      break;
    default:
      out << YAML::Null;
      break;
  }
}

// Sets keys[i..] below `node`, making maps where the file had none (an
// `api:` section a scenario may leave out).
void set_path(YAML::Node node, const std::vector<std::string>& keys, size_t i,
              const std::string& value) {
  if (i + 1 == keys.size()) {
    node[keys[i]] = value;
    return;
  }
  if (!node[keys[i]] || !node[keys[i]].IsMap()) node[keys[i]] = YAML::Node(YAML::NodeType::Map);
  set_path(node[keys[i]], keys, i + 1, value);
}

}  // namespace

std::string samples_text(const FittedField& field) {
  std::string text = "# " + field.path + ", fitted: " + field.source + "\n";
  for (Duration d : field.samples) text += duration_text(d) + "\n";
  return text;
}

std::string samples_file_beside(const std::string& fitted_path, const std::string& field_path) {
  std::string stem = fitted_path;
  if (auto slash = stem.find_last_of('/'); slash != std::string::npos) stem.erase(0, slash + 1);
  if (auto dot = stem.find_last_of('.'); dot != std::string::npos && dot > 0) stem.erase(dot);
  std::string field = field_path.substr(field_path.find_last_of('.') + 1);
  return stem + "." + field + ".txt";
}

Result<std::string> fitted_scenario_yaml(
    const std::string& original_text, const Fit& fit, const std::string& header,
    const std::function<std::string(const std::string& path)>& samples_file) {
  YAML::Node root;
  try {
    root = YAML::Load(original_text);
  } catch (const YAML::Exception& e) {
    return Error(std::string("the scenario file cannot be re-read: ") + e.what());
  }
  if (!root.IsMap()) return Error("the scenario file is not a map of sections");
  std::map<std::string, std::string> comments;
  for (const FittedField& field : fit.fields) {
    std::vector<std::string> keys;
    std::stringstream parts(field.path);
    for (std::string key; std::getline(parts, key, '.');) keys.push_back(key);
    if (!field.samples.empty() && !samples_file)
      return Error(field.path + ": an empirical fit needs a file for its samples");
    set_path(root, keys, 0,
             field.samples.empty() ? field.value : "empirical(" + samples_file(field.path) + ")");
    comments[field.path] = field.source;
  }
  YAML::Emitter out;
  emit(out, root, "", comments);
  if (!out.good()) return Error("cannot write the fitted scenario: " + out.GetLastError());
  std::string text;
  std::stringstream lines(header);
  for (std::string line; std::getline(lines, line);) text += "# " + line + "\n";
  text += out.c_str();
  text += "\n";
  return text;
}

}  // namespace stackplan::calibrate
