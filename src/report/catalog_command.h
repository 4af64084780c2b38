// `stackplan catalog list|show|check` as a library call: the command line
// maps its flags to a CatalogRequest and prints the CatalogOutput.
#pragma once

#include <string>

#include "core/status.h"

namespace stackplan::cost {

struct CatalogRequest {
  enum class Action { kList, kShow, kCheck };
  Action action = Action::kList;
  std::string catalog_dir;      // empty: find_catalog_dir's places
  std::string format = "text";  // text | markdown | csv
  std::string provider;         // show: which one
  std::string max_age;          // check: warn on prices read longer ago ("180d"); empty: never
  std::string today;            // check: YYYY-MM-DD to measure age from; empty: the clock's
};

struct CatalogOutput {
  std::string text;
  bool check_failed = false;  // check: some entry breaks a rule
};

Result<CatalogOutput> run_catalog_command(const CatalogRequest& request);

}  // namespace stackplan::cost
