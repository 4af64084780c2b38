// calibrate's text fits 100 columns: its notes, sources and verdicts are
// sentences that wrap at spaces, losing no word.
#include "report/calibrate_format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "calibrate/calibrate.h"
#include "core/text_width.h"

namespace stackplan::report {
namespace {

// A note as the fit writes it when the run did not saturate the slots.
const char* kSlotsNote =
    "dependency.slots: at most 2.4 calls at once (a measured 8.0 req/s, x 300ms service) is "
    "below the scenario's 5 slots: the run did not saturate them, so it only shows there are at "
    "least 3; kept 5";

calibrate::CalibrateOutcome outcome_with_long_sentences() {
  calibrate::CalibrateOutcome outcome;
  outcome.model.name = "orderd-sync";
  outcome.source = "http://127.0.0.1:8080";
  outcome.fit.fields.push_back(
      {"architecture.dependency.service_time",
       "lognormal(mean=301ms, p99=420ms)",
       "the service's call-time histogram: mean and p99 over 1,234 calls, scraped every second "
       "from the service's metrics endpoint",
       {}});
  outcome.fit.notes.push_back(kSlotsNote);
  for (const char* name : {"accepted orders", "p50 accept latency", "p95 accept latency",
                           "p99 accept latency", "time to drain", "completed orders"}) {
    calibrate::FigureRow row;
    row.name = name;
    row.unit = std::string(name).find("latency") != std::string::npos ? "ms" : "";
    row.measured = 100;
    row.predicted = 150;  // every figure outside 10%: a long verdict
    outcome.comparison.rows.push_back(row);
  }
  return outcome;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

TEST(CalibrateFormat, TextFitsAHundredColumnsAndKeepsEveryWord) {
  const std::string text = calibration_text(outcome_with_long_sentences(), 0.10);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    EXPECT_LE(display_width(line), kTextColumns) << line;
  // The note, whole, as a run of words under "  - ".
  const auto note = words_of(kSlotsNote), all = words_of(text);
  auto at = std::search(all.begin(), all.end(), note.begin(), note.end());
  EXPECT_NE(at, all.end()) << text;
  EXPECT_NE(text.find("\n  - dependency.slots: at most 2.4 calls"), std::string::npos) << text;
  EXPECT_NE(text.find("6 figures outside 10%: accepted orders +50.0%"), std::string::npos) << text;
  EXPECT_NE(text.find("completed orders +50.0%."), std::string::npos) << text;
}

}  // namespace
}  // namespace stackplan::report
