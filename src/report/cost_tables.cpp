// The tables of a cost report: bills, stages, TCO, break-even and payback.
#include <fmt/format.h>

#include <algorithm>

#include "report/cost_report.h"

namespace stackplan::cost {
namespace {

// The row that makes rounded lines add up to the total rounded once.
constexpr const char* kRoundingItem = "lines rounded to the cent; the total is their exact sum";

std::string per_text(const BillLine& l) {
  if (l.per == 1) return "/" + l.unit;
  return fmt::format(" per {} {}", format_fixed_point(l.per, 0, 0), l.unit);
}

// For CSV: one row per line with numeric columns a spreadsheet can sum.
Table bill_csv_table(const std::vector<Bill>& bills) {
  Table t;
  t.title = "bill";
  t.header = {"platform", "region",         "component", "item",       "used",    "free", "billed",
              "unit",     "unit_price_usd", "per",       "amount_usd", "catalog", "note"};
  for (const auto& b : bills)
    for (const auto& l : b.lines)
      t.rows.push_back({b.platform, b.region, l.component, l.item,
                        format_fixed_point(l.used.micros(), 6, 0, false),
                        format_fixed_point(l.free.micros(), 6, 0, false),
                        format_fixed_point(l.billed.micros(), 6, 0, false), l.unit,
                        format_fixed_point(l.price.picos(), 12, 2, false), std::to_string(l.per),
                        format_fixed_point(l.amount.micros(), 6, 2, false), l.ref, l.note});
  return t;
}

Table bill_table(const Bill& bill) {
  Table t;
  t.title = fmt::format("{} bill ({}), per month", bill.platform, bill.region);
  t.header = {"component", "item", "quantity x unit price", "amount", "catalog"};
  t.right_aligned = {false, false, false, true, false};
  t.key_columns = 2;
  t.detail_column = 2;  // the arithmetic, under its line when the table is too wide
  for (const auto& l : bill.lines) {
    std::string item = l.item + (l.unverified ? " (unverified price)" : "");
    t.rows.push_back({l.component, item, line_arithmetic(l), l.amount.format(), l.ref});
  }
  std::vector<Money> amounts;
  for (const auto& l : bill.lines) amounts.push_back(l.amount);
  if (const Money rounding = display_rounding(amounts, bill.total()); rounding != Money())
    t.rows.push_back({"rounding", kRoundingItem, "", rounding.format(), ""});
  t.rows.push_back({"total", "", "", bill.total().format(), ""});
  for (const auto& l : bill.lines)
    if (!l.note.empty()) t.notes.push_back(fmt::format("{} / {}: {}", l.component, l.item, l.note));
  for (const auto& n : bill.notes) t.notes.push_back(n);
  return t;
}

std::string stage_heading(const Stage& s) {
  return s.users ? fmt::format("{} ({} users)", s.name, format_fixed_point(*s.users, 0, 0))
                 : s.name;
}

Table stage_table(const StagesResult& r, const PlatformStages& ps) {
  Table t;
  t.title = fmt::format("{}: monthly cost by stage", ps.platform);
  t.header = {"component", "item"};
  t.right_aligned = {false, false};
  t.key_columns = 2;
  for (const auto& s : r.stages) {
    t.header.push_back(stage_heading(s));
    t.right_aligned.push_back(true);
  }
  // One row per (component, item), grouped by component, each in order of
  // first appearance (a stage that changes database class adds a row).
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& bill : ps.bills)
    for (const auto& l : bill.lines) {
      const std::pair key(l.component, l.item);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      auto last_of_component = std::find_if(keys.rbegin(), keys.rend(),
                                            [&](const auto& k) { return k.first == l.component; });
      if (last_of_component == keys.rend())
        keys.push_back(key);
      else
        keys.insert(last_of_component.base(), key);
    }
  std::vector<std::vector<Money>> shown(ps.bills.size());  // per stage, the cells shown
  for (const auto& [component, item] : keys) {
    std::vector<std::string> row = {component, item};
    for (size_t i = 0; i < ps.bills.size(); ++i) {
      Money sum;
      bool present = false;
      for (const auto& l : ps.bills[i].lines)
        if (l.component == component && l.item == item) {
          sum += l.amount;
          present = true;
        }
      if (present) shown[i].push_back(sum);
      row.push_back(present ? sum.format() : "-");
    }
    t.rows.push_back(row);
  }
  std::vector<std::string> rounding = {"rounding", kRoundingItem};
  bool any_rounding = false;
  for (size_t i = 0; i < ps.bills.size(); ++i) {
    const Money r = display_rounding(shown[i], ps.bills[i].total());
    any_rounding = any_rounding || r != Money();
    rounding.push_back(r == Money() ? "-" : r.format());
  }
  if (any_rounding) t.rows.push_back(rounding);
  std::vector<std::string> total = {"total", ""};
  for (const auto& bill : ps.bills) total.push_back(bill.total().format());
  t.rows.push_back(total);
  return t;
}

Table stage_summary(const StagesResult& r) {
  Table t;
  t.title = "Monthly total by stage and platform";
  t.header = {"platform"};
  t.right_aligned = {false};
  for (const auto& s : r.stages) {
    t.header.push_back(stage_heading(s));
    t.right_aligned.push_back(true);
  }
  for (const auto& ps : r.platforms) {
    std::vector<std::string> row = {ps.platform};
    for (size_t i = 0; i < r.stages.size(); ++i)
      row.push_back(ps.error.empty() ? ps.bills[i].total().format() : "n/a");
    t.rows.push_back(row);
    if (!ps.error.empty()) t.notes.push_back(fmt::format("{}: {}", ps.platform, ps.error));
  }
  return t;
}

Table tco_table(const TcoResult& r) {
  Table t;
  t.title = fmt::format("Total cost of ownership over {} months at {}/hour", r.months,
                        r.hourly_rate.format());
  t.header = {"option", "build", "infrastructure", "maintenance", "on-call", "total"};
  t.right_aligned = {false, true, true, true, true, true};
  for (const auto& row : r.rows) {
    t.rows.push_back({row.name,
                      fmt::format("{} h = {}", row.build_hours.format(), row.build.format()),
                      fmt::format("{}/mo x {} = {}", row.infrastructure_per_month.format(),
                                  r.months, row.infrastructure.format()),
                      row.maintenance.format(), row.on_call.format(), row.total.format()});
    t.notes.push_back(fmt::format("{}: infrastructure {}", row.name, row.infrastructure_source));
  }
  return t;
}

Table break_even_table(const std::vector<BreakEvenResult>& results) {
  Table t;
  t.title = "Break-even volume";
  t.header = {"comparison", "cheaper below", "cheaper above", "orders/month", "costs there"};
  t.right_aligned = {false, false, false, true, false};
  for (const auto& r : results) {
    if (r.orders_per_month)
      t.rows.push_back(
          {r.name, r.cheaper_below, r.cheaper_above, format_fixed_point(*r.orders_per_month, 0, 0),
           fmt::format("{} vs {}", r.cost_below_at.format(), r.cost_above_at.format())});
    else
      t.rows.push_back({r.name, r.cheaper_below, "-",
                        fmt::format("none up to {}", format_fixed_point(r.search_up_to, 0, 0)),
                        ""});
  }
  return t;
}

Table payback_table(const std::vector<PaybackResult>& results) {
  Table t;
  t.title = "Payback of a rewrite";
  t.header = {"case", "rewrite cost", "monthly saving", "months to break even"};
  t.right_aligned = {false, true, true, true};
  for (const auto& r : results)
    t.rows.push_back({r.name, r.rewrite_cost.format(), r.monthly_saving.format(),
                      format_fixed_point((r.months.micros() + 50'000) / 100'000, 1, 1)});
  return t;
}

}  // namespace

std::string line_arithmetic(const BillLine& l) {
  if (l.unit.empty()) return l.note + " = " + l.amount.format();  // a credit or adjustment
  std::string quantity = l.free.is_zero() ? l.billed.format()
                                          : fmt::format("{} - {} free = {}", l.used.format(),
                                                        l.free.format(), l.billed.format());
  return fmt::format("{} {} x {}{} = {}", quantity, l.unit, l.price.format(), per_text(l),
                     l.amount.format());
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  return std::nullopt;
}

std::string render(const CostReport& report, Format format) {
  if (format == Format::kJson) return render_json(report);
  std::vector<Table> tables;
  if (format == Format::kCsv && !report.bills.empty())
    tables.push_back(bill_csv_table(report.bills));
  else
    for (const auto& bill : report.bills) tables.push_back(bill_table(bill));
  if (!report.failed.empty()) {
    Table t;
    t.title = "Platforms that could not be priced";
    t.header = {"platform", "why"};
    t.right_aligned = {false, false};
    for (const auto& [platform, why] : report.failed) t.rows.push_back({platform, why});
    tables.push_back(t);
  }
  if (report.stages) {
    for (const auto& ps : report.stages->platforms)
      if (ps.error.empty()) tables.push_back(stage_table(*report.stages, ps));
    tables.push_back(stage_summary(*report.stages));
  }
  if (report.tco) tables.push_back(tco_table(*report.tco));
  if (!report.break_even.empty()) tables.push_back(break_even_table(report.break_even));
  if (!report.payback.empty()) tables.push_back(payback_table(report.payback));
  std::string out;
  for (const auto& t : tables) {
    if (!out.empty()) out += "\n";
    out += render_table(t, format);
  }
  return out;
}

}  // namespace stackplan::cost
