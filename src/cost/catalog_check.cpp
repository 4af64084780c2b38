#include "cost/catalog_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace stackplan::cost {
namespace {

using Severity = CatalogIssue::Severity;

struct Checker {
  const CheckOptions& options;
  std::vector<CatalogIssue> issues;

  void add(Severity s, const std::string& where, const std::string& message) {
    issues.push_back({s, where, message});
  }

  void check_date(const std::string& where, const std::string& read) {
    if (read.empty()) {
      add(Severity::kError, where, "no read date (read: YYYY-MM-DD)");
      return;
    }
    auto date = parse_read_date(read);
    if (!date) {
      add(Severity::kError, where, date.error().message());
      return;
    }
    const auto age = std::chrono::sys_days(options.today) - std::chrono::sys_days(*date);
    if (age.count() < 0) {
      add(Severity::kError, where, fmt::format("read date {} is in the future", read));
    } else if (options.max_age && age > *options.max_age) {
      add(Severity::kWarning, where,
          fmt::format("read {} days ago ({}), older than --max-age {} days", age.count(), read,
                      options.max_age->count()));
    }
  }

  void check_common(const std::string& where, const std::string& unit,
                    const std::vector<std::string>& regions, const std::string& source,
                    const std::string& read) {
    if (unit.empty()) add(Severity::kError, where, "no unit");
    if (regions.empty()) add(Severity::kError, where, "no regions (use [global] for any region)");
    if (source.empty()) add(Severity::kError, where, "no source (the page it was read from)");
    check_date(where, read);
  }

  void check_price(const PriceEntry& e) {
    const std::string where = fmt::format("{} {}", e.place(), e.ref());
    check_common(where, e.unit, e.regions, e.source, e.read);
    if (!e.unit.empty() &&
        std::find(kKnownUnits.begin(), kKnownUnits.end(), e.unit) == kKnownUnits.end())
      add(Severity::kError, where, fmt::format("unknown unit \"{}\"", e.unit));
    if (e.tiers.empty()) add(Severity::kError, where, "no price");
  }
};

bool regions_overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& r : a)
    for (const auto& s : b)
      if (r == s || r == kAnyRegion || s == kAnyRegion) return true;
  return false;
}

}  // namespace

Result<std::chrono::year_month_day> parse_read_date(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 1;
  char tail = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail);
  const bool month_only = fields == 2 && text.size() == 7;
  const bool full = fields == 3 && text.size() == 10;
  std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m),
                                   std::chrono::day(d)};
  if ((!month_only && !full) || !date.ok())
    return Error(fmt::format("read date \"{}\" is not YYYY-MM or YYYY-MM-DD", text));
  return date;
}

std::vector<CatalogIssue> check_catalog(const Catalog& catalog, const CheckOptions& options) {
  Checker c{options, {}};
  for (const auto& pc : catalog.providers()) {
    for (const auto& f : pc.facts)
      c.check_common(fmt::format("{}:{} {}", f.file, f.line, f.ref()), f.unit, f.regions, f.source,
                     f.read);
    for (size_t i = 0; i < pc.prices.size(); ++i) {
      const PriceEntry& e = pc.prices[i];
      c.check_price(e);
      for (size_t j = 0; j < i; ++j) {
        const PriceEntry& earlier = pc.prices[j];
        if (earlier.id == e.id && regions_overlap(earlier.regions, e.regions))
          c.add(Severity::kError, fmt::format("{} {}", e.place(), e.ref()),
                fmt::format("duplicate of {} (same id, overlapping regions)", earlier.place()));
      }
    }
  }
  return c.issues;
}

Status catalog_errors(const std::vector<CatalogIssue>& issues) {
  std::string all;
  for (const auto& i : issues)
    if (i.severity == Severity::kError)
      all += fmt::format("{}{}: {}", all.empty() ? "" : "\n", i.where, i.message);
  if (all.empty()) return Status::Ok();
  return Error("the price catalog has errors (run `stackplan catalog check`):\n" + all);
}

}  // namespace stackplan::cost
