// The fitted scenario file: it parses as a scenario, carries the fitted
// values, and says beside each what it came from.
#include "calibrate/fitted_file.h"

#include <gtest/gtest.h>

#include "scenario/scenario.h"

namespace stackplan::calibrate {
namespace {

constexpr const char* kOriginal =
    "name: flash\n"
    "# a comment the re-emitted file does not keep\n"
    "traffic: {users: 20, spawn_rate: 10/s, wait: \"uniform(100ms, 500ms)\", duration: 10s}\n"
    "architecture:\n"
    "  kind: async\n"
    "  workers: {processes: 1, concurrency: 10}\n"
    "  dependency: {name: payment, slots: 9, service_time: 3s}\n";

TEST(CalibrateFittedFile, ParsesWithTheFittedValuesAndCommentsEachOne) {
  auto model = parse_scenario_text(kOriginal, "flash.yaml");
  ASSERT_TRUE(model.ok()) << model.error().message();
  Fit fit;
  fit.scenario = *model;
  fit.fields = {{"architecture.dependency.service_time", "301.000ms", "the histogram", {}},
                {"architecture.dependency.slots", "5", "drain of 16.6 orders/s", {}},
                {"architecture.api.accept_latency", "2.100ms", "the load run", {}}};
  auto text = fitted_scenario_yaml(kOriginal, fit, "Fitted to http://127.0.0.1:1.\nline two");
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_EQ(text->rfind("# Fitted to http://127.0.0.1:1.\n# line two\n", 0), 0u) << *text;
  EXPECT_NE(text->find("slots: 5  # fitted: drain of 16.6 orders/s"), std::string::npos) << *text;
  EXPECT_NE(text->find("# fitted: the histogram"), std::string::npos);
  auto fitted = parse_scenario_text(*text, "fitted.yaml");
  ASSERT_TRUE(fitted.ok()) << fitted.error().message() << "\n" << *text;
  EXPECT_EQ(fitted->architecture.dependency->slots, 5);
  EXPECT_EQ(fitted->architecture.dependency->service_time.mean(), Duration::milliseconds(301));
  EXPECT_EQ(fitted->architecture.dependency->name, "payment");
  // The `api:` section the original left out was made.
  EXPECT_EQ(fitted->architecture.accept_latency.mean(), Duration::microseconds(2100));
  EXPECT_EQ(fitted->traffic.closed.users, 20);
}

TEST(CalibrateFittedFile, RefusesAFileThatIsNotAMap) {
  auto text = fitted_scenario_yaml("- a\n- b\n", Fit{}, "");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message().find("not a map"), std::string::npos);
}

}  // namespace
}  // namespace stackplan::calibrate
