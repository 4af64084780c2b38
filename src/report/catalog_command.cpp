#include "report/catalog_command.h"

#include <fmt/format.h>

#include <chrono>

#include "core/units.h"
#include "cost/catalog.h"
#include "cost/catalog_check.h"
#include "cost/catalog_location.h"
#include "report/cost_report.h"

namespace stackplan::cost {
namespace {

std::string tiers_text(const PriceEntry& e) {
  std::string out;
  for (const auto& t : e.tiers) {
    if (!out.empty()) out += "; ";
    out += t.price.format();
    if (t.up_to) out += " up to " + t.up_to->format();
  }
  if (e.per != 1) out += fmt::format(" per {}", format_fixed_point(e.per, 0, 0));
  return out;
}

Table providers_table(const Catalog& catalog) {
  Table t;
  t.title = "Price catalog";
  t.header = {"provider", "name", "prices", "facts", "file"};
  t.right_aligned = {false, false, true, true, false};
  for (const auto& pc : catalog.providers())
    t.rows.push_back({pc.provider, pc.name, std::to_string(pc.prices.size()),
                      std::to_string(pc.facts.size()), pc.file});
  return t;
}

Table provider_table(const ProviderCatalog& pc) {
  Table t;
  t.title = fmt::format("{} ({}), {}", pc.name, pc.provider, pc.file);
  t.header = {"id", "item", "price", "unit", "free/month", "regions", "read", "source"};
  t.right_aligned = {false, false, true, false, true, false, false, false};
  for (const auto& e : pc.prices) {
    std::string regions;
    for (const auto& r : e.regions) regions += (regions.empty() ? "" : " ") + r;
    t.rows.push_back({e.id, e.item + (e.unverified ? " (unverified)" : ""), tiers_text(e), e.unit,
                      e.free_per_month.is_zero() ? "" : e.free_per_month.format(), regions, e.read,
                      e.source});
  }
  for (const auto& f : pc.facts)
    t.notes.push_back(fmt::format("fact {} = {} {} ({}, read {})", f.id, f.value.format(), f.unit,
                                  f.source, f.read));
  return t;
}

Result<CheckOptions> check_options(const CatalogRequest& request) {
  CheckOptions options;
  options.today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (!request.today.empty()) {
    auto today = parse_read_date(request.today);
    if (!today) return Error("--today: " + today.error().message());
    options.today = *today;
  }
  if (!request.max_age.empty()) {
    auto age = parse_duration(request.max_age);
    if (!age || age->ns() <= 0) return Error("--max-age: expected a duration like 180d");
    options.max_age = std::chrono::floor<std::chrono::days>(std::chrono::nanoseconds(age->ns()));
  }
  return options;
}

// One line per issue, then the counts.
Result<CatalogOutput> check(const Catalog& catalog, const CatalogRequest& request) {
  auto options = check_options(request);
  if (!options) return options.error();
  const auto issues = check_catalog(catalog, *options);
  CatalogOutput out;
  int errors = 0;
  for (const auto& i : issues) {
    const bool error = i.severity == CatalogIssue::Severity::kError;
    errors += error;
    out.text += fmt::format("{}{}: {}\n", error ? "error: " : "warning: ", i.where, i.message);
  }
  size_t prices = 0;
  for (const auto& pc : catalog.providers()) prices += pc.prices.size();
  out.text +=
      fmt::format("{} providers, {} prices: {} errors, {} warnings\n", catalog.providers().size(),
                  prices, errors, issues.size() - static_cast<size_t>(errors));
  out.check_failed = errors > 0;
  return out;
}

}  // namespace

Result<CatalogOutput> run_catalog_command(const CatalogRequest& request) {
  auto format = parse_format(request.format);
  if (!format || *format == Format::kJson) return Error("--format: expected text, markdown or csv");
  auto dir = find_catalog_dir(request.catalog_dir);
  if (!dir) return dir.error();
  auto catalog = Catalog::load_directory(*dir);
  if (!catalog) return catalog.error();
  switch (request.action) {
    case CatalogRequest::Action::kList:
      return CatalogOutput{render_table(providers_table(*catalog), *format), false};
    case CatalogRequest::Action::kShow: {
      const ProviderCatalog* pc = catalog->provider(request.provider);
      if (!pc)
        return Error("no provider \"" + request.provider +
                     "\" in the catalog (stackplan catalog list)");
      return CatalogOutput{render_table(provider_table(*pc), *format), false};
    }
    case CatalogRequest::Action::kCheck:
      return check(*catalog, request);
  }
  return Error("unknown catalog action");
}

}  // namespace stackplan::cost
