// `stackplan plan` for a pull request or a decision document: headings,
// tables and lists in GitHub-flavoured Markdown.
#include <fmt/format.h>

#include "report/markdown.h"
#include "report/plan_format.h"
#include "report/plan_report.h"

namespace stackplan::report {
namespace {

namespace pf = plan_format;

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right) {
  std::string out = "|";
  for (const auto& h : header) out += " " + markdown_cell(h) + " |";
  out += "\n|";
  for (size_t i = 0; i < header.size(); ++i) out += i < right.size() && right[i] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (size_t i = 0; i < header.size(); ++i)
      out += " " + markdown_cell(i < row.size() ? row[i] : "") + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string bill_table(const plan::PlanSpec& spec, const plan::Option& o) {
  std::vector<std::string> header = {"component", "item"};
  std::vector<bool> right = {false, false};
  for (size_t c = 0; c < o.bills.size(); ++c) {
    header.push_back(pf::case_name(spec, c));
    right.push_back(true);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : pf::bill_rows(o.bills)) {
    std::vector<std::string> cells = {row.component, row.item};
    for (const auto& a : row.amounts) cells.push_back(a ? pf::usd(*a) : "-");
    rows.push_back(std::move(cells));
  }
  std::vector<std::string> total = {"**total**", ""};
  for (const auto& b : o.bills) total.push_back("**" + pf::usd(b.total()) + "**");
  rows.push_back(std::move(total));
  return table(header, rows, right);
}

std::string figures_table(const plan::PlanSpec& spec, const plan::Option& o) {
  std::vector<std::string> header = {"simulated"};
  std::vector<bool> right = {false};
  for (size_t c = 0; c < o.cases.size(); ++c) {
    header.push_back(pf::case_name(spec, c));
    right.push_back(true);
  }
  header.emplace_back("target");
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : pf::figure_rows(o.candidate.kind, o.cases)) {
    std::vector<std::string> cells = {row.label};
    for (const auto& c : o.cases) cells.push_back(pf::figure_value(row, c, o.candidate.kind));
    cells.push_back(pf::target_limit(row.target, o.cases));
    rows.push_back(std::move(cells));
  }
  return table(header, rows, right);
}

std::string failing_list(const plan::PlanSpec& spec, const plan::Option& o) {
  std::string out =
      fmt::format("- {}: {}/month\n", pf::option_title(spec, o), pf::usd(o.reference_monthly));
  if (!o.bill_error.empty()) out += "  - cannot be priced: " + o.bill_error + "\n";
  for (const auto& m : o.misses) out += "  - " + pf::miss_text(m) + "\n";
  for (size_t c = 0; c < o.cases.size(); ++c) {
    if (o.cases[c].pruned)
      out += "  - case " + pf::case_name(spec, c) + " not simulated: " + o.cases[c].pruned_because +
             "\n";
    else if (!o.cases[c].failed_because.empty())
      out += "  - case " + pf::case_name(spec, c) + " failed: " + o.cases[c].failed_because + "\n";
  }
  return out;
}

std::string platform_section(const plan::PlanSpec& spec, const plan::PlatformAnswer& p) {
  std::string out = "## " + p.platform + "\n\n";
  if (p.best) {
    const auto& b = *p.best;
    out +=
        fmt::format("Cheapest meeting every target in every case: **{}**, {}/month in case {}.\n\n",
                    b.candidate.describe(spec), pf::usd(b.reference_monthly),
                    pf::case_label(spec, spec.reference_case));
    out += bill_table(spec, b);
    bool noted = false;
    for (size_t c = 0; c < b.bills.size(); ++c)
      for (const auto& note : b.bills[c].notes) {
        out += "- note (" + pf::case_name(spec, c) + "): " + note + "\n";
        noted = true;
      }
    // A table right under a list item would be read as part of the item.
    if (noted) out += "\n";
    out += figures_table(spec, b);
  } else {
    out += "No configuration meets every target: " + p.none_because + "\n\n";
  }
  if (!p.cheaper_failing.empty()) {
    out += p.best ? "Cheaper, but failing:\n\n" : "Closest, failing:\n\n";
    for (const auto& o : p.cheaper_failing) out += failing_list(spec, o);
    out += "\n";
  }
  return out;
}

}  // namespace

std::string plan_markdown(const plan::PlanResult& r) {
  const auto& spec = r.spec;
  const auto& s = r.search;
  std::string out = fmt::format("# stackplan plan: {}\n\n", r.scenario);
  std::string cases;
  for (size_t c = 0; c < spec.cases.size(); ++c) cases += (c ? ", " : "") + pf::case_label(spec, c);
  out += "Cases (every answer must hold in all): " + cases + ".";
  if (spec.budget) out += " Budget: " + pf::usd(*spec.budget) + "/month in every case.";
  out += "\n\n";

  for (const auto& p : s.platforms) out += platform_section(spec, p);

  out += "## Least regret across platforms\n\n";
  if (s.least_regret) {
    const auto& lr = *s.least_regret;
    out +=
        fmt::format("**{}**: {}/month in case {}; {}.\n\n{}\n\n", pf::option_title(spec, lr.option),
                    pf::usd(lr.option.reference_monthly), pf::case_label(spec, spec.reference_case),
                    pf::regret_summary(lr), lr.reason);
    std::vector<std::vector<std::string>> rows;
    for (size_t c = 0; c < lr.regret.size(); ++c)
      rows.push_back({pf::case_name(spec, c),
                      c < lr.option.bills.size() ? pf::usd(lr.option.bills[c].total()) : "-",
                      pf::usd(lr.regret[c])});
    out += table({"case", "bill", "regret"}, rows, {false, true, true});
  } else {
    out += "Nothing meets every target: " + s.infeasible_because + "\n\n";
    if (s.closest) out += "Closest:\n\n" + failing_list(spec, *s.closest) + "\n";
  }

  if (!r.volume_flips.empty() || !r.peak_flips.empty()) {
    out += "## Flip points\n\n";
    for (const auto& f : r.volume_flips) out += "- " + pf::flip_text(f) + "\n";
    for (const auto& f : r.peak_flips) out += "- " + pf::flip_text(f) + "\n";
    out += "\n";
  }
  if (!r.sensitivity.empty()) {
    out +=
        "## Sensitivity\n\nThe chosen option, one input at a time, the others as in the reference "
        "case.\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : r.sensitivity)
      rows.push_back({row.input, row.low_label, row.high_label, pf::optional_usd(row.monthly_low),
                      pf::optional_usd(row.monthly_high), pf::usd(row.swing),
                      pf::targets_verdict(row.outcome_low), pf::targets_verdict(row.outcome_high)});
    out += table({"input", "low", "high", "$/month low", "$/month high", "swing", "targets low",
                  "targets high"},
                 rows, {false, false, false, true, true, true, false, false});
  }
  if (!r.payback.empty()) {
    out += "## Variants\n\n";
    for (const auto& p : r.payback) out += "- " + pf::payback_text(spec, p) + "\n";
    out += "\n";
  }
  if (!r.notes.empty()) {
    out += "## Notes\n\n";
    for (const auto& n : r.notes) out += "- " + n + "\n";
    out += "\n";
  }
  out += "## Search\n\n" + pf::search_summary(s.stats) + "\n";
  return out;
}

}  // namespace stackplan::report
