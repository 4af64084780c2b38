// The per-request user-space work of `stackplan load`, without the kernel:
// parsing a response, recording its latency, rendering a templated request.
#include <benchmark/benchmark.h>

#include "load/http_response_parser.h"
#include "load/load_stats.h"
#include "load/plan.h"

namespace stackplan::load {
namespace {

void BM_ParseNginxResponse(benchmark::State& state) {
  std::string response =
      "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 09:00:00 GMT\r\n"
      "Content-Type: text/html\r\nContent-Length: 612\r\nLast-Modified: Mon, 23 Nov 2026 "
      "08:00:00 GMT\r\nConnection: keep-alive\r\nETag: \"1-264\"\r\nAccept-Ranges: bytes\r\n\r\n" +
      std::string(612, 'x');
  HttpResponseParser parser;
  for (auto _ : state) {
    parser.reset();
    benchmark::DoNotOptimize(parser.feed(response.data(), response.size()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * response.size()));
}
BENCHMARK(BM_ParseNginxResponse);

void BM_RecordLatency(benchmark::State& state) {
  EndpointStats stats;
  uint64_t ns = 1'234'567;
  for (auto _ : state) {
    ns = ns * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t latency = (ns >> 40) + 50'000;
    stats.latency.record(latency);
    stats.service_time.record(latency);
    stats.locust_latency.record(latency);
  }
  benchmark::DoNotOptimize(stats.latency.count());
}
BENCHMARK(BM_RecordLatency);

void BM_RenderOrderRequest(benchmark::State& state) {
  auto plan = parse_plan_text(R"(endpoints:
  - method: POST
    path: /orders/async
    headers: {Content-Type: application/json, Idempotency-Key: "{{uuid}}"}
    body: '{"customer_id": {{int(1,100000)}}, "items": [{{repeat(1,5)}}{"sku": "SKU-{{int(1,500)}}", "quantity": {{int(1,3)}}}{{end}}]}'
)",
                              "bench");
  auto builder = RequestBuilder::compile(plan->endpoints[0], "127.0.0.1:8080");
  Rng rng(1);
  uint64_t seq = 0;
  std::string out, scratch;
  for (auto _ : state) {
    out.clear();
    builder->render(rng, seq, out, scratch);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_RenderOrderRequest);

}  // namespace
}  // namespace stackplan::load
