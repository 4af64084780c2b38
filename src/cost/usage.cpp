#include "cost/usage.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text_file.h"

namespace stackplan::cost {
namespace {

constexpr double kSecondsPerHour = 3600;

}  // namespace

Result<SimResources> parse_sim_result(const std::string& json_text, const std::string& label) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(fmt::format("{}: not a JSON simulation result", label));
  SimResources r;
  auto number = [&](const nlohmann::json& obj, const char* key, double& out) -> Status {
    if (!obj.contains(key)) return Status::Ok();
    if (!obj[key].is_number())
      return Error(fmt::format("{}: field {} must be a number", label, key));
    out = obj[key].get<double>();
    if (out < 0) return Error(fmt::format("{}: field {} must not be negative", label, key));
    return Status::Ok();
  };
  r.scenario = j.value("scenario", "");
  if (!j.contains("traffic_seconds"))
    return Error(
        fmt::format("{}: missing traffic_seconds (is this `stackplan simulate --json` "
                    "output?)",
                    label));
  if (auto st = number(j, "traffic_seconds", r.traffic_seconds); !st.ok())
    return Error(st.message());
  if (j.contains("orders") && j["orders"].is_object())
    if (auto st = number(j["orders"], "accepted", r.orders_accepted); !st.ok())
      return Error(st.message());
  if (!j.contains("resources") || !j["resources"].is_object())
    return Error(fmt::format("{}: missing resources", label));
  const auto& res = j["resources"];
  if (res.contains("task_seconds")) {
    if (!res["task_seconds"].is_object())
      return Error(fmt::format("{}: resources.task_seconds must map tier names to seconds", label));
    for (const auto& [tier, seconds] : res["task_seconds"].items()) {
      if (!seconds.is_number() || seconds.get<double>() < 0)
        return Error(fmt::format("{}: resources.task_seconds.{} must be a non-negative number",
                                 label, tier));
      r.task_seconds[tier] = seconds.get<double>();
    }
  }
  for (const auto& [key, out] :
       {std::pair<const char*, double*>{"function_invocations", &r.function_invocations},
        {"function_gb_seconds", &r.function_gb_seconds},
        {"queue_requests", &r.queue_requests},
        {"messages", &r.messages}})
    if (auto st = number(res, key, *out); !st.ok()) return Error(st.message());
  return r;
}

Result<SimResources> read_sim_result(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_sim_result(*text, path);
}

Result<Usage> usage_from_sim(const SimResources& sim, Usage stated, Quantity month_hours) {
  double factor = 0;
  if (stated.orders) {
    if (sim.orders_accepted <= 0)
      return Error("the simulation accepted no orders, so usage.orders_per_month cannot scale it");
    factor = stated.orders->value_f() / sim.orders_accepted;
    stated.derivation = fmt::format(
        "usage from simulation \"{}\" scaled by orders: {} orders/month / {} simulated = x{:.6g}",
        sim.scenario, stated.orders->format(), sim.orders_accepted, factor);
  } else {
    if (sim.traffic_seconds <= 0) return Error("the simulation has no traffic_seconds");
    const double month_seconds = month_hours.value_f() * kSecondsPerHour;
    factor = month_seconds / sim.traffic_seconds;
    stated.derivation = fmt::format(
        "usage from simulation \"{}\" scaled by time: {} s in a month / {} s of traffic = x{:.6g}",
        sim.scenario, month_seconds, sim.traffic_seconds, factor);
    stated.orders = Quantity::from_double(sim.orders_accepted * factor);
  }
  for (const auto& [tier, seconds] : sim.task_seconds)
    stated.service_hours[tier] = Quantity::from_double(seconds / kSecondsPerHour * factor);
  stated.function_invocations = Quantity::from_double(sim.function_invocations * factor);
  stated.function_gb_seconds = Quantity::from_double(sim.function_gb_seconds * factor);
  stated.queue_requests = Quantity::from_double(sim.queue_requests * factor);
  stated.messages = Quantity::from_double(sim.messages * factor);
  return stated;
}

}  // namespace stackplan::cost
