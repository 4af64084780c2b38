// Typed, position-aware reading of YAML mappings for scenario files.
//
// Every value is read through a MapReader, which knows the file, the dotted
// field path and the node's line and column, so an error reads
//   flash.yaml:7:9: traffic.wait: expected a duration distribution like
//   uniform(100ms, 500ms), got "fast"
// Keys that nobody read are reported by finish() as unknown fields: a typo in
// a scenario must never be silently ignored. Errors are collected, not thrown,
// so one run reports every mistake in the file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/distribution.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/text_file.h"
#include "core/units.h"

namespace stackplan {

// Errors found while reading one file, each already formatted with its place.
class ErrorList {
 public:
  void add(const std::string& file, const YAML::Mark& mark, const std::string& field,
           const std::string& message);
  bool empty() const { return errors_.empty(); }
  const std::vector<std::string>& all() const { return errors_; }
  // All errors, one per line, for the user.
  Error to_error() const;

 private:
  std::vector<std::string> errors_;
  std::set<std::string> reported_;  // place and message of each error
};

class MapReader {
 public:
  // node must be a mapping (or null, read as empty). path is the dotted name
  // of this mapping ("" for the top level); base_dir resolves relative files.
  MapReader(const YAML::Node& node, std::string path, std::shared_ptr<const std::string> file,
            std::string base_dir, ErrorList* errors);

  bool has(const std::string& key) const;
  // The raw node, marked as read; an undefined node when absent.
  YAML::Node raw(const std::string& key);
  // A nested mapping. Absent keys give an empty mapping.
  MapReader map(const std::string& key);
  // A list of mappings, e.g. steps: [{rate: 10/s, for: 30s}, ...].
  std::vector<MapReader> list_of_maps(const std::string& key);
  // A list of single values, e.g. platforms: [aws, railway]. A value that is
  // itself a list or mapping is an error at its own line and column, and is
  // left out. `example` completes "expected a list, like ...". Absent: empty.
  std::vector<std::string> string_list(const std::string& key, const std::string& example);

  std::optional<Duration> duration(const std::string& key);
  Duration duration(const std::string& key, Duration fallback);
  std::optional<Rate> rate(const std::string& key);
  std::optional<double> bytes(const std::string& key);
  std::optional<Distribution> distribution(const std::string& key);
  std::optional<int64_t> integer(const std::string& key, int64_t min, int64_t max);
  int64_t integer(const std::string& key, int64_t fallback, int64_t min, int64_t max);
  std::optional<double> number(const std::string& key, double min, double max);
  // A fraction written as 0.05 or 5%.
  std::optional<double> fraction(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::string> string(const std::string& key);
  // One of the given words; anything else is an error listing them.
  std::optional<std::string> choice(const std::string& key,
                                    std::initializer_list<const char*> options);

  // Durations and distributions read through this reader and the readers it
  // hands out must not exceed `longest`; `reason` says why in the error
  // ("the longest run the simulator covers"). Default: Duration::longest().
  void limit_durations(Duration longest, std::string reason);

  // Records an error on a key of this mapping (or on the mapping itself).
  void fail(const std::string& key, const std::string& message);
  // Reports every key present but never read as an unknown field, naming the
  // field it is closest to, among those read but absent, when it is within
  // two edits ("usgae" for "usage").
  void finish();

  const std::string& path() const { return path_; }
  const std::string& base_dir() const { return base_dir_; }
  const std::string& file() const { return *file_; }
  ErrorList* errors() const { return errors_; }
  YAML::Mark mark() const { return node_.Mark(); }

 private:
  std::string field(const std::string& key) const;
  std::optional<std::string> closest_known_field(const std::string& key) const;
  MapReader child(const YAML::Node& node, std::string path) const;
  std::string too_long(const std::string& text) const;
  // The scalar text at key, or nullopt (with an error if present but not a scalar).
  std::optional<std::string> scalar(const std::string& key);

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<const std::string> file_;
  std::string base_dir_;
  ErrorList* errors_;
  std::set<std::string> read_;
  Duration longest_ = Duration::longest();
  std::string longest_reason_ = "the longest duration stackplan reads";
};

// The text of a scalar node, or nullopt when it is a list, a mapping or
// absent. Use it instead of node.as<std::string>(), which throws on a list.
std::optional<std::string> scalar_text(const YAML::Node& node);

// Loads a YAML document from a file or from text (file is then a label).
// Syntax errors come back with their line and column. A mapping key that is
// itself a list or mapping ({}: 1, [a]: 1) is refused here, with its place,
// so every reader can take keys as text.
Result<YAML::Node> load_yaml_file(const std::string& path);
Result<YAML::Node> load_yaml_text(const std::string& text, const std::string& label);

}  // namespace stackplan
