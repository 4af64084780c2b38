#include "report/plan_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/units.h"

namespace stackplan::report::plan_format {
namespace {

std::string count(uint64_t n) { return group_thousands(n); }

// A zero duration (nothing waited: functions have no backlog to drain, an
// accept with no API work) reads "0s", not the microsecond format_duration
// picks for the smallest values.
std::string duration_text(Duration d) { return d.ns() == 0 ? "0s" : format_duration(d); }

std::string optional_duration(const std::optional<Duration>& d) {
  return d ? duration_text(*d) : "-";
}

}  // namespace

std::string usd(Money amount) { return amount.format(2); }

std::string optional_usd(const std::optional<Money>& amount) { return amount ? usd(*amount) : "-"; }

std::string option_title(const plan::PlanSpec& spec, const plan::Option& option) {
  return option.candidate.describe(spec) + " on " + option.platform;
}

std::string regret_summary(const plan::LeastRegret& lr) {
  if (lr.max_regret <= Money()) return "the cheapest choice in every case";
  return fmt::format("at most {}/month over the best choice (in case {})", usd(lr.max_regret),
                     lr.worst_case);
}

std::string percent_over(double relative_excess) {
  // Whole percents read well; below 1% a decimal keeps "+0.4%" from reading "+0%".
  const double pct = relative_excess * 100;
  return std::fabs(pct) < 1 ? fmt::format("{:+.1f}%", pct) : fmt::format("{:+.0f}%", pct);
}

std::string miss_text(const plan::Miss& miss) {
  std::string out = fmt::format("{} in case {}: {}", miss.target, miss.case_name, miss.actual);
  if (miss.relative_excess)
    return out + fmt::format(" over {} ({})", miss.limit, percent_over(*miss.relative_excess));
  return out + fmt::format(" (limit {})", miss.limit);
}

std::string flip_value(const plan::FlipPoint& flip) {
  if (flip.input == "orders_per_month")
    return count(static_cast<uint64_t>(std::llround(std::max(0.0, flip.at)))) + " orders/month";
  if (flip.input == "peak") return fmt::format("{:.4g} orders/s", flip.at);
  return fmt::format("{} {:.6g}", flip.input, flip.at);
}

std::string flip_text(const plan::FlipPoint& flip) {
  return fmt::format("above {}: {} ({}/month) instead of {} ({}/month)", flip_value(flip),
                     flip.above.description, usd(flip.above.monthly), flip.below.description,
                     usd(flip.below.monthly));
}

std::string case_name(const plan::PlanSpec& spec, size_t index) {
  return index < spec.cases.size() ? spec.cases[index].name : fmt::format("case {}", index + 1);
}

std::string case_label(const plan::PlanSpec& spec, size_t index) {
  const std::string name = case_name(spec, index);
  return index == spec.reference_case && spec.cases.size() > 1 ? name + " (reference)" : name;
}

std::vector<FigureRow> figure_rows(Architecture::Kind kind,
                                   const std::vector<plan::CaseOutcome>& cases) {
  std::vector<FigureRow> rows = {
      {"accept p95", "accept_p95"}, {"accept p99", "accept_p99"}, {"order p95", "order_p95"}};
  // A sync tier has no queue: nothing drains after the peak and nothing backs up.
  if (kind != Architecture::Kind::kSync) {
    rows.push_back({"drain after peak", "drain_after_peak"});
    rows.push_back({"peak backlog", "max_backlog"});
  }
  rows.push_back({"accepted", ""});
  rows.push_back({"abandoned", ""});  // its target is a fraction: a row of its own
  rows.push_back({"failed", ""});
  rows.push_back({"duplicates", "max_duplicates"});
  for (const auto& c : cases)
    for (const auto& t : c.targets) {
      const bool shown = std::any_of(rows.begin(), rows.end(),
                                     [&](const FigureRow& r) { return r.target == t.name; });
      if (!shown) rows.push_back({t.name, t.name, true});
    }
  return rows;
}

std::string figure_value(const FigureRow& row, const plan::CaseOutcome& outcome,
                         Architecture::Kind kind) {
  if (outcome.pruned) return "pruned";
  if (!outcome.failed_because.empty()) return "failed";
  if (row.from_target) {
    for (const auto& t : outcome.targets)
      if (t.name == row.target) return t.actual;
    return "-";
  }
  const plan::CaseFigures& f = outcome.figures;
  if (row.label == "accept p95") return optional_duration(f.accept_p95);
  if (row.label == "accept p99") return optional_duration(f.accept_p99);
  if (row.label == "order p95") return optional_duration(f.order_p95);
  if (row.label == "drain after peak" && kind != Architecture::Kind::kSync)
    return f.drained ? duration_text(f.drain_time)
                     : "not drained in " + duration_text(f.drain_time);
  if (row.label == "peak backlog") return count(f.peak_backlog);
  if (row.label == "accepted") return count(f.accepted);
  if (row.label == "abandoned") return count(f.abandoned);
  if (row.label == "failed") return count(f.failed);
  if (row.label == "duplicates") return count(f.duplicates);
  return "-";
}

std::string target_limit(const std::string& target, const std::vector<plan::CaseOutcome>& cases) {
  if (target.empty()) return "";
  for (const auto& c : cases)
    for (const auto& t : c.targets)
      if (t.name == target) return "<= " + t.limit;
  return "";
}

std::vector<BillRow> bill_rows(const std::vector<cost::Bill>& bills) {
  std::vector<BillRow> rows;
  for (size_t b = 0; b < bills.size(); ++b)
    for (const auto& line : bills[b].lines) {
      auto it = std::find_if(rows.begin(), rows.end(), [&](const BillRow& r) {
        return r.component == line.component && r.item == line.item;
      });
      if (it == rows.end()) {
        rows.push_back(
            {line.component, line.item, std::vector<std::optional<Money>>(bills.size())});
        it = rows.end() - 1;
      }
      // A tiered price gives one line per band: the row is their sum.
      it->amounts[b] = it->amounts[b].value_or(Money()) + line.amount;
    }
  return rows;
}

std::string search_summary(const plan::SearchStats& s) {
  const auto& e = s.evaluator;
  std::string out = fmt::format(
      "{} candidates x {} cases ({} evaluations by brute force); examined {} candidates: {} "
      "evaluations, {} simulations ({} evaluations replicated), {} cache hits, {} pruned by the "
      "capacity model",
      count(s.candidates), count(s.cases), count(s.brute_force_evaluations),
      count(s.candidates_examined), count(e.evaluations), count(e.simulations), count(e.replicated),
      count(e.cache_hits), count(e.pruned));
  // A stopped search has not done all it would: no ratio for it.
  if (s.complete && e.evaluations > 0 && s.brute_force_evaluations > e.evaluations)
    out += fmt::format(
        "; {:.1f}x fewer evaluations than brute force",
        static_cast<double>(s.brute_force_evaluations) / static_cast<double>(e.evaluations));
  return out + (s.complete ? ". Search complete." : ". Stopped early: " + s.stopped_because + ".");
}

std::string targets_verdict(const plan::CaseOutcome& outcome) {
  if (outcome.meets_targets) return "met";
  std::string missed;
  for (const auto& t : outcome.targets)
    if (!t.met) missed += (missed.empty() ? "" : ", ") + t.name;
  if (missed.empty()) return outcome.pruned ? "pruned" : "missed";
  return "missed " + missed;
}

std::string payback_text(const plan::PlanSpec& spec, const plan::VariantPayback& p) {
  const std::string baseline = spec.variants.empty() ? "the first variant" : spec.variants[0].name;
  std::optional<Money> build;
  for (const auto& v : spec.variants)
    if (v.name == p.variant) build = v.build_cost;
  std::string out = fmt::format("{} over {} in case {}: ", p.variant, baseline, p.case_name);
  if (p.monthly_saving.rounded(2) == Money())
    out += "saves nothing";
  else if (p.monthly_saving < Money())
    out += fmt::format("costs {}/month more", usd(-p.monthly_saving));
  else
    out += fmt::format("saves {}/month", usd(p.monthly_saving));
  if (!p.months)
    return out + (build ? fmt::format(", never pays back its {} build cost", usd(*build)) : "");
  return out + fmt::format(", pays back its {} build cost in {:.1f} months",
                           usd(build.value_or(Money())), *p.months);
}

}  // namespace stackplan::report::plan_format
