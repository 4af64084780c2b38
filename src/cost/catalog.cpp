#include "cost/catalog.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace stackplan::cost {
namespace {

bool region_listed(const std::vector<std::string>& regions, std::string_view region) {
  return std::any_of(regions.begin(), regions.end(),
                     [&](const std::string& r) { return r == kAnyRegion || r == region; });
}

std::string provider_file(const ProviderCatalog* pc, std::string_view provider) {
  return pc ? pc->file : fmt::format("catalog/{}.yaml", provider);
}

}  // namespace

bool PriceEntry::applies_in(std::string_view region) const {
  return region_listed(regions, region);
}

Status Catalog::add(ProviderCatalog provider) {
  if (this->provider(provider.provider))
    return Error(fmt::format("{}: provider \"{}\" is already defined in {}", provider.file,
                             provider.provider, this->provider(provider.provider)->file));
  providers_.push_back(std::move(provider));
  return Status::Ok();
}

const ProviderCatalog* Catalog::provider(std::string_view name) const {
  for (const auto& p : providers_)
    if (p.provider == name) return &p;
  return nullptr;
}

Result<const PriceEntry*> Catalog::price(std::string_view provider, std::string_view id,
                                         std::string_view region,
                                         std::string_view expected_unit) const {
  const ProviderCatalog* pc = this->provider(provider);
  if (!pc)
    return Error(fmt::format("missing price {}:{} ({}): the catalog has no provider \"{}\"",
                             provider, id, region, provider));
  const PriceEntry* elsewhere = nullptr;
  for (const auto& e : pc->prices) {
    if (e.id != id) continue;
    if (!e.applies_in(region)) {
      elsewhere = &e;
      continue;
    }
    if (e.unit != expected_unit)
      return Error(fmt::format("{}: price {} is per \"{}\" but the bill needs it per \"{}\"",
                               e.place(), e.ref(), e.unit, expected_unit));
    if (e.tiers.empty()) return Error(fmt::format("{}: price {} has no price", e.place(), e.ref()));
    return &e;
  }
  if (elsewhere)
    return Error(fmt::format("missing price {}:{} in region {}: {} lists it only for {}", provider,
                             id, region, elsewhere->place(), fmt::join(elsewhere->regions, ", ")));
  return Error(fmt::format("missing price {}:{} (per {}, region {}): not in {}", provider, id,
                           expected_unit, region, provider_file(pc, provider)));
}

Result<Quantity> Catalog::fact(std::string_view provider, std::string_view id,
                               std::string_view region, std::string_view expected_unit) const {
  const ProviderCatalog* pc = this->provider(provider);
  if (pc) {
    for (const auto& f : pc->facts) {
      if (f.id != id || !region_listed(f.regions, region)) continue;
      if (f.unit != expected_unit)
        return Error(fmt::format("{}:{}: fact {} is in \"{}\" but the bill needs \"{}\"", f.file,
                                 f.line, f.ref(), f.unit, expected_unit));
      return f.value;
    }
  }
  return Error(fmt::format("missing fact {}:{} ({}, region {}): not in {}", provider, id,
                           expected_unit, region, provider_file(pc, provider)));
}

std::vector<const PriceEntry*> Catalog::plans(std::string_view provider, std::string_view prefix,
                                              std::string_view region) const {
  std::vector<const PriceEntry*> out;
  if (const ProviderCatalog* pc = this->provider(provider))
    for (const auto& e : pc->prices)
      if (e.spec && e.id.starts_with(prefix) && e.applies_in(region)) out.push_back(&e);
  return out;
}

}  // namespace stackplan::cost
