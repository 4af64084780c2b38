#include <fmt/format.h>

#include "cost/bill.h"

namespace stackplan::cost {
namespace {

__extension__ typedef __int128 Int128;

Int128 divide_rounded_half_up(Int128 numerator, Int128 denominator) {
  Int128 q = numerator / denominator;
  Int128 r = numerator % denominator;
  if (r < 0) r = -r;
  if (2 * r >= denominator) q += numerator < 0 ? -1 : 1;
  return q;
}

}  // namespace

Money amount_for(Quantity quantity, UnitPrice price, int64_t per) {
  // micro-units x pico-dollars / (1e6 x 1e6 x per) = micro-dollars.
  const Int128 numerator = static_cast<Int128>(quantity.micros()) * price.picos();
  const Int128 denominator = static_cast<Int128>(Quantity::kMicrosPerUnit) *
                             (UnitPrice::kPicosPerDollar / Money::kMicrosPerDollar) * per;
  return Money::from_micros(static_cast<int64_t>(divide_rounded_half_up(numerator, denominator)));
}

Quantity multiply(Quantity a, Quantity b) {
  const Int128 product = static_cast<Int128>(a.micros()) * b.micros();
  return Quantity::from_micros(
      static_cast<int64_t>(divide_rounded_half_up(product, Quantity::kMicrosPerUnit)));
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
      line.amount = amount_for(in_band, tier.price, entry.per);
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
