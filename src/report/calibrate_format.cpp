#include "report/calibrate_format.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text_width.h"

namespace stackplan::report {
namespace {

using calibrate::CalibrateOutcome;
using calibrate::FigureRow;

// Where a wrapped line goes on: under the text after "      from " and "  - ".
constexpr size_t kSourceIndent = 11;
constexpr size_t kNoteIndent = 4;

std::string figure(double value, const std::string& unit) {
  if (unit.empty()) return fmt::format("{:.0f}", value);
  if (unit == "ms") return fmt::format("{:.1f} ms", value);
  if (unit == "s") return fmt::format("{:.1f} s", value);
  return fmt::format("{:.2f} {}", value, unit);
}

std::string error_text(const FigureRow& row) {
  auto e = row.relative_error();
  if (!e) return row.predicted == 0 ? "0%" : "n/a";
  return fmt::format("{:+.1f}%", *e * 100);
}

}  // namespace

std::string calibration_text(const CalibrateOutcome& outcome, std::optional<double> tolerance) {
  std::string out = fmt::format("calibrate: {} against {}\n", outcome.model.name, outcome.source);
  const auto& signals = outcome.measured.signals;
  if (signals.scrapes > 0)
    out += fmt::format(
        "  metrics: {} scrapes{}{}\n", signals.scrapes,
        signals.failed_scrapes ? fmt::format(", {} failed", signals.failed_scrapes) : std::string(),
        outcome.drained ? "" : "; the backlog had not drained at the drain limit");
  out += "\nFitted\n";
  if (outcome.fit.fields.empty()) out += "  (nothing: the scenario's values are kept)\n";
  for (const auto& field : outcome.fit.fields)
    out += fmt::format("  {} = {}\n", field.path, field.value) +
           wrap_paragraph("      from ", field.source, kSourceIndent);
  if (!outcome.fit.notes.empty()) {
    out += "\nNot fitted\n";
    for (const auto& note : outcome.fit.notes) out += wrap_paragraph("  - ", note, kNoteIndent);
  }
  out += fmt::format(
      "\nMeasured against predicted (mean of {} simulation{}; latencies: their answers "
      "pooled)\n",
      outcome.predicted.size(), outcome.predicted.size() == 1 ? "" : "s");
  out += fmt::format("  {:<20} {:>14} {:>14} {:>9}{}\n", "figure", "measured", "predicted", "error",
                     tolerance ? "  within" : "");
  std::vector<std::string> outside;
  for (const FigureRow& row : outcome.comparison.rows) {
    bool ok = !tolerance || row.within(*tolerance);
    if (!ok) outside.push_back(fmt::format("{} {}", row.name, error_text(row)));
    out += fmt::format("  {:<20} {:>14} {:>14} {:>9}{}\n", row.name, figure(row.measured, row.unit),
                       figure(row.predicted, row.unit), error_text(row),
                       tolerance ? (ok ? "  yes" : "  NO") : "");
  }
  if (tolerance) {
    std::string slacks;
    for (const FigureRow& row : outcome.comparison.rows)
      if (row.unit == "ms" && row.slack > *tolerance * row.measured)
        slacks += fmt::format("{}{} +-{:.1f} ms", slacks.empty() ? "" : ", ",
                              row.name.substr(0, row.name.find(' ')), row.slack);
    if (!slacks.empty())
      out += wrap_paragraph("",
                            "A latency also counts as within inside its measured percentile's 95% "
                            "confidence interval, or 1 ms: " +
                                slacks + ".",
                            0);
    if (outside.empty()) {
      out += fmt::format("\nEvery figure within {:.0f}%.\n", *tolerance * 100);
    } else {
      std::string verdict = fmt::format("{} figure{} outside {:.0f}%:", outside.size(),
                                        outside.size() == 1 ? "" : "s", *tolerance * 100);
      for (size_t i = 0; i < outside.size(); ++i) verdict += (i ? ", " : " ") + outside[i];
      out += "\n" + wrap_paragraph("", verdict + ".", 2);
    }
  }
  return out;
}

std::string calibration_json(const CalibrateOutcome& outcome, std::optional<double> tolerance) {
  nlohmann::json j = {{"tool", "stackplan calibrate"},  {"schema", 1},
                      {"scenario", outcome.model.name}, {"source", outcome.source},
                      {"drained", outcome.drained},     {"replications", outcome.predicted.size()}};
  nlohmann::json fitted = nlohmann::json::array();
  for (const auto& f : outcome.fit.fields)
    fitted.push_back({{"path", f.path}, {"value", f.value}, {"source", f.source}});
  j["fitted"] = std::move(fitted);
  j["not_fitted"] = outcome.fit.notes;
  nlohmann::json figures = nlohmann::json::array();
  for (const FigureRow& row : outcome.comparison.rows) {
    nlohmann::json r = {{"name", row.name},         {"unit", row.unit},
                        {"measured", row.measured}, {"predicted", row.predicted},
                        {"slack", row.slack},       {"relative_error", nullptr}};
    if (auto e = row.relative_error()) r["relative_error"] = *e;
    if (tolerance) r["within"] = row.within(*tolerance);
    figures.push_back(std::move(r));
  }
  j["figures"] = std::move(figures);
  j["tolerance"] = tolerance ? nlohmann::json(*tolerance) : nlohmann::json(nullptr);
  if (tolerance) j["within"] = outcome.comparison.within(*tolerance);
  const auto& s = outcome.measured.signals;
  j["metrics"] = {{"scrapes", s.scrapes}, {"failed_scrapes", s.failed_scrapes}};
  // A scenario name or file path may hold bytes that are not UTF-8: replaced
  // with U+FFFD rather than thrown.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stackplan::report
