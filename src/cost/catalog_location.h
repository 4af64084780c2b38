// Where the price catalog is, when the user does not say: the places are
// fixed and listed, never guessed by walking up parent directories.
//
//   1. --catalog DIR
//   2. $STACKPLAN_CATALOG
//   3. <directory of the executable>/../share/stackplan/catalog, where
//      `cmake --install` puts it beside bin/stackplan
//   4. the source tree's catalog/, for a binary run from its build tree
#pragma once

#include <string>

#include "core/status.h"

namespace stackplan::cost {

// The environment variable naming the catalog directory.
inline constexpr const char* kCatalogEnvVar = "STACKPLAN_CATALOG";

struct CatalogPlaces {
  std::string flag;         // --catalog; empty when not given
  std::string env;          // $STACKPLAN_CATALOG; empty when unset
  std::string exe_dir;      // directory of the running executable; empty when unknown
  std::string source_tree;  // catalog/ of the source tree the binary was built from
};

// The places for this process: flag as given, the environment, the
// executable's directory and the source tree recorded at configure time.
CatalogPlaces catalog_places(const std::string& flag);

// The first of the places that applies. A directory named by the flag or the
// environment is taken as given (loading it says when it is missing); the
// installed and source-tree locations only when they exist. When none
// applies, an error lists every place looked.
Result<std::string> find_catalog_dir(const CatalogPlaces& places);

// find_catalog_dir(catalog_places(flag)).
Result<std::string> find_catalog_dir(const std::string& flag);

}  // namespace stackplan::cost
