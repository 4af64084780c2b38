// Report sections for what things cost: `cost --json` (bills, growth stages,
// TCO, break-even) and `plan --json` (the recommendation, the cheaper
// configurations that fail, flip points).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

#include "report/html_sections.h"

namespace stackplan::report::html {
namespace {

using nlohmann::json;

std::string text(const json& doc, const char* key) { return text_of(field(doc, key), ""); }

json point(double x, double y) { return {{"x", x}, {"y", y}}; }

// Monthly cost per platform, each bar split by line item ("api: Fargate vCPU").
Chart bills_chart(const json& bills) {
  Chart c;
  c.id = "cost-bills";
  c.title = "Monthly cost by platform and line item";
  c.type = "bar";
  c.stacked = true;
  c.x.title = "platform";
  c.y.title = "monthly cost ($/month)";
  std::map<std::string, size_t> series_of;
  for (size_t b = 0; b < bills.size(); ++b) {
    c.labels.push_back(text(bills[b], "platform"));
    for (const json& line : field(bills[b], "lines")) {
      const std::string name = text(line, "component") + ": " + text(line, "item");
      auto [it, added] = series_of.emplace(name, c.series.size());
      if (added) {
        c.series.push_back(series(name));
        c.series.back().data = json::array();
        for (size_t i = 0; i < bills.size(); ++i) c.series.back().data.push_back(nullptr);
      }
      json& cell = c.series[it->second].data[b];
      cell = (cell.is_null() ? 0.0 : cell.get<double>()) + number(field(line, "amount_usd"));
    }
  }
  return c;
}

void add_cost_charts(DocSection& s, const json& cost) {
  if (!field(cost, "bills").empty()) s.charts.push_back(bills_chart(cost["bills"]));
  if (!field(cost, "break_even").empty()) {
    Chart c;
    c.id = "cost-break-even";
    c.title = "Cost against monthly volume: break-even points";
    c.x.title = "monthly volume (orders/month)";
    c.y.title = "monthly cost ($/month)";
    // Each comparison: both options' cost along the volumes priced, and the
    // point where the one cheaper at low volume stops being cheaper.
    for (const json& b : cost["break_even"]) {
      ChartSeries below = series(text(b, "cheaper_below"));
      ChartSeries above = series(text(b, "cheaper_above"));
      for (const json& p : field(b, "curve")) {
        const double v = number(field(p, "orders_per_month"));
        below.data.push_back(point(v, number(field(p, "cost_below_usd"))));
        above.data.push_back(point(v, number(field(p, "cost_above_usd"))));
      }
      // Two comparisons often share an option (Lambda against two others):
      // one line for it, through the volumes both priced.
      for (ChartSeries* line : {&below, &above}) {
        auto same = std::find_if(c.series.begin(), c.series.end(),
                                 [&](const ChartSeries& s) { return s.name == line->name; });
        if (same == c.series.end()) {
          if (!line->data.empty()) c.series.push_back(std::move(*line));
          continue;
        }
        for (json& p : line->data) same->data.push_back(std::move(p));
        std::vector<json> points(same->data.begin(), same->data.end());
        std::stable_sort(points.begin(), points.end(), [](const json& l, const json& r) {
          return l["x"].get<double>() < r["x"].get<double>();
        });
        same->data = json(points);
      }
      if (!field(b, "orders_per_month").is_null())
        c.series.push_back(markers("break-even: " + text(b, "name"),
                                   json::array({point(number(b["orders_per_month"]),
                                                      number(field(b, "cost_below_usd")))})));
    }
    if (!c.series.empty()) s.charts.push_back(std::move(c));
  }
  const json& stages = field(cost, "stages");
  if (field(stages, "names").size() > 0) {
    Chart c;
    c.id = "cost-stages";
    c.title = "Monthly cost across growth stages";
    c.x.title = "growth stage";
    c.y.title = "monthly cost ($/month)";
    for (const json& n : stages["names"]) c.labels.push_back(n.get<std::string>());
    for (const json& p : field(stages, "platforms")) {
      ChartSeries line = series(text(p, "platform"));
      for (const json& t : field(p, "totals_usd")) line.data.push_back(number(t));
      c.series.push_back(std::move(line));
    }
    s.charts.push_back(std::move(c));
  }
}

void add_cost_tables(DocSection& s, const json& cost) {
  DocTable totals{"Monthly bills", {"platform", "region", "total per month"}, {}};
  for (const json& b : field(cost, "bills")) {
    totals.rows.push_back({text(b, "platform"), text(b, "region"), usd(field(b, "total_usd"))});
    DocTable lines{"Bill: " + text(b, "platform"),
                   {"component", "item", "billed", "unit price", "amount", "how"},
                   {}};
    for (const json& l : field(b, "lines"))
      lines.rows.push_back(
          {text(l, "component"), text(l, "item"),
           fixed(field(l, "billed"), 2) + " " + text(l, "unit"),
           "$" + text(l, "unit_price_usd") + " / " + text(l, "per") + " " + text(l, "unit"),
           usd(field(l, "amount_usd")), text(l, "note")});
    s.tables.push_back(std::move(lines));
  }
  if (!totals.rows.empty()) s.tables.insert(s.tables.begin(), std::move(totals));
  DocTable errors{"Platforms that could not be priced", {"platform", "why"}, {}};
  for (const json& e : field(cost, "errors"))
    errors.rows.push_back({text(e, "platform"), text(e, "message")});
  if (!errors.rows.empty()) s.tables.push_back(std::move(errors));
  DocTable be{"Break-even",
              {"comparison", "cheaper below", "cheaper above", "at (orders/month)", "cost there"},
              {}};
  for (const json& b : field(cost, "break_even"))
    be.rows.push_back({text(b, "name"), text(b, "cheaper_below"), text(b, "cheaper_above"),
                       field(b, "orders_per_month").is_null()
                           ? "none up to " + count(field(b, "search_up_to"))
                           : count(field(b, "orders_per_month")),
                       usd(field(b, "cost_below_usd"))});
  if (!be.rows.empty()) s.tables.push_back(std::move(be));
  const json& tco = field(cost, "tco");
  if (tco.is_object()) {
    DocTable t{fmt::format("Total cost of ownership over {} months", count(field(tco, "months"))),
               {"option", "build", "infrastructure", "maintenance", "on call", "total"},
               {}};
    for (const json& o : field(tco, "options"))
      t.rows.push_back({text(o, "name"), usd(field(o, "build_usd")),
                        usd(field(o, "infrastructure_usd")), usd(field(o, "maintenance_usd")),
                        usd(field(o, "on_call_usd")), usd(field(o, "total_usd"))});
    s.tables.push_back(std::move(t));
  }
}

// The value axis of a flip point, by the plan input it varies.
struct FlipAxis {
  const char* input;
  const char* id;
  const char* title;
  const char* axis;
};
constexpr FlipAxis kFlipAxes[] = {
    {"orders_per_month", "plan-volume", "Cost against monthly volume: flip points",
     "monthly volume (orders/month)"},
    {"peak", "plan-peak", "Cost against peak rate: flip points", "peak rate (orders/s)"}};

// "1,250,000/month" or "60/s": the number at the front of a sensitivity label.
double leading_number(const std::string& label) {
  std::string digits;
  for (char c : label) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.')
      digits += c;
    else if (c != ',')
      break;
  }
  return digits.empty() ? 0 : number(json(digits));
}

void add_flip_chart(DocSection& s, const json& plan, const FlipAxis& a) {
  Chart c;
  c.id = a.id;
  c.title = a.title;
  c.x.title = a.axis;
  c.y.title = "monthly cost ($/month)";
  for (const json& row : field(plan, "sensitivity")) {
    if (text(row, "input") != a.input || field(row, "monthly_low_usd").is_null() ||
        field(row, "monthly_high_usd").is_null())
      continue;
    ChartSeries line = series("recommendation (reference and sensitivity)");
    line.data =
        json::array({point(leading_number(text(row, "low")), number(row["monthly_low_usd"])),
                     point(leading_number(text(row, "high")), number(row["monthly_high_usd"]))});
    c.series.push_back(std::move(line));
  }
  ChartSeries below = markers("flip: the option below", json::array());
  ChartSeries above = markers("flip: the option above", json::array());
  for (const json& f :
       field(plan, a.input == std::string("peak") ? "peak_flips" : "volume_flips")) {
    below.data.push_back(
        point(number(field(f, "at")), number(field(field(f, "below"), "monthly_usd"))));
    above.data.push_back(
        point(number(field(f, "at")), number(field(field(f, "above"), "monthly_usd"))));
  }
  if (below.data.empty()) return;
  c.series.push_back(std::move(below));
  c.series.push_back(std::move(above));
  s.charts.push_back(std::move(c));
}

}  // namespace

