// `stackplan catalog check`: the rules every catalog entry must follow so a
// bill can be checked line by line against its source.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "cost/catalog.h"

namespace stackplan::cost {

// The units a price may be given in. The billing code asks for prices in one
// of these, so an entry in any other unit could never be used.
inline const std::vector<std::string> kKnownUnits = {
    "hour",     "vCPU-hour", "GB-hour", "GB-second",   "request",   "GB",
    "GB-month", "LCU-hour",  "month",   "vCPU-minute", "GB-minute", "vCPU-month"};

struct CatalogIssue {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string where;    // "catalog/aws.yaml:42 aws:lambda.x86.duration"
  std::string message;  // "no source"
};

struct CheckOptions {
  std::chrono::year_month_day today;
  std::optional<std::chrono::days> max_age;  // older prices are warnings
};

// Errors: a price without unit, price, source, read date or regions; an
// unknown unit; a date that is not YYYY-MM or YYYY-MM-DD or lies in the
// future; two entries with the same id that apply in the same region.
// Warnings: prices read longer ago than max_age.
std::vector<CatalogIssue> check_catalog(const Catalog& catalog, const CheckOptions& options);

// "2026-11" (read as the first of the month, the oldest it can be) or
// "2026-11-23".
Result<std::chrono::year_month_day> parse_read_date(const std::string& text);

// The first of the issues that is an error, as a single Error listing all
// errors; Ok when there are none. Bills refuse a catalog that fails this.
Status catalog_errors(const std::vector<CatalogIssue>& issues);

}  // namespace stackplan::cost
