// `stackplan report` and every command's `--html`: saved JSON outputs joined
// into one document, rendered as a self-contained HTML file with charts or as
// Markdown tables (docs/REPORT.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "report/html_document.h"

namespace stackplan::report {

// One saved output: what `--json` wrote (docs/OUTPUT.md), and where from.
struct ReportInput {
  std::string source;  // the file, for messages; "" for a run in this process
  nlohmann::json doc;
  std::string explanation;  // explain's text of the scenario, when at hand
};

// Reads a saved output; a file that is not JSON is an error naming it.
Result<ReportInput> read_report_input(const std::string& path);

// Which command wrote `doc`, told by its top-level keys: "simulate",
// "simulate replications", "cost", "plan", "load", "calibrate"; empty when none.
std::string output_kind(const nlohmann::json& doc);

// One section per input, in order. An input no renderer knows (a kind of
// output this version cannot draw) is an error naming its file and kind.
Result<Document> build_report(const std::vector<ReportInput>& inputs);

enum class ReportFormat { kHtml, kMarkdown };
Result<std::string> render_report(const std::vector<ReportInput>& inputs, ReportFormat format);

}  // namespace stackplan::report
