// The report section for `calibrate --json`: what was fitted, and each figure
// measured against predicted, drawn so that a reader sees at once which
// predictions hold and by how much the others miss.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "report/html_sections.h"

namespace stackplan::report::html {
namespace {

using nlohmann::json;

// A figure in its unit: counts grouped, rates with two decimals, times as
// the text output writes them.
std::string figure_value(const json& value, const std::string& unit) {
  if (value.is_null()) return "-";
  if (unit == "ms") return ms(value);
  if (unit == "s") return seconds(value);
  if (unit == "req/s") return fixed(value, 2) + " req/s";
  return count(value);
}

std::string percent(const json& share) {
  if (!share.is_number()) return "-";
  return fmt::format("{:+.1f}%", number(share) * 100);
}

}  // namespace

DocSection calibrate_section(const json& cal) {
  DocSection s;
  s.title = "Calibration: " + text_of(field(cal, "scenario"));
  const json& tolerance = field(cal, "tolerance");
  const bool gated = tolerance.is_number();
  const json& within = field(cal, "within");
  s.paragraphs.push_back(fmt::format(
      "Measured: {}. The fitted scenario was simulated {} time(s) with the same traffic.{}",
      text_of(field(cal, "source")), count(field(cal, "replications")),
      gated ? fmt::format(" Tolerance {:.0f}%: {}.", number(tolerance) * 100,
                          within.is_boolean() && within.get<bool>() ? "every figure is within it"
                                                                    : "a figure is outside it")
            : std::string()));
  const json& scrapes = field(field(cal, "metrics"), "scrapes");
  if (number(scrapes) > 0 && field(cal, "drained").is_boolean() &&
      !field(cal, "drained").get<bool>())
    s.paragraphs.emplace_back(
        "The backlog had not drained when metrics sampling stopped (--drain-limit): the drain "
        "figures are lower bounds.");
  for (const json& note : field(cal, "not_fitted"))
    s.paragraphs.push_back("Not fitted: " + text_of(note));

  Chart latency;
  latency.id = "calibrate-latency";
  latency.title = "Latency: measured against predicted";
  latency.type = "bar";
  latency.x.title = "percentile";
  latency.y.title = "latency (ms)";
  latency.series = {series("measured"), series("predicted")};
  Chart error;
  error.id = "calibrate-error";
  error.title =
      gated ? fmt::format("Error of each prediction (tolerance ±{:.0f}%)", number(tolerance) * 100)
            : std::string("Error of each prediction");
  error.type = "bar";
  error.horizontal = true;
  error.x.title = "figure";  // the category axis, drawn down the side
  error.y.title = "predicted - measured (% of measured)";
  // At least ±tolerance (±10% without one): an error well within it looks small.
  const double bound = gated ? number(tolerance) * 100 : 10;
  error.y_suggested_min = -bound;
  error.y_suggested_max = bound;
  error.series = {series("error (%)")};

  DocTable figures{
      "Measured against predicted", {"figure", "measured", "predicted", "error", "slack"}, {}};
  if (gated) figures.header.emplace_back("within");
  for (const json& f : field(cal, "figures")) {
    const std::string name = text_of(field(f, "name"));
    const std::string unit = text_of(field(f, "unit"), "");
    const json& measured = field(f, "measured");
    const json& predicted = field(f, "predicted");
    const json& relative = field(f, "relative_error");
    std::vector<std::string> row{
        name, figure_value(measured, unit), figure_value(predicted, unit), percent(relative),
        number(field(f, "slack")) > 0 ? figure_value(field(f, "slack"), unit) : std::string("-")};
    if (gated)
      row.emplace_back(field(f, "within").is_boolean() && f["within"].get<bool>() ? "yes" : "NO");
    figures.rows.push_back(std::move(row));
    if (unit == "ms") {
      // "p95 latency" -> "p95"
      latency.labels.push_back(name.substr(0, name.find(' ')));
      latency.series[0].data.push_back(number(measured));
      latency.series[1].data.push_back(number(predicted));
    }
    if (relative.is_number() && std::isfinite(number(relative))) {
      error.labels.push_back(name);
      error.series[0].data.push_back(number(relative) * 100);
    }
  }
  if (!latency.labels.empty()) s.charts.push_back(std::move(latency));
  if (!error.labels.empty()) s.charts.push_back(std::move(error));
  s.tables.push_back(std::move(figures));

  DocTable fitted{"Fitted fields", {"field", "value", "from"}, {}};
  for (const json& f : field(cal, "fitted"))
    fitted.rows.push_back(
        {text_of(field(f, "path")), text_of(field(f, "value")), text_of(field(f, "source"))});
  if (!fitted.rows.empty()) s.tables.push_back(std::move(fitted));
  return s;
}

}  // namespace stackplan::report::html
