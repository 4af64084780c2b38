#include "load/plan.h"

#include <gtest/gtest.h>

namespace stackplan::load {
namespace {

const char* kOrders = R"(
base_url: http://127.0.0.1:8080
headers: {Content-Type: application/json}
endpoints:
  - name: create order
    method: POST
    path: /orders/async
    weight: 9
    headers: {Idempotency-Key: "{{uuid}}"}
    body: '{"customer_id": {{int(1,100000)}}, "items": [{{repeat(1,5)}}{"sku": "SKU-{{int(1,500)}}", "qty": {{int(1,3)}}}{{end}}]}'
  - {name: health, path: /health}
  - {name: status, path: "/orders/{{int(1, 100000)}}"}
)";

TEST(Plan, ReadsWeightedEndpoints) {
  auto plan = parse_plan_text(kOrders, "orders.yaml");
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  EXPECT_EQ(plan->base_url, "http://127.0.0.1:8080");
  ASSERT_EQ(plan->endpoints.size(), 3u);
  EXPECT_EQ(plan->endpoints[0].method, "POST");
  EXPECT_EQ(plan->endpoints[0].weight, 9);
  EXPECT_EQ(plan->endpoints[0].headers.size(), 2u);
  EXPECT_EQ(plan->endpoints[1].method, "GET");
  EXPECT_EQ(plan->endpoints[1].weight, 1);
}

TEST(Plan, JsonPlansWork) {
  auto plan = parse_plan_text(R"({"endpoints": [{"path": "/a", "weight": 2}]})", "p.json");
  ASSERT_TRUE(plan.ok()) << plan.error().message();
  EXPECT_EQ(plan->endpoints[0].name, "/a");
}

TEST(Plan, ErrorsNamePlaceAndField) {
  auto plan = parse_plan_text("endpoints:\n  - path: /a\n    wieght: 2\n", "p.yaml");
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message().find("p.yaml:3:5: endpoints[0].wieght"), std::string::npos)
      << plan.error().message();
  plan = parse_plan_text("endpoints:\n  - path: /a\n    body: '{{int(9,1)}}'\n", "p.yaml");
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message().find("endpoints[0].body"), std::string::npos);
  EXPECT_FALSE(parse_plan_text("endpoints: []\n", "p.yaml").ok());
  EXPECT_FALSE(parse_plan_text("endpoints:\n  - path: a\n", "p.yaml").ok());
}

TEST(RequestBuilder, RendersRequestsWithMatchingContentLength) {
  auto plan = parse_plan_text(kOrders, "orders.yaml");
  ASSERT_TRUE(plan.ok());
  auto builder = RequestBuilder::compile(plan->endpoints[0], "127.0.0.1:8080");
  ASSERT_TRUE(builder.ok()) << builder.error().message();
  EXPECT_TRUE(builder->constant_request().empty());
  Rng rng(1);
  uint64_t seq = 0;
  std::string out, scratch;
  for (int i = 0; i < 20; ++i) {
    out.clear();
    builder->render(rng, seq, out, scratch);
    ASSERT_EQ(out.rfind("POST /orders/async HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", 0), 0u) << out;
    size_t head_end = out.find("\r\n\r\n");
    size_t cl = out.find("Content-Length: ");
    ASSERT_NE(head_end, std::string::npos);
    ASSERT_LT(cl, head_end);
    EXPECT_EQ(std::stoul(out.substr(cl + 16)), out.size() - head_end - 4);
    EXPECT_NE(out.find("Idempotency-Key: "), std::string::npos);
  }
  auto health = RequestBuilder::compile(plan->endpoints[1], "h");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->constant_request().find("GET /health HTTP/1.1\r\nHost: h\r\n"), 0u);
}

TEST(EndpointPicker, FollowsWeights) {
  std::vector<PlanEndpoint> endpoints(2);
  endpoints[0].weight = 9;
  endpoints[1].weight = 1;
  EndpointPicker picker(endpoints);
  Rng rng(11);
  int first = 0;
  for (int i = 0; i < 10000; ++i) first += picker.pick(rng) == 0;
  EXPECT_NEAR(first, 9000, 300);
}

}  // namespace
}  // namespace stackplan::load
