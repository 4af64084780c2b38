#include "cost/bill_builder.h"

#include <fmt/format.h>

#include <algorithm>

namespace stackplan::cost {

Quantity divide(Quantity a, Quantity b) {
  if (a.overflowed() || b.overflowed()) return Quantity::overflow();
  if (b.is_zero()) return Quantity();
  // Both are at most kMaxMicros (1e24), so a x 1e6 fits in 128 bits.
  const Int128 numerator = a.micros() * Quantity::kMicrosPerUnit;
  Int128 q = numerator / b.micros();
  if (2 * (numerator % b.micros()) >= b.micros()) ++q;
  return Quantity::from_micros(q);
}

Quantity hours_of(Duration d) {
  const Int128 micros = static_cast<Int128>(d.ns()) * Quantity::kMicrosPerUnit;
  return Quantity::from_micros((micros + kNanosPerHour / 2) / kNanosPerHour);
}

BillBuilder::BillBuilder(const Catalog& catalog, const Deploy& deploy, const Usage& usage,
                         std::string platform)
    : catalog_(catalog), deploy_(deploy), usage_(usage) {
  bill_.platform = std::move(platform);
  bill_.region = deploy.region;
  if (!usage.derivation.empty()) bill_.notes.push_back(usage.derivation);
}

const PriceEntry* BillBuilder::entry(const std::string& provider, const std::string& id,
                                     const std::string& unit) {
  auto e = catalog_.price(provider, id, deploy_.region, unit);
  if (!e) {
    errors_.push_back(e.error().message());
    return nullptr;
  }
  return *e;
}

void BillBuilder::charge(const std::string& component, const std::string& id,
                         const std::string& unit, Quantity used, const std::string& note) {
  if (const PriceEntry* e = entry(bill_.platform, id, unit))
    charge_entry(component, *e, used, note);
}

void BillBuilder::charge_entry(const std::string& component, const PriceEntry& entry, Quantity used,
                               const std::string& note, int64_t discount_millionths) {
  PriceEntry priced = entry;
  if (discount_millionths > 0)
    for (auto& tier : priced.tiers) tier.price = tier.price.discounted(discount_millionths);
  auto lines = price_usage(priced, used, deploy_.free_tier, component, note);
  if (!lines) {
    errors_.push_back(lines.error().message());
    return;
  }
  for (auto& line : *lines) bill_.lines.push_back(std::move(line));
}

std::optional<Quantity> BillBuilder::fact(const std::string& provider, const std::string& id,
                                          const std::string& unit) {
  auto f = catalog_.fact(provider, id, deploy_.region, unit);
  if (!f) {
    errors_.push_back(f.error().message());
    return std::nullopt;
  }
  return *f;
}

Quantity BillBuilder::month_hours() {
  if (!month_hours_) month_hours_ = fact("conventions", "hours_per_month", "hour");
  return month_hours_.value_or(Quantity());
}

bool BillBuilder::excluded(const std::string& component) {
  auto it = deploy_.exclude.find(bill_.platform);
  if (it == deploy_.exclude.end() || !it->second.count(component)) return false;
  bill_.notes.push_back(
      fmt::format("{} excluded from this bill by the scenario (deploy.exclude)", component));
  return true;
}

Quantity BillBuilder::instance_hours(const Service& service,
                                     const BillingGranularity* granularity) {
  const Quantity month = month_hours();
  if (!service.runs_for) return month;
  if (hours_of(*service.runs_for) > month) {
    fail(
        fmt::format("deploy.services {}: runs_for {} h is more than the {} h billing month "
                    "(conventions:hours_per_month); leave runs_for out for all month",
                    service.name, hours_of(*service.runs_for).format(), month.format()));
    return month;
  }
  const int64_t starts = std::max<int64_t>(1, service.starts_per_month);
  Duration run = Duration::nanoseconds(service.runs_for->ns() / starts);
  if (granularity) run = billed_duration(run, *granularity);
  return hours_of(run * starts);
}

Quantity BillBuilder::service_hours(const Service& service, const BillingGranularity* granularity,
                                    const char* instances, std::string& how) {
  const Quantity per_instance = instance_hours(service, granularity);
  const Quantity deployed = multiply(Quantity::units(service.count), per_instance);
  how = fmt::format("{} {} x {} h", service.count, instances, per_instance.format());
  auto it = usage_.service_hours.find(service.name);
  if (it == usage_.service_hours.end()) return deployed;
  if (it->second <= deployed) {
    how += fmt::format(" (the simulation's {} h fit within them)", it->second.format());
    return deployed;
  }
  how = fmt::format("{} instance-hours from the simulation (more than {} {} x {} h)",
                    it->second.format(), service.count, instances, per_instance.format());
  return it->second;
}

Result<Bill> BillBuilder::finish() {
  if (errors_.empty() && !bill_.total().representable())
    errors_.push_back(fmt::format("the total is more than {}, the most a bill can hold",
                                  Money::from_dollars(Money::kMaxDollars).format(0)));
  if (!errors_.empty()) {
    std::string all = fmt::format("cannot price the {} bill:", bill_.platform);
    for (const auto& e : errors_) all += "\n  " + e;
    return Error(all);
  }
  return bill_;
}

Result<Bill> build_bill(const Catalog& catalog, const Deploy& deploy, const Usage& usage,
                        const std::string& platform) {
  BillBuilder b(catalog, deploy, usage, platform);
  if (platform == "aws") {
    build_aws_bill(b);
  } else if (platform == "railway") {
    build_railway_bill(b);
  } else if (platform == "render" || platform == "heroku" || platform == "digitalocean") {
    build_plan_bill(b);
  } else {
    return Error(fmt::format("unknown platform \"{}\" (aws, railway, render, heroku, digitalocean)",
                             platform));
  }
  return b.finish();
}

}  // namespace stackplan::cost
