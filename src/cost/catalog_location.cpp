#include "cost/catalog_location.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

namespace stackplan::cost {
namespace {

namespace fs = std::filesystem;

// Relative to the executable's directory, as `cmake --install` lays it out.
constexpr const char* kInstalledCatalog = "../share/stackplan/catalog";

std::string installed_dir(const CatalogPlaces& places) {
  if (places.exe_dir.empty()) return "";
  return (fs::path(places.exe_dir) / kInstalledCatalog).lexically_normal().string();
}

bool is_directory(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_directory(dir, ec);
}

}  // namespace

CatalogPlaces catalog_places(const std::string& flag) {
  CatalogPlaces places;
  places.flag = flag;
  if (const char* env = std::getenv(kCatalogEnvVar)) places.env = env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) places.exe_dir = exe.parent_path().string();
  places.source_tree = STACKPLAN_SOURCE_CATALOG;  // set by src/cost/CMakeLists.txt
  return places;
}

Result<std::string> find_catalog_dir(const CatalogPlaces& places) {
  if (!places.flag.empty()) return places.flag;
  if (!places.env.empty()) return places.env;
  const std::string installed = installed_dir(places);
  if (is_directory(installed)) return installed;
  if (is_directory(places.source_tree)) return places.source_tree;
  return Error(fmt::format(
      "no price catalog found; looked at --catalog (not given), ${} (not set), {} (installed "
      "location), {} (source tree): pass --catalog DIR or set {}",
      kCatalogEnvVar,
      installed.empty() ? "<executable>/" + std::string(kInstalledCatalog) : installed,
      places.source_tree.empty() ? "(none recorded)" : places.source_tree, kCatalogEnvVar));
}

Result<std::string> find_catalog_dir(const std::string& flag) {
  return find_catalog_dir(catalog_places(flag));
}

}  // namespace stackplan::cost
