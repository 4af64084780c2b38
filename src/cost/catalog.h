// The price catalog: published prices read from catalog/*.yaml, one file per
// provider, each price with its unit, the regions it applies in, the page it
// was read from and the date it was read.
//
// The catalog is data, not code: free tiers, tier boundaries, billing
// increments and instance specs all live in the files. Lookups that miss are
// errors naming the provider, the price id and the region, so a bill never
// contains a silent zero for something the catalog does not know.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/status.h"
#include "cost/quantity.h"

namespace stackplan::cost {

// A price entry whose regions list holds this applies in every region.
inline constexpr std::string_view kAnyRegion = "global";

// One band of a tiered price. Tiers are listed in order; `up_to` is the
// cumulative number of billable units (after the free tier) where the band
// ends. When the last band has an up_to too, the catalog has no price
// above it and a bill that reaches it is an error.
struct PriceTier {
  std::optional<Quantity> up_to;
  UnitPrice price;
};

// How a provider rounds a running time before billing it: each run is
// rounded up to a whole number of increments and to at least the minimum
// (Lambda: 1 ms; DigitalOcean droplets: per second, 60 s minimum).
struct BillingGranularity {
  Duration increment;
  Duration minimum;
};

// What an instance plan gives (Render, DigitalOcean): used to choose the
// smallest plan that fits a service when the scenario does not name one.
struct InstanceSpec {
  double vcpu = 0;
  double memory_gib = 0;
};

struct PriceEntry {
  std::string provider;          // "aws"
  std::string id;                // "lambda.x86.duration"
  std::string item;              // "Lambda duration (x86)", for bills
  std::string unit;              // "GB-second"; see kKnownUnits in catalog_check.h
  int64_t per = 1;               // the price is for this many units (1,000,000 requests)
  std::vector<PriceTier> tiers;  // a flat price is one tier
  Quantity free_per_month;       // always-free allowance, subtracted before the tiers
  std::vector<std::string> regions;
  std::string source;  // the page or file the price was read from
  std::string read;    // when it was read: "2026-11" or "2026-11-23"
  std::optional<BillingGranularity> billing;
  std::optional<InstanceSpec> spec;
  bool counts_toward_usage = false;  // a plan fee credited against usage (Railway)
  bool unverified = false;           // the source is weak; bills flag lines using it
  std::string note;
  std::string file;  // where the entry is defined, for messages
  int line = 0;

  bool applies_in(std::string_view region) const;
  // "aws:lambda.x86.duration", how bills cite the entry.
  std::string ref() const { return provider + ":" + id; }
  // "catalog/aws.yaml:42"
  std::string place() const { return file + ":" + std::to_string(line); }
};

// A published fact that is not a price but that bills depend on: hours in a
// billing month, the Multi-AZ multiplier, the most Fargate Spot takes off.
struct Fact {
  std::string provider, id, unit;
  Quantity value;
  std::vector<std::string> regions;
  std::string source, read, note;
  std::string file;
  int line = 0;
  std::string ref() const { return provider + ":" + id; }
};

struct ProviderCatalog {
  std::string provider;  // "aws"
  std::string name;      // "Amazon Web Services"
  std::string file;
  std::vector<PriceEntry> prices;
  std::vector<Fact> facts;
};

class Catalog {
 public:
  // Every *.yaml file in dir, in name order. Errors name file:line:col.
  static Result<Catalog> load_directory(const std::string& dir);
  // One provider file from text; `label` stands for the file name in errors.
  static Result<ProviderCatalog> parse_provider(const std::string& text, const std::string& label);

  // Fails when the provider is already present.
  Status add(ProviderCatalog provider);

  const std::vector<ProviderCatalog>& providers() const { return providers_; }
  const ProviderCatalog* provider(std::string_view name) const;

  // The entry for id in region, which must be priced in expected_unit.
  Result<const PriceEntry*> price(std::string_view provider, std::string_view id,
                                  std::string_view region, std::string_view expected_unit) const;
  Result<Quantity> fact(std::string_view provider, std::string_view id, std::string_view region,
                        std::string_view expected_unit) const;
  // Entries whose id starts with prefix and that carry an instance spec.
  std::vector<const PriceEntry*> plans(std::string_view provider, std::string_view prefix,
                                       std::string_view region) const;

 private:
  std::vector<ProviderCatalog> providers_;
};

}  // namespace stackplan::cost
