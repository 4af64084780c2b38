#include <fmt/format.h>

#include "cost/bill.h"

namespace stackplan::cost {
namespace {

Int128 divide_rounded_half_up(Int128 numerator, Int128 denominator) {
  Int128 q = numerator / denominator;
  Int128 r = numerator % denominator;
  if (r < 0) r = -r;
  if (2 * r >= denominator) q += numerator < 0 ? -1 : 1;
  return q;
}

std::string max_quantity_text() { return format_fixed_point(Quantity::kMaxUnits, 0, 0); }

std::string max_money_text() { return Money::from_dollars(Money::kMaxDollars).format(0); }

}  // namespace

Result<Money> amount_for(Quantity quantity, UnitPrice price, int64_t per) {
  if (quantity.overflowed())
    return Error(fmt::format("the quantity is more than {} units, the most a bill can price",
                             max_quantity_text()));
  // micro-units x pico-dollars = 1e-18 $ (atto-dollars) per `per` units.
  Int128 product = 0;
  if (per <= 0 ||
      __builtin_mul_overflow(quantity.micros(), static_cast<Int128>(price.picos()), &product))
    return Error(fmt::format("{} x {} is more than {}, the most a bill can hold", quantity.format(),
                             price.format(), max_money_text()));
  const Money amount = Money::from_attos(divide_rounded_half_up(product, per));
  if (!amount.representable())
    return Error(fmt::format("{} x {} is more than {}, the most a bill can hold", quantity.format(),
                             price.format(), max_money_text()));
  return amount;
}

Quantity multiply(Quantity a, Quantity b) {
  if (a.overflowed() || b.overflowed()) return Quantity::overflow();
  Int128 product = 0;
  if (__builtin_mul_overflow(a.micros(), b.micros(), &product)) return Quantity::overflow();
  return Quantity::from_micros(divide_rounded_half_up(product, Quantity::kMicrosPerUnit));
}

Money display_rounding(const std::vector<Money>& amounts, Money total, int decimals) {
  Money shown;
  for (Money m : amounts) shown += m.rounded(decimals);
  return total.rounded(decimals) - shown;
}

Duration billed_duration(Duration run, const BillingGranularity& granularity) {
  Duration billed = run < granularity.minimum ? granularity.minimum : run;
  const int64_t step = granularity.increment.ns();
  if (step <= 0) return billed;
  const int64_t increments = (billed.ns() + step - 1) / step;
  return Duration::nanoseconds(increments * step);
}

Result<std::vector<BillLine>> price_usage(const PriceEntry& entry, Quantity used,
                                          bool apply_free_tier, const std::string& component,
                                          const std::string& note) {
  std::vector<BillLine> lines;
  if (used.overflowed())
    return Error(fmt::format("{}: the {} used is more than {} {}, the most a bill can price",
                             entry.ref(), entry.unit, max_quantity_text(), entry.unit));
  const Quantity free = apply_free_tier ? min(used, entry.free_per_month) : Quantity();
  Quantity remaining = used - free;
  Quantity band_start;  // cumulative billable units where the current band begins
  const std::string source = fmt::format("{} (read {})", entry.source, entry.read);
  for (size_t i = 0; i < entry.tiers.size(); ++i) {
    const PriceTier& tier = entry.tiers[i];
    Quantity in_band = remaining;
    if (tier.up_to) in_band = min(remaining, *tier.up_to - band_start);
    const bool first = i == 0;
    if (first || !in_band.is_zero()) {
      BillLine line;
      line.component = component;
      line.item = entry.item;
      line.free = first ? free : Quantity();
      line.billed = in_band;
      line.used = in_band + line.free;
      line.unit = entry.unit;
      line.price = tier.price;
      line.per = entry.per;
      auto amount = amount_for(in_band, tier.price, entry.per);
      if (!amount) return Error(fmt::format("{}: {}", entry.ref(), amount.error().message()));
      line.amount = *amount;
      line.ref = entry.ref();
      line.source = source;
      line.unverified = entry.unverified;
      line.note = note;
      if (entry.tiers.size() > 1) {
        std::string band = tier.up_to
                               ? fmt::format("tier {}: up to {}", i + 1, tier.up_to->format())
                               : fmt::format("tier {}: above {}", i + 1, band_start.format());
        line.note = note.empty() ? band : note + "; " + band;
      }
      lines.push_back(std::move(line));
    }
    remaining = remaining - in_band;
    if (tier.up_to) band_start = *tier.up_to;
    if (remaining.is_zero()) return lines;
  }
  return Error(fmt::format(
      "missing price {} above {} {} (needed {} more): {} has no price beyond its last tier",
      entry.ref(), band_start.format(), entry.unit, remaining.format(), entry.place()));
}

}  // namespace stackplan::cost
