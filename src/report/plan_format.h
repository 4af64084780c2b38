// What the three renderers of a plan (text, Markdown, JSON) share: the words
// for a miss, a flip point, a figure, and money as each format writes it.
// Internal to src/report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "plan/plan_result.h"

namespace stackplan::report::plan_format {

// "$1,234.57": for people.
std::string usd(Money amount);
// The same, or "-" for an amount that could not be known (a sensitivity end
// that was never simulated).
std::string optional_usd(const std::optional<Money>& amount);

// "async, 7 processes x 10 concurrency, 0.5 vCPU / 1 GiB on aws"
std::string option_title(const plan::PlanSpec& spec, const plan::Option& option);

// "drain_after_peak in case high: 93s over 60s (+55%)"
std::string miss_text(const plan::Miss& miss);

// "at most $3.20/month over the best choice (in case low)", or, with no
// regret, "the cheapest choice in every case".
std::string regret_summary(const plan::LeastRegret& least_regret);

// "+55%", from a relative excess of 0.55.
std::string percent_over(double relative_excess);

// The value of a flip point as its input reads: "1,070,000 orders/month",
// "48.5 orders/s".
std::string flip_value(const plan::FlipPoint& flip);
// "above 1,070,000 orders/month: X instead of Y"
std::string flip_text(const plan::FlipPoint& flip);

// The name the report gives a case: "high (reference)" for the reference.
std::string case_label(const plan::PlanSpec& spec, size_t index);
// The name of case `index`, or "case N" when the spec has fewer cases than
// the option (a hand-built result).
std::string case_name(const plan::PlanSpec& spec, size_t index);

// One simulated figure of a candidate, as a row of the figures table: its
// label, the target it is judged by (empty: shown, not judged), and its value
// in one case ("-" when the run cannot give it, "pruned" when not run).
struct FigureRow {
  std::string label;
  std::string target;
  // A target with no figure of its own (a fraction of lost orders): the row
  // shows the target's own `actual`.
  bool from_target = false;
};
// The figures of `kind`, then a row for each target the cases checked that
// no figure stands for.
std::vector<FigureRow> figure_rows(Architecture::Kind kind,
                                   const std::vector<plan::CaseOutcome>& cases);
std::string figure_value(const FigureRow& row, const plan::CaseOutcome& outcome,
                         Architecture::Kind kind);
// The target's limit as the scenario wrote it ("<= 200ms"), from the first
// case that checked it; empty when no case did.
std::string target_limit(const std::string& target, const std::vector<plan::CaseOutcome>& cases);

// Bill lines matched across cases by (component, item), in the order they
// first appear: one row per line, one amount per case (unset: no such line).
struct BillRow {
  std::string component, item;
  std::vector<std::optional<Money>> amounts;
};
std::vector<BillRow> bill_rows(const std::vector<cost::Bill>& bills);

// "2,400 candidates x 3 cases; examined 120 ..." and "complete" or why not.
std::string search_summary(const plan::SearchStats& stats);

// What the sensitivity row says about targets: "met" / "missed drain_after_peak".
std::string targets_verdict(const plan::CaseOutcome& outcome);

// The payback line: "go over python in case high: saves $12.00/month,
// pays back its $30,000.00 build cost in 2,500 months".
std::string payback_text(const plan::PlanSpec& spec, const plan::VariantPayback& payback);

}  // namespace stackplan::report::plan_format
