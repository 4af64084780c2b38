// Shared by the cost tests: the repository's catalog and small helpers to
// price a scenario written inline.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "cost/bill.h"
#include "cost/catalog.h"
#include "cost/cost_scenario.h"

namespace stackplan::cost::testing {

inline std::string source_dir() {
  const char* dir = std::getenv("STACKPLAN_SOURCE_DIR");
  return dir ? dir : ".";
}

// The repository's catalog/, loaded once.
inline const Catalog& repo_catalog() {
  static const Catalog catalog = [] {
    auto c = Catalog::load_directory(source_dir() + "/catalog");
    if (!c) ADD_FAILURE() << c.error().message();
    return c.ok() ? std::move(c).value() : Catalog();
  }();
  return catalog;
}

inline CostScenario scenario(const std::string& yaml) {
  auto s = parse_cost_scenario(yaml, "inline.yaml");
  if (!s) ADD_FAILURE() << s.error().message();
  return s.ok() ? std::move(s).value() : CostScenario();
}

// The bill for an inline scenario; fails the test when it cannot be priced.
inline Bill bill(const std::string& yaml, const std::string& platform = "aws") {
  CostScenario s = scenario(yaml);
  auto b = build_bill(repo_catalog(), s.deploy, s.usage, platform);
  if (!b) ADD_FAILURE() << b.error().message();
  return b.ok() ? std::move(b).value() : Bill();
}

// The sum of the lines of one component (and catalog entry, when given).
inline Money amount(const Bill& bill, const std::string& component, const std::string& ref = "") {
  Money sum;
  for (const auto& l : bill.lines)
    if (l.component == component && (ref.empty() || l.ref == ref)) sum += l.amount;
  return sum;
}

// Dollars to Money for figures printed in the seeds ("$18.33").
inline Money usd(const char* text) { return Money::parse(text).value(); }

// |a - b| <= tolerance.
inline bool within(Money a, Money b, Money tolerance) {
  Money d = a - b;
  return d <= tolerance && -d <= tolerance;
}

}  // namespace stackplan::cost::testing
