// An itemized monthly bill: each line is quantity x unit price = amount, with
// the catalog entry it used, so a reader can check it against the source.
#pragma once

#include <string>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "cost/catalog.h"
#include "cost/quantity.h"

namespace stackplan::cost {

struct BillLine {
  std::string component;  // what in the deploy it prices: "api", "database", "function"
  std::string item;       // the catalog's name for the price: "Lambda duration (x86)"
  Quantity used;          // the month's use on this line, before any free allowance
  Quantity free;          // the free allowance subtracted on this line
  Quantity billed;        // used - free: the quantity multiplied by the price
  std::string unit;       // "GB-second"
  UnitPrice price;        // per `per` units
  int64_t per = 1;
  Money amount;        // billed x price / per, exact to a micro-dollar
  std::string ref;     // catalog entry: "aws:lambda.x86.duration"
  std::string source;  // where and when the price was read
  std::string note;    // how the quantity was derived, tier, discount
  bool unverified = false;
};

struct Bill {
  std::string platform;  // "aws"
  std::string region;
  std::vector<BillLine> lines;
  // Things the scenario asked to leave out of this platform's bill, and other
  // remarks a reader needs to interpret the total.
  std::vector<std::string> notes;

  Money total() const {
    Money sum;
    for (const auto& l : lines) sum += l.amount;
    return sum;
  }
};

// What to add to the lines as displayed (each rounded to `decimals`) to reach
// the displayed total: the total is the exact sum, rounded once, so the
// rounded lines may miss it by a cent or so. Shown as a "rounding" line, as
// Infracost does, so a printed bill always adds up.
Money display_rounding(const std::vector<Money>& amounts, Money total, int decimals = 2);

// Rounds one run up to the provider's billing increment and minimum.
Duration billed_duration(Duration run, const BillingGranularity& granularity);

// Prices `used` units of entry: subtracts the free allowance when
// apply_free_tier, then walks the tiers, one line per tier band reached. A
// quantity beyond the last band of a bounded entry is an error naming it.
Result<std::vector<BillLine>> price_usage(const PriceEntry& entry, Quantity used,
                                          bool apply_free_tier, const std::string& component,
                                          const std::string& note);

}  // namespace stackplan::cost

namespace stackplan::cost {

struct Deploy;
struct Usage;

// The platforms bills can be built for.
inline const std::vector<std::string> kPlatforms = {"aws", "railway", "render", "heroku",
                                                    "digitalocean"};

// The month's bill for one platform. Fails listing every price, fact or
// deploy choice the bill needs and does not have.
Result<Bill> build_bill(const Catalog& catalog, const Deploy& deploy, const Usage& usage,
                        const std::string& platform);

}  // namespace stackplan::cost
