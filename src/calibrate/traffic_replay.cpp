#include "calibrate/traffic_replay.h"

#include <fmt/format.h>

#include "core/units.h"

namespace stackplan::calibrate {
namespace {

// An order as orderd takes it: a customer and one to three items.
constexpr const char* kOrderBody =
    R"({"customer_id": "c{{int(1,100000)}}", "items": [{{repeat(1,3)}})"
    R"({"product_id": "p{{int(1,500)}}", "quantity": {{int(1,3)}}, "price": 9.99}{{end}}]})";

}  // namespace

std::string default_order_path(Architecture::Kind kind) {
  switch (kind) {
    case Architecture::Kind::kSync:
      return "/orders/sync";
    case Architecture::Kind::kAsync:
      return "/orders/async";
    case Architecture::Kind::kServerless:
      return "";
  }
  return "";
}

Result<load::LoadOptions> replay_options(const Scenario& scenario, const ReplayTarget& target) {
  const Traffic& traffic = scenario.traffic;
  if (traffic.duration > target.max_traffic)
    return Error(fmt::format(
        "traffic.duration: {} of traffic cannot be replayed against a real service in bounded "
        "time (at most {}); calibrate on a shorter window, e.g. the peak hour's first minutes",
        format_duration(traffic.duration), format_duration(target.max_traffic)));
  std::string path =
      target.path.empty() ? default_order_path(scenario.architecture.kind) : target.path;
  if (path.empty())
    return Error(
        fmt::format("architecture.kind: {} has no order endpoint to replay by default; "
                    "give the path with --path",
                    kind_name(scenario.architecture.kind)));
  auto url = load::parse_url(target.url);
  if (!url) return Error(fmt::format("--url: {}", url.error().message()));

  load::LoadOptions options;
  options.target = *url;
  load::PlanEndpoint endpoint;
  endpoint.name = path;
  endpoint.method = "POST";
  endpoint.path = path;
  endpoint.headers = {{"Content-Type", "application/json"}};
  endpoint.body = kOrderBody;
  endpoint.has_body = true;
  options.plan.endpoints.push_back(endpoint);
  options.threads = target.threads;
  options.run_time = traffic.duration;
  options.timeout = target.request_timeout;
  options.seed = target.seed;
  if (traffic.model == Traffic::Model::kClosed) {
    options.users = static_cast<int>(traffic.closed.users);
    options.spawn_rate = traffic.closed.spawn_rate;
    options.wait = traffic.closed.wait;
    return options;
  }
  std::vector<load::RateSchedule::Segment> segments;
  double offered = 0;
  for (const RateSegment& s : traffic.open.segments) {
    segments.push_back({s.start, s.per_second});
    offered += s.per_second * (s.end - s.start).seconds_f();
  }
  if (offered > target.max_requests)
    return Error(fmt::format(
        "traffic.rate: {:.0f} requests over {} is more than one machine replays in bounded time "
        "(at most {:.0f}); calibrate on a shorter or lower window",
        offered, format_duration(traffic.duration), target.max_requests));
  options.rate = load::RateSchedule::from_segments(std::move(segments));
  options.poisson = traffic.open.process == OpenTraffic::Process::kPoisson;
  return options;
}

}  // namespace stackplan::calibrate
