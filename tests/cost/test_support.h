// Shared by the cost tests: the repository's catalog and small helpers to
// price a scenario written inline.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cost/bill.h"
#include "cost/catalog.h"
#include "cost/cost_scenario.h"
#include "support/files.h"
#include "support/must.h"
#include "support/source_location.h"

namespace stackplan::cost::testing {

// Each helper below stops the test at the caller's line with the loader's,
// parser's or engine's own message when it fails, so no test carries on with
// an empty catalog, scenario or bill.

// The repository's catalog/, loaded once (a failed load is retried, and fails,
// in every test that asks for it).
inline const Catalog& repo_catalog(
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  static const Catalog catalog =
      test::must(Catalog::load_directory(test::source_path("catalog")), where);
  return catalog;
}

inline CostScenario scenario(
    const std::string& yaml,
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  return test::must(parse_cost_scenario(yaml, "inline.yaml"), where);
}

// The bill for an inline scenario.
inline Bill bill(
    const std::string& yaml, const std::string& platform = "aws",
    ::stackplan::test::SourceLocation where = ::stackplan::test::SourceLocation::current()) {
  CostScenario s = scenario(yaml, where);
  return test::must(build_bill(repo_catalog(where), s.deploy, s.usage, platform), where);
}

// The sum of the lines of one component (and catalog entry, when given).
inline Money amount(const Bill& bill, const std::string& component, const std::string& ref = "") {
  Money sum;
  for (const auto& l : bill.lines)
    if (l.component == component && (ref.empty() || l.ref == ref)) sum += l.amount;
  return sum;
}

// Dollars to Money for figures printed in the case documents ("$18.33").
inline Money usd(const char* text, ::stackplan::test::SourceLocation where =
                                       ::stackplan::test::SourceLocation::current()) {
  return test::must(Money::parse(text), where);
}

// |a - b| <= tolerance.
inline bool within(Money a, Money b, Money tolerance) {
  Money d = a - b;
  return d <= tolerance && -d <= tolerance;
}

}  // namespace stackplan::cost::testing
