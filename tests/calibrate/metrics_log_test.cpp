// The saved metrics log: what is written reads back the same, and a bad file
// is an error naming the file and the JSON path of the bad field.
#include "calibrate/metrics_log.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "support/must.h"

namespace stackplan::calibrate {
namespace {

using test::error_of;
using test::must;

MetricsLog sample_log() {
  MetricsLog log;
  log.source = "http://127.0.0.1:8080/metrics";
  log.interval = Duration::seconds(1);
  log.scrapes.push_back(
      {Duration::milliseconds(3), must(parse_prometheus_text("q{state=\"visible\",pod=\"a\"} 12\n"
                                                             "odd{v=\"x\\\"y\\n\"} 0.1\n"
                                                             "nan NaN\nup +Inf\ndown -Inf\n",
                                                             "m"))});
  log.scrapes.push_back(
      {Duration::nanoseconds(1'000'000'007), must(parse_prometheus_text("q 1e-300\n", "m"))});
  log.scrapes.push_back({Duration::seconds(2), Scrape{}});
  return log;
}

TEST(MetricsLog, RoundTripKeepsEverySample) {
  const MetricsLog log = sample_log();
  const std::string text = write_metrics_log(log);
  MetricsLog back = must(read_metrics_log(text, "samples.log"));
  EXPECT_EQ(back.source, log.source);
  EXPECT_EQ(back.interval, log.interval);
  ASSERT_EQ(back.scrapes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.scrapes[i].at, log.scrapes[i].at) << i;
    const auto& want = log.scrapes[i].scrape.samples;
    const auto& got = back.scrapes[i].scrape.samples;
    ASSERT_EQ(got.size(), want.size()) << i;
    for (size_t j = 0; j < want.size(); ++j) {
      EXPECT_EQ(got[j].name, want[j].name);
      EXPECT_EQ(got[j].labels, want[j].labels);  // in the order written
      if (std::isnan(want[j].value)) {
        EXPECT_TRUE(std::isnan(got[j].value));
      } else {
        EXPECT_EQ(got[j].value, want[j].value);
      }
    }
  }
  EXPECT_EQ(write_metrics_log(back), text);
  // The JSON says what the format says it does.
  EXPECT_EQ(text.rfind("{\"format\":\"stackplan-metrics-log\",\"version\":1,"
                       "\"source\":\"http://127.0.0.1:8080/metrics\",\"interval_seconds\":1.0,"
                       "\"scrapes\":[\n{\"t\":0.003,\"samples\":[[\"q\",{\"state\":\"visible\","
                       "\"pod\":\"a\"},12.0],",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("[\"nan\",{},\"NaN\"],[\"up\",{},\"+Inf\"],[\"down\",{},\"-Inf\"]"),
            std::string::npos);
}

TEST(MetricsLog, ErrorsNameTheFileAndTheField) {
  const std::string head =
      R"({"format": "stackplan-metrics-log", "version": 1, "source": "u", "interval_seconds": 1, )";
  auto error = [&](const std::string& scrapes) {
    return error_of(read_metrics_log(head + "\"scrapes\": " + scrapes + "}", "samples.log"));
  };
  EXPECT_EQ(error(R"([{"t": 0, "samples": []}, {"t": 1, "samples": []}, {"t": 2, "samples": []},
                     {"t": "3", "samples": []}])"),
            "samples.log: scrapes[3].t: expected a number");
  EXPECT_EQ(error(R"([{"samples": []}])"), "samples.log: scrapes[0].t: missing");
  EXPECT_EQ(error(R"([{"t": -1, "samples": []}])"),
            "samples.log: scrapes[0].t: -1.0 seconds is outside [0.0, 604800.0]");
  EXPECT_EQ(error(R"([{"t": 2, "samples": []}, {"t": 1, "samples": []}])"),
            "samples.log: scrapes[1].t: earlier than the scrape before it (scrapes are in time "
            "order)");
  EXPECT_EQ(error(R"([{"t": 0}])"), "samples.log: scrapes[0].samples: missing");
  EXPECT_EQ(error(R"([{"t": 0, "samples": {}}])"),
            "samples.log: scrapes[0].samples: expected an array");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [], "extra": 1}])"),
            "samples.log: scrapes[0].extra: unknown field");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [["q", {}]]}])"),
            "samples.log: scrapes[0].samples[0]: expected [name, {labels}, value]");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [["9q", {}, 1]]}])"),
            "samples.log: scrapes[0].samples[0][0]: \"9q\" is not a metric name");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [[1, {}, 1]]}])"),
            "samples.log: scrapes[0].samples[0][0]: expected a metric name (a string)");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [["q", [], 1]]}])"),
            "samples.log: scrapes[0].samples[0][1]: expected an object of labels");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [["q", {"a-b": "x"}, 1]]}])"),
            "samples.log: scrapes[0].samples[0][1].a-b: not a label name");
  EXPECT_EQ(error(R"([{"t": 0, "samples": [["q", {"a": 1}, 1]]}])"),
            "samples.log: scrapes[0].samples[0][1].a: expected a string");
  EXPECT_EQ(
      error(R"([{"t": 0, "samples": [["q", {}, "inf"]]}])"),
      "samples.log: scrapes[0].samples[0][2]: expected a number, \"NaN\", \"+Inf\" or \"-Inf\"");
  EXPECT_EQ(error(R"({})"), "samples.log: scrapes: expected an array");

  auto whole = [](const std::string& text) {
    return error_of(read_metrics_log(text, "samples.log"));
  };
  EXPECT_EQ(whole("[]"), "samples.log: expected a JSON object");
  EXPECT_EQ(whole(R"({"format": "other", "version": 1})"),
            "samples.log: format: expected \"stackplan-metrics-log\" (not a metrics log)");
  EXPECT_EQ(whole(R"({"format": "stackplan-metrics-log", "version": 2})"),
            "samples.log: version: 2.0 is not a version this stackplan reads (1)");
  EXPECT_EQ(whole(R"({"format": "stackplan-metrics-log", "version": 1, "source": "u",
                      "interval_seconds": 0.001, "scrapes": []})"),
            "samples.log: interval_seconds: 0.001 seconds is outside [0.01, 604800.0]");
  EXPECT_EQ(whole(R"({"format": "stackplan-metrics-log", "version": 1, "source": "u",
                      "interval_seconds": 1})"),
            "samples.log: scrapes: missing");
  EXPECT_EQ(whole(R"({"format": "stackplan-metrics-log", "colour": 1})"),
            "samples.log: colour: unknown field");
  // nlohmann reports a number out of a double's range apart from syntax errors.
  EXPECT_EQ(whole("{\"version\": 1e400}"),
            "samples.log: not valid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(whole("{\"format\": "),
            "samples.log: not valid JSON: parse error at line 1, column 12: syntax error while "
            "parsing value - unexpected end of input; expected '[', '{', or a literal");
}

TEST(MetricsLog, BoundsAreErrorsThatNameThem) {
  std::string scrapes = "[";
  for (size_t i = 0; i <= kDefaultMaxScrapes; ++i)
    scrapes += std::string(i ? "," : "") + R"({"t":0,"samples":[]})";
  scrapes += "]";
  const std::string head =
      R"({"format": "stackplan-metrics-log", "version": 1, "source": "u", "interval_seconds": 1, )";
  EXPECT_EQ(error_of(read_metrics_log(head + "\"scrapes\": " + scrapes + "}", "samples.log")),
            "samples.log: scrapes: 36001 scrapes, more than the 36000 a log may have");
  std::string samples = "[";
  for (size_t i = 0; i <= kMaxSamples; ++i) samples += std::string(i ? "," : "") + R"(["q",{},1])";
  samples += "]";
  EXPECT_EQ(error_of(read_metrics_log(
                head + R"("scrapes": [{"t": 0, "samples": )" + samples + "}]}", "samples.log")),
            "samples.log: scrapes[0].samples: 100001 samples, more than the 100000 a scrape may "
            "have");
}

}  // namespace
}  // namespace stackplan::calibrate
