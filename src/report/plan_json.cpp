// `stackplan plan --json`: every figure the text shows, as docs/OUTPUT.md
// ("stackplan plan") lists them. Money is written as `stackplan cost --json`
// writes it (a decimal string, key ending in _usd), latencies as `simulate
// --json` writes them (milliseconds to the microsecond).
#include <cmath>
#include <nlohmann/json.hpp>

#include "report/cost_report.h"
#include "report/plan_format.h"
#include "report/plan_report.h"

namespace stackplan::report {
namespace {

namespace pf = plan_format;
using nlohmann::json;

json ms(const std::optional<Duration>& d) {
  if (!d) return nullptr;
  return std::round(d->seconds_f() * 1e6) / 1e3;  // microsecond precision, as simulate --json
}

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json candidate_json(const plan::PlanSpec& spec, const plan::Candidate& c) {
  json task = nullptr;
  if (c.kind != Architecture::Kind::kServerless && c.task < spec.tasks.size())
    task = {{"vcpu", spec.tasks[c.task].vcpu}, {"memory_gib", spec.tasks[c.task].memory_gib}};
  return {{"description", c.describe(spec)},
          {"key", c.key()},
          {"kind", kind_name(c.kind)},
          {"variant",
           c.variant < spec.variants.size() ? json(spec.variants[c.variant].name) : json(nullptr)},
          {"processes", c.processes},
          {"concurrency", c.concurrency},
          {"task", task},
          {"function_memory_gib", c.function_memory_gib},
          {"autoscale_min", c.autoscale_min},
          {"autoscale_max", c.autoscale_max}};
}

json figures_json(const plan::CaseFigures& f) {
  return {{"accepted", f.accepted},
          {"completed", f.completed},
          {"abandoned", f.abandoned},
          {"failed", f.failed},
          {"duplicates", f.duplicates},
          {"accept_p95_ms", ms(f.accept_p95)},
          {"accept_p99_ms", ms(f.accept_p99)},
          {"order_p95_ms", ms(f.order_p95)},
          {"drained", f.drained},
          {"drain_seconds", f.drain_time.seconds_f()},
          {"peak_backlog", f.peak_backlog},
          {"accepted_per_second", f.accepted_per_second}};
}

json targets_json(const std::vector<sim::TargetCheck>& targets) {
  json out = json::array();
  for (const auto& t : targets)
    out.push_back({{"name", t.name},
                   {"limit", t.limit},
                   {"actual", t.actual},
                   {"met", t.met},
                   {"relative_excess", optional_number(t.relative_excess())}});
  return out;
}

json outcome_json(const plan::CaseOutcome& o) {
  json out{{"case", o.case_name},
           {"pruned", o.pruned},
           {"pruned_because", o.pruned_because},
           {"failed_because", o.failed_because},
           {"runs", o.runs},
           {"meets_targets", o.meets_targets},
           {"targets", targets_json(o.targets)}};
  // A pruned case was never simulated, and a run stopped by its backlog
  // never finished: no figures rather than zeros.
  out["figures"] = o.has_figures() ? figures_json(o.figures) : json(nullptr);
  return out;
}

json option_json(const plan::PlanSpec& spec, const plan::Option& o) {
  json cases = json::array();
  for (size_t c = 0; c < o.cases.size(); ++c) {
    json entry = outcome_json(o.cases[c]);
    entry["bill"] = c < o.bills.size() ? cost::bill_json(o.bills[c]) : json(nullptr);
    cases.push_back(std::move(entry));
  }
  json misses = json::array();
  for (const auto& m : o.misses)
    misses.push_back({{"case", m.case_name},
                      {"target", m.target},
                      {"limit", m.limit},
                      {"actual", m.actual},
                      {"relative_excess", optional_number(m.relative_excess)},
                      {"text", pf::miss_text(m)}});
  return {{"title", pf::option_title(spec, o)},
          {"candidate", candidate_json(spec, o.candidate)},
          {"platform", o.platform},
          {"feasible", o.feasible()},
          {"meets_targets", o.meets_targets},
          {"within_budget", o.within_budget},
          {"bill_error", o.bill_error},
          {"reference_monthly_usd", cost::money_json(o.reference_monthly)},
          {"cases", std::move(cases)},
          {"misses", std::move(misses)}};
}

json optional_option(const plan::PlanSpec& spec, const std::optional<plan::Option>& o) {
  return o ? option_json(spec, *o) : json(nullptr);
}

json recommendation_json(const plan::Recommendation& r) {
  return {
      {"key", r.key}, {"description", r.description}, {"monthly_usd", cost::money_json(r.monthly)}};
}

json flips_json(const std::vector<plan::FlipPoint>& flips) {
  json out = json::array();
  for (const auto& f : flips)
    out.push_back({{"input", f.input},
                   {"at", f.at},
                   {"below", recommendation_json(f.below)},
                   {"above", recommendation_json(f.above)},
                   {"text", pf::flip_text(f)}});
  return out;
}

json spec_json(const plan::PlanSpec& spec) {
  json cases = json::array();
  for (size_t c = 0; c < spec.cases.size(); ++c)
    cases.push_back({{"name", spec.cases[c].name}, {"reference", c == spec.reference_case}});
  json variants = json::array();
  for (const auto& v : spec.variants)
    variants.push_back(
        {{"name", v.name},
         {"build_cost_usd", v.build_cost ? json(cost::money_json(*v.build_cost)) : json(nullptr)}});
  json kinds = json::array();
  for (auto k : spec.kinds) kinds.push_back(kind_name(k));
  return {{"architectures", kinds},
          {"platforms", spec.platforms},
          {"budget_usd", spec.budget ? json(cost::money_json(*spec.budget)) : json(nullptr)},
          {"cases", cases},
          {"variants", variants},
          {"replications", spec.replications},
          {"close_margin", spec.close_margin}};
}

json search_json(const plan::SearchStats& s) {
  const auto& e = s.evaluator;
  return {{"candidates", s.candidates},
          {"cases", s.cases},
          {"candidates_examined", s.candidates_examined},
          {"evaluations", e.evaluations},
          {"simulations", e.simulations},
          {"cache_hits", e.cache_hits},
          {"pruned", e.pruned},
          {"replicated", e.replicated},
          {"brute_force_evaluations", s.brute_force_evaluations},
          {"complete", s.complete},
          {"stopped_because", s.stopped_because}};
}

}  // namespace

std::string plan_json(const plan::PlanResult& r) {
  const auto& spec = r.spec;
  const auto& s = r.search;
  json doc;
  doc["scenario"] = r.scenario;
  doc["file"] = r.file;
  doc["currency"] = "USD";
  doc["plan"] = spec_json(spec);
  doc["platforms"] = json::array();
  for (const auto& p : s.platforms) {
    json failing = json::array();
    for (const auto& o : p.cheaper_failing) failing.push_back(option_json(spec, o));
    doc["platforms"].push_back({{"platform", p.platform},
                                {"best", optional_option(spec, p.best)},
                                {"cheaper_failing", std::move(failing)},
                                {"none_because", p.none_because}});
  }
  doc["least_regret"] = nullptr;
  if (s.least_regret) {
    const auto& lr = *s.least_regret;
    json regret = json::array();
    for (size_t c = 0; c < lr.regret.size(); ++c)
      regret.push_back(
          {{"case", pf::case_name(spec, c)}, {"regret_usd", cost::money_json(lr.regret[c])}});
    doc["least_regret"] = {{"option", option_json(spec, lr.option)},
                           {"max_regret_usd", cost::money_json(lr.max_regret)},
                           {"worst_case", lr.worst_case},
                           {"regret", std::move(regret)},
                           {"reason", lr.reason}};
  }
  doc["case_choices"] = json::array();
  for (const auto& c : s.case_choices)
    doc["case_choices"].push_back(
        {{"case", pf::case_name(spec, c.case_index)},
         {"variant",
          c.variant < spec.variants.size() ? spec.variants[c.variant].name : std::string()},
         {"candidate", candidate_json(spec, c.candidate)},
         {"platform", c.platform},
         {"monthly_usd", cost::money_json(c.monthly)}});
  doc["closest"] = optional_option(spec, s.closest);
  doc["infeasible_because"] = s.infeasible_because;
  doc["volume_flips"] = flips_json(r.volume_flips);
  doc["peak_flips"] = flips_json(r.peak_flips);
  doc["sensitivity"] = json::array();
  for (const auto& row : r.sensitivity)
    doc["sensitivity"].push_back(
        {{"input", row.input},
         {"low", row.low_label},
         {"high", row.high_label},
         {"monthly_low_usd",
          row.monthly_low ? json(cost::money_json(*row.monthly_low)) : json(nullptr)},
         {"monthly_high_usd",
          row.monthly_high ? json(cost::money_json(*row.monthly_high)) : json(nullptr)},
         {"swing_usd", cost::money_json(row.swing)},
         {"outcome_low", outcome_json(row.outcome_low)},
         {"outcome_high", outcome_json(row.outcome_high)}});
  doc["payback"] = json::array();
  for (const auto& p : r.payback)
    doc["payback"].push_back({{"variant", p.variant},
                              {"case", p.case_name},
                              {"monthly_saving_usd", cost::money_json(p.monthly_saving)},
                              {"months", optional_number(p.months)},
                              {"text", pf::payback_text(spec, p)}});
  doc["notes"] = r.notes;
  doc["search"] = search_json(s.stats);
  // Names come from the user and may hold bytes that are not UTF-8.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace stackplan::report
