#include "load/load_request.h"

#include <algorithm>
#include <utility>

#include "core/units.h"

namespace stackplan::load {
namespace {

bool open_model(const LoadRequest& r) { return !r.rate.empty() || !r.steps.empty(); }

Result<std::pair<std::string, std::string>> parse_header(const std::string& h) {
  size_t colon = h.find(':');
  if (colon == std::string::npos || colon == 0)
    return Error("bad header \"" + h + "\": expected Name: value");
  size_t v = h.find_first_not_of(' ', colon + 1);
  return std::pair{h.substr(0, colon), v == std::string::npos ? "" : h.substr(v)};
}

// The plan file, or one request made of method, headers and body; then the
// target, from the URL or the plan's base_url.
Status read_plan_and_target(const LoadRequest& r, LoadOptions& o) {
  if (!r.plan_file.empty()) {
    auto plan = load_plan_file(r.plan_file);
    if (!plan) return plan.error();
    o.plan = std::move(*plan);
  }
  std::string url = !r.url.empty() ? r.url : o.plan.base_url;
  if (url.empty()) return Error("give a URL to load (or a plan with base_url)");
  auto target = parse_url(url);
  if (!target) return target.error();
  o.target = *target;
  if (r.plan_file.empty()) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& h : r.headers) {
      auto header = parse_header(h);
      if (!header) return header.error();
      headers.push_back(std::move(*header));
    }
    o.plan = single_request_plan(r.method.value_or("GET"), o.target.path_and_query,
                                 std::move(headers), r.body);
  }
  return Status::Ok();
}

Status parse_stopping(const LoadRequest& r, LoadOptions& o) {
  if (!r.run_time.empty()) {
    auto d = parse_duration(r.run_time);
    if (!d) return Error("--run-time: " + d.error().message());
    o.run_time = *d;
  }
  o.request_count = r.requests;
  auto timeout = parse_duration(r.timeout);
  if (!timeout) return Error("--timeout: " + timeout.error().message());
  o.timeout = *timeout;
  return Status::Ok();
}

Result<RateSchedule> parse_rate_schedule(const LoadRequest& r) {
  if (!r.steps.empty()) return RateSchedule::parse_steps(r.steps);
  auto rate = parse_rate(r.rate);
  if (!rate) return Error("--rate: " + rate.error().message());
  if (!r.spike.empty()) return RateSchedule::parse_spike(rate->per_second, r.spike);
  return RateSchedule::constant(rate->per_second);
}

Status parse_open_model(const LoadRequest& r, LoadOptions& o) {
  auto schedule = parse_rate_schedule(r);
  if (!schedule) return schedule.error();
  o.rate = *schedule;
  o.poisson = r.arrivals == "poisson";
  o.connections = r.connections;
  o.max_connections = std::max(r.max_connections, r.connections);
  o.max_backlog = r.max_backlog;
  return Status::Ok();
}

Status parse_closed_model(const LoadRequest& r, LoadOptions& o) {
  const int users = r.users.value_or(0);
  o.users = users ? users : (r.connections ? r.connections : 1);
  o.spawn_rate = r.spawn_rate.value_or(0);
  if (r.wait && !r.wait->empty()) {
    std::string text = *r.wait;
    if (text.rfind("between(", 0) == 0) text = "uniform(" + text.substr(8);  // Locust's name
    auto d = Distribution::parse(text);
    if (!d) return Error("--wait: " + d.error().message());
    o.wait = *d;
  }
  return Status::Ok();
}

}  // namespace

Status validate(const LoadRequest& r) {
  if (!r.plan_file.empty() && (!r.headers.empty() || r.body || r.method))
    return Error(
        "--header, --body and --method describe the single request; with --plan put them in the "
        "plan");
  if (open_model(r)) {
    if (r.users || r.spawn_rate || r.wait)
      return Error(
          "--users, --spawn-rate and --wait are for the closed model; --rate/--steps make it open");
    if (!r.steps.empty() && (!r.rate.empty() || !r.spike.empty()))
      return Error("--steps replaces --rate and --spike");
    if (r.arrivals != "constant" && r.arrivals != "poisson")
      return Error("--arrivals is constant or poisson");
  } else {
    if (!r.spike.empty()) return Error("--spike needs a baseline --rate");
    const int users = r.users.value_or(0);
    if (users && r.connections && users != r.connections)
      return Error(
          "--users and --connections disagree (in the closed model each user has one connection)");
  }
  return Status::Ok();
}

Status validate(const LoadOptions& o) {
  if (o.run_time.ns() <= 0 && o.request_count == 0)
    return Error("say when to stop: a run time (--run-time 30s) or a request count (--requests N)");
  if (o.plan.endpoints.empty()) return Error("nothing to send: the plan has no endpoints");
  if (o.threads < 0 || o.threads > 1024) return Error("--threads must be between 1 and 1024");
  if (o.rate) {
    if (o.rate->peak() <= 0) return Error("the arrival rate must be above zero");
    if (o.max_connections < 1) return Error("--max-connections must be at least 1");
    if (o.connections > o.max_connections) return Error("--connections is above --max-connections");
  } else {
    if (o.users < 1) return Error("at least one user (or connection) is needed");
    if (o.spawn_rate < 0) return Error("the spawn rate must not be negative");
  }
  if (o.timeout.ns() <= 0) return Error("--timeout must be above zero");
  return Status::Ok();
}

Result<LoadOptions> build_load_options(const LoadRequest& r) {
  if (Status s = validate(r); !s) return Error(s.message());
  LoadOptions o;
  if (Status s = read_plan_and_target(r, o); !s) return Error(s.message());
  o.threads = r.threads;
  o.seed = r.seed;
  if (Status s = parse_stopping(r, o); !s) return Error(s.message());
  Status model = open_model(r) ? parse_open_model(r, o) : parse_closed_model(r, o);
  if (!model) return Error(model.message());
  if (Status s = validate(o); !s) return Error(s.message());
  return o;
}

}  // namespace stackplan::load
