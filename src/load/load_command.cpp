#include "load/load_command.h"

namespace stackplan::load {
namespace {

Result<std::vector<Threshold>> parse_thresholds(const std::vector<std::string>& texts) {
  std::vector<Threshold> thresholds;
  for (const auto& text : texts) {
    auto t = Threshold::parse(text);
    if (!t) return t.error();
    thresholds.push_back(*t);
  }
  return thresholds;
}

// A run in which nothing answered is not a pass, with or without thresholds.
std::string no_answer(const LoadReport& report) {
  const auto& total = report.total;
  if (total.responses() != 0 || total.requests == 0) return "";
  const auto& errors = total.error_counts;
  const uint64_t connect_errors = errors[static_cast<size_t>(ErrorKind::kConnectRefused)] +
                                  errors[static_cast<size_t>(ErrorKind::kConnectError)];
  if (connect_errors == total.requests) return "could not connect to " + report.target;
  return "no HTTP response from " + report.target + ": " + std::to_string(total.requests) +
         (total.requests == 1 ? " request, " : " requests, ") + "none answered (see Errors)";
}

}  // namespace

Result<LoadOutput> run_load_command(const LoadCommand& command) {
  auto options = build_load_options(command.request);
  if (!options) return options.error();
  auto thresholds = parse_thresholds(command.thresholds);
  if (!thresholds) return thresholds.error();
  options->cancel = command.cancel;
  options->on_second = command.on_second;
  auto report = run_load(*options);
  if (!report) return report.error();

  LoadOutput out;
  out.report = std::move(*report);
  for (const auto& t : *thresholds) out.outcomes.push_back(t.check(out.report));
  out.thresholds_met = all_ok(out.outcomes);
  out.no_answer = no_answer(out.report);
  return out;
}

}  // namespace stackplan::load