DocSection cost_section(const json& cost) {
  DocSection s;
  s.title = "Cost: " + text(cost, "scenario");
  s.paragraphs.push_back(fmt::format(
      "Monthly bills from the price catalog in {}, {} platform(s){}.", text(cost, "currency"),
      field(cost, "bills").size(),
      field(cost, "break_even").empty() ? "" : ", with the volumes where one option overtakes"));
  add_cost_charts(s, cost);
  add_cost_tables(s, cost);
  return s;
}

DocSection plan_section(const json& plan) {
  DocSection s;
  s.title = "Plan: " + text(plan, "scenario");
  Chart options;
  options.id = "plan-options";
  options.title = "Recommendation beside the cheaper configurations that fail";
  options.type = "bar";
  options.stacked = true;  // one bar per configuration: the other series is empty there
  options.horizontal = true;
  options.wide = true;  // configurations are described in a sentence each
  options.x.title = "configuration";
  options.y.title = "monthly cost in the reference case ($/month)";
  options.series = {series("recommended: meets every target"), series("cheaper: misses a target")};
  DocTable table{"Configurations by platform",
                 {"platform", "configuration", "monthly", "meets targets", "why not"},
                 {}};
  auto add = [&](const std::string& platform, const json& o, bool recommended) {
    options.labels.push_back(text(o, "title"));
    const double monthly = number(field(o, "reference_monthly_usd"));
    options.series[0].data.push_back(recommended ? json(monthly) : json(nullptr));
    options.series[1].data.push_back(recommended ? json(nullptr) : json(monthly));
    std::string why;
    for (const json& m : field(o, "misses")) why += (why.empty() ? "" : "; ") + text(m, "text");
    table.rows.push_back({platform, text(o, "title"), usd(field(o, "reference_monthly_usd")),
                          recommended ? "yes (recommended)" : "no", why});
  };
  for (const json& p : field(plan, "platforms")) {
    if (field(p, "best").is_object()) {
      add(text(p, "platform"), p["best"], true);
      s.paragraphs.push_back("On " + text(p, "platform") + ": " + text(p["best"], "title") + ", " +
                             usd(field(p["best"], "reference_monthly_usd")) + "/month.");
    } else {
      s.paragraphs.push_back("On " + text(p, "platform") + ": nothing meets the targets (" +
                             text(p, "none_because") + ").");
    }
    for (const json& o : field(p, "cheaper_failing")) add(text(p, "platform"), o, false);
  }
  const json& regret = field(plan, "least_regret");
  if (regret.is_object())
    s.paragraphs.push_back(
        "Least regret across the cases: " + text(field(regret, "option"), "title") + ", " +
        text(regret, "reason") + ".");
  if (!text(plan, "infeasible_because").empty())
    s.paragraphs.push_back("Nothing meets the targets: " + text(plan, "infeasible_because") + ".");
  if (field(field(plan, "search"), "complete").is_boolean() &&
      !plan["search"]["complete"].get<bool>())
    s.paragraphs.push_back("The search stopped early (" + text(plan["search"], "stopped_because") +
                           "): the best answer found so far, not necessarily the cheapest.");
  if (!options.labels.empty()) s.charts.push_back(std::move(options));
  for (const auto& a : kFlipAxes) add_flip_chart(s, plan, a);
  s.tables.push_back(std::move(table));
  DocTable flips{"Flip points", {"input", "at", "text"}, {}};
  for (const char* key : {"volume_flips", "peak_flips"})
    for (const json& f : field(plan, key))
      flips.rows.push_back({text(f, "input"), fixed(field(f, "at"), 2), text(f, "text")});
  if (!flips.rows.empty()) s.tables.push_back(std::move(flips));
  DocTable sens{"Sensitivity", {"input", "low", "high", "monthly low", "monthly high"}, {}};
  for (const json& r : field(plan, "sensitivity"))
    sens.rows.push_back({text(r, "input"), text(r, "low"), text(r, "high"),
                         usd(field(r, "monthly_low_usd")), usd(field(r, "monthly_high_usd"))});
  if (!sens.rows.empty()) s.tables.push_back(std::move(sens));
  return s;
}

}  // namespace stackplan::report::html
