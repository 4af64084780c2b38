// Reading catalog/*.yaml with MapReader, so catalog errors look like scenario
// errors: file:line:col: field.path: message.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "core/text_file.h"
#include "core/units.h"
#include "core/yaml_reader.h"
#include "cost/catalog.h"

namespace stackplan::cost {
namespace {

constexpr int kQuantityDecimals = 6;

std::optional<Quantity> read_quantity(MapReader& m, const std::string& key) {
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto micros = parse_fixed_point(*text, kQuantityDecimals);
  if (!micros || *micros < 0) {
    m.fail(key, micros ? "must not be negative" : micros.error().message());
    return std::nullopt;
  }
  return Quantity::from_micros(*micros);
}

std::optional<UnitPrice> read_price(MapReader& m, const std::string& key) {
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto price = UnitPrice::parse(*text);
  if (!price) {
    m.fail(key, price.error().message());
    return std::nullopt;
  }
  return *price;
}

std::vector<std::string> read_regions(MapReader& m) {
  return m.string_list("regions", "[us-east-1, us-west-2] or [global]");
}

// The date as written; its form is checked by `catalog check`.
std::string read_date(MapReader& m) {
  YAML::Node node = m.raw("read");
  return node.IsDefined() && node.IsScalar() ? node.Scalar() : "";
}

int line_of(const MapReader& m) { return m.mark().line + 1; }

void read_tiers(MapReader& m, PriceEntry& entry) {
  if (m.has("price") && m.has("tiers")) {
    m.fail("tiers", "give either price or tiers, not both");
    m.raw("price");
    m.raw("tiers");
    return;
  }
  if (m.has("price")) {
    if (auto p = read_price(m, "price")) entry.tiers.push_back({std::nullopt, *p});
    return;
  }
  auto tiers = m.list_of_maps("tiers");
  for (size_t i = 0; i < tiers.size(); ++i) {
    PriceTier tier;
    if (auto p = read_price(tiers[i], "price"))
      tier.price = *p;
    else
      tiers[i].fail("price", "missing price");
    tier.up_to = read_quantity(tiers[i], "up_to");
    const bool last = i + 1 == tiers.size();
    if (!last && !tier.up_to) tiers[i].fail("up_to", "every tier but the last needs up_to");
    if (!entry.tiers.empty() && tier.up_to && entry.tiers.back().up_to &&
        *tier.up_to <= *entry.tiers.back().up_to)
      tiers[i].fail("up_to", "tier bounds must increase");
    tiers[i].finish();
    entry.tiers.push_back(tier);
  }
  // A missing price is left for `catalog check` to report with the others.
}

PriceEntry read_price_entry(MapReader& m, const std::string& provider) {
  PriceEntry e;
  e.provider = provider;
  e.file = m.file();
  e.line = line_of(m);
  e.id = m.string("id").value_or("");
  if (e.id.empty()) m.fail("id", "every price needs an id");
  e.item = m.string("item").value_or(e.id);
  e.unit = m.string("unit").value_or("");
  e.per = m.integer("per", 1, 1, 1'000'000'000'000);
  read_tiers(m, e);
  e.free_per_month = read_quantity(m, "free_per_month").value_or(Quantity());
  e.regions = read_regions(m);
  e.source = m.string("source").value_or("");
  e.read = read_date(m);
  if (m.has("billing")) {
    MapReader b = m.map("billing");
    BillingGranularity g;
    g.increment = b.duration("increment", Duration());
    g.minimum = b.duration("minimum", Duration());
    if (g.increment.ns() <= 0) b.fail("increment", "needs a positive increment like 1ms or 1s");
    b.finish();
    e.billing = g;
  } else {
    m.raw("billing");
  }
  if (m.has("spec")) {
    MapReader s = m.map("spec");
    InstanceSpec spec;
    spec.vcpu = s.number("vcpu", 0, 1024).value_or(0);
    auto memory = s.string("memory");
    if (memory) {
      auto gib = parse_memory_gib(*memory);
      if (gib)
        spec.memory_gib = *gib;
      else
        s.fail("memory", gib.error().message());
    }
    s.finish();
    e.spec = spec;
  } else {
    m.raw("spec");
  }
  e.counts_toward_usage = m.boolean("counts_toward_usage").value_or(false);
  e.unverified = m.boolean("unverified").value_or(false);
  e.note = m.string("note").value_or("");
  m.finish();
  return e;
}

Fact read_fact(MapReader& m, const std::string& provider) {
  Fact f;
  f.provider = provider;
  f.file = m.file();
  f.line = line_of(m);
  f.id = m.string("id").value_or("");
  if (f.id.empty()) m.fail("id", "every fact needs an id");
  f.unit = m.string("unit").value_or("");
  if (auto v = read_quantity(m, "value"))
    f.value = *v;
  else
    m.fail("value", "missing value");
  f.regions = read_regions(m);
  f.source = m.string("source").value_or("");
  f.read = read_date(m);
  f.note = m.string("note").value_or("");
  m.finish();
  return f;
}

}  // namespace

Result<ProviderCatalog> Catalog::parse_provider(const std::string& text, const std::string& label) {
  auto root = load_yaml_text(text, label);
  if (!root) return root.error();
  ErrorList errors;
  MapReader top(*root, "", std::make_shared<const std::string>(label), ".", &errors);
  ProviderCatalog pc;
  pc.file = label;
  pc.provider = top.string("provider").value_or("");
  if (pc.provider.empty()) top.fail("provider", "missing provider name");
  pc.name = top.string("name").value_or(pc.provider);
  if (auto currency = top.choice("currency", {"USD"}); !currency) top.raw("currency");
  for (auto& m : top.list_of_maps("facts")) pc.facts.push_back(read_fact(m, pc.provider));
  for (auto& m : top.list_of_maps("prices")) pc.prices.push_back(read_price_entry(m, pc.provider));
  top.finish();
  if (!errors.empty()) return errors.to_error();
  return pc;
}

Result<Catalog> Catalog::load_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error(fmt::format("{}: catalog directory not found (use --catalog DIR)", dir));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) return Error(fmt::format("{}: no *.yaml price files", dir));
  Catalog catalog;
  std::string all_errors;
  for (const auto& path : files) {
    auto content = read_text_file(path.string());
    if (!content) {
      all_errors += (all_errors.empty() ? "" : "\n") + content.error().message();
      continue;
    }
    auto provider = parse_provider(*content, path.string());
    if (!provider) {
      all_errors += (all_errors.empty() ? "" : "\n") + provider.error().message();
      continue;
    }
    if (auto st = catalog.add(std::move(*provider)); !st.ok())
      all_errors += (all_errors.empty() ? "" : "\n") + st.message();
  }
  if (!all_errors.empty()) return Error(all_errors);
  return catalog;
}

}  // namespace stackplan::cost
