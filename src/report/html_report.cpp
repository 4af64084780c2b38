#include "report/html_report.h"

#include <fmt/format.h>

#include "core/text_file.h"
#include "report/html_sections.h"

namespace stackplan::report {
namespace {

using nlohmann::json;

bool has_all(const json& doc, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (!doc.contains(k)) return false;
  return true;
}

// Every output a report can hold: how to recognise it and the section that
// shows it. A new command's output is one more row.
struct OutputRenderer {
  const char* kind;
  bool (*matches)(const json& doc);
  DocSection (*section)(const ReportInput& input);
};

const OutputRenderer kRenderers[] = {
    {"calibrate", [](const json& d) { return d.value("tool", "") == "stackplan calibrate"; },
     [](const ReportInput& in) { return html::calibrate_section(in.doc); }},
    {"load", [](const json& d) { return d.value("tool", "") == "stackplan load"; },
     [](const ReportInput& in) { return html::load_section(in.doc); }},
    {"plan",
     [](const json& d) {
       return has_all(d, {"plan", "platforms", "search"});
     },
     [](const ReportInput& in) { return html::plan_section(in.doc); }},
    {"cost",
     [](const json& d) {
       return has_all(d, {"bills", "currency", "break_even"});
     },
     [](const ReportInput& in) { return html::cost_section(in.doc); }},
    {"simulate replications",
     [](const json& d) {
       return has_all(d, {"replications", "estimates"});
     },
     [](const ReportInput& in) { return html::replications_section(in.doc); }},
    {"simulate",
     [](const json& d) {
       return has_all(d, {"scenario", "requests", "orders", "queue"});
     },
     [](const ReportInput& in) { return html::simulate_section(in.doc, in.explanation); }},
};

std::string top_level_keys(const json& doc) {
  if (!doc.is_object()) return std::string("a JSON ") + doc.type_name() + ", not an object";
  std::string keys;
  for (const auto& [key, value] : doc.items()) keys += (keys.empty() ? "" : ", ") + key;
  return "top-level keys: " + (keys.empty() ? std::string("none") : keys);
}

std::string name_of(const ReportInput& input) {
  return input.source.empty() ? std::string("this run's result") : input.source;
}

}  // namespace

Result<ReportInput> read_report_input(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded())
    return Error(path +
                 ": not JSON; a report reads the files written by --json (simulate, plan, "
                 "load, calibrate) or --format json (cost)");
  return ReportInput{path, std::move(doc), ""};
}

std::string output_kind(const json& doc) {
  if (!doc.is_object()) return "";
  for (const auto& r : kRenderers)
    if (r.matches(doc)) return r.kind;
  return "";
}

Result<Document> build_report(const std::vector<ReportInput>& inputs) {
  Document doc;
  for (const ReportInput& input : inputs) {
    const OutputRenderer* renderer = nullptr;
    if (input.doc.is_object())
      for (const auto& r : kRenderers)
        if (!renderer && r.matches(input.doc)) renderer = &r;
    if (!renderer)
      return Error(fmt::format(
          "{}: not an output this report can show ({}); it reads what stackplan simulate, plan, "
          "load and calibrate write with --json and stackplan cost with --format json",
          name_of(input), top_level_keys(input.doc)));
    try {
      doc.sections.push_back(renderer->section(input));
    } catch (const json::exception& e) {
      return Error(fmt::format("{}: a {} output with a field of the wrong type ({})",
                               name_of(input), renderer->kind, e.what()));
    }
  }
  std::string names;
  for (const auto& s : doc.sections) names += (names.empty() ? "" : "; ") + s.title;
  doc.title = "stackplan report: " + names;
  return doc;
}

Result<std::string> render_report(const std::vector<ReportInput>& inputs, ReportFormat format) {
  auto doc = build_report(inputs);
  if (!doc) return doc.error();
  return format == ReportFormat::kHtml ? render_html(*doc) : render_markdown(*doc);
}

}  // namespace stackplan::report
