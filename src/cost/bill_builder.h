// Internal to the bill builders (bill_aws.cpp, bill_paas.cpp): collects lines
// and every missing price, so one run reports all of them.
#pragma once

#include <string>
#include <vector>

#include "cost/bill.h"
#include "cost/deploy.h"

namespace stackplan::cost {

inline constexpr int64_t kNanosPerHour = 3'600'000'000'000;
inline constexpr int64_t kMinutesPerHour = 60;
inline constexpr int64_t kSecondsPerHour = 3600;

class BillBuilder {
 public:
  BillBuilder(const Catalog& catalog, const Deploy& deploy, const Usage& usage,
              std::string platform);

  const Deploy& deploy() const { return deploy_; }
  const Usage& usage() const { return usage_; }
  const std::string& platform() const { return bill_.platform; }
  const Catalog& catalog() const { return catalog_; }

  // The catalog entry provider:id in the deploy's region, or nullptr after
  // recording the error.
  const PriceEntry* entry(const std::string& provider, const std::string& id,
                          const std::string& unit);
  // Adds the lines for `used` units of platform:id.
  void charge(const std::string& component, const std::string& id, const std::string& unit,
              Quantity used, const std::string& note = "");
  // Same, for an entry already looked up, at a given price discount.
  void charge_entry(const std::string& component, const PriceEntry& entry, Quantity used,
                    const std::string& note, int64_t discount_millionths = 0);
  std::optional<Quantity> fact(const std::string& provider, const std::string& id,
                               const std::string& unit);
  // Hours in the billing month (catalog conventions:hours_per_month).
  Quantity month_hours();
  // True (with a note on the bill) when the scenario excludes component here.
  bool excluded(const std::string& component);
  // Records that this platform cannot price component.
  void fail(const std::string& message) { errors_.push_back(message); }
  void note(const std::string& text) { bill_.notes.push_back(text); }
  void add_line(BillLine line) { bill_.lines.push_back(std::move(line)); }
  Money total_so_far() const { return bill_.total(); }

  // Instance-hours one instance of the service runs in the month, rounded per
  // run to the granularity when given.
  Quantity instance_hours(const Service& service, const BillingGranularity* granularity);

  // Instance-hours of a service this month: its deployed count all month, or
  // the simulation's scaled instance-hours when those are more (autoscaling
  // above the minimum). `how` explains which, for the line's note.
  Quantity service_hours(const Service& service, const BillingGranularity* granularity,
                         const char* instances, std::string& how);

  Result<Bill> finish();

 private:
  const Catalog& catalog_;
  const Deploy& deploy_;
  const Usage& usage_;
  Bill bill_;
  std::vector<std::string> errors_;
  std::optional<Quantity> month_hours_;
};

// Quantity a / b, rounded to a millionth.
Quantity divide(Quantity a, Quantity b);
Quantity hours_of(Duration d);

void build_aws_bill(BillBuilder& b);
// Lambda, API Gateway, SQS and SNS: the per-event part of the AWS bill.
void charge_aws_events(BillBuilder& b);
void build_railway_bill(BillBuilder& b);
// Render, Heroku and DigitalOcean: instance plans priced per month.
void build_plan_bill(BillBuilder& b);

}  // namespace stackplan::cost
