#include "cost/usage.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/text_file.h"

namespace stackplan::cost {
namespace {

constexpr double kSecondsPerHour = 3600;
// 2^53: every whole number up to it is exact in a double.
constexpr double kLargestExactCount = 9007199254740992.0;

}  // namespace

Result<sim::SimResult> parse_sim_result(const std::string& json_text, const std::string& label) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(fmt::format("{}: not a JSON simulation result", label));
  sim::SimResult r;
  auto number = [&](const nlohmann::json& obj, const std::string& key, double& out) -> Status {
    if (!obj.contains(key)) return Status::Ok();
    if (!obj[key].is_number())
      return Error(fmt::format("{}: field {} must be a number", label, key));
    out = obj[key].get<double>();
    if (out < 0) return Error(fmt::format("{}: field {} must not be negative", label, key));
    return Status::Ok();
  };
  // Counters are whole numbers; a count too large for a double to hold
  // exactly is refused rather than rounded.
  auto count = [&](const nlohmann::json& obj, const std::string& key, uint64_t& out) -> Status {
    if (obj.contains(key) && obj[key].is_number_unsigned()) {
      out = obj[key].get<uint64_t>();
      return Status::Ok();
    }
    double value = 0;
    if (auto st = number(obj, key, value); !st.ok()) return st;
    if (value != std::floor(value) || value > kLargestExactCount)
      return Error(fmt::format("{}: field {} must be a whole number up to {:g}", label, key,
                               kLargestExactCount));
    out = static_cast<uint64_t>(value);
    return Status::Ok();
  };
  r.scenario =
      j.contains("scenario") && j["scenario"].is_string() ? j["scenario"].get<std::string>() : "";
  if (!j.contains("traffic_seconds"))
    return Error(
        fmt::format("{}: missing traffic_seconds (is this `stackplan simulate --json` "
                    "output?)",
                    label));
  double traffic_seconds = 0;
  if (auto st = number(j, "traffic_seconds", traffic_seconds); !st.ok()) return Error(st.message());
  if (traffic_seconds > Duration::longest().seconds_f())
    return Error(fmt::format("{}: field traffic_seconds must be at most {:g}", label,
                             Duration::longest().seconds_f()));
  r.traffic_time = Duration::from_seconds(traffic_seconds);
  if (j.contains("orders") && j["orders"].is_object())
    if (auto st = count(j["orders"], "accepted", r.orders.accepted); !st.ok())
      return Error(st.message());
  if (!j.contains("resources") || !j["resources"].is_object())
    return Error(fmt::format("{}: missing resources", label));
  const auto& res = j["resources"];
  auto& out = r.resources;
  if (res.contains("task_seconds")) {
    if (!res["task_seconds"].is_object())
      return Error(fmt::format("{}: resources.task_seconds must map tier names to seconds", label));
    for (const auto& [tier, seconds] : res["task_seconds"].items()) {
      if (!seconds.is_number() || seconds.get<double>() < 0)
        return Error(fmt::format("{}: resources.task_seconds.{} must be a non-negative number",
                                 label, tier));
      out.task_seconds[tier] = seconds.get<double>();
    }
  }
  if (auto st = number(res, "function_gb_seconds", out.function_gb_seconds); !st.ok())
    return Error(st.message());
  for (const auto& [key, field] :
       {std::pair<const char*, uint64_t*>{"function_invocations", &out.function_invocations},
        {"queue_requests", &out.queue_requests},
        {"messages", &out.messages}})
    if (auto st = count(res, key, *field); !st.ok()) return Error(st.message());
  return r;
}

Result<sim::SimResult> read_sim_result(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_sim_result(*text, path);
}

Result<Usage> usage_from_sim(const sim::SimResult& sim, Usage stated, Quantity month_hours) {
  double factor = 0;
  if (stated.orders) {
    const auto accepted = static_cast<double>(sim.orders.accepted);
    if (sim.orders.accepted == 0)
      return Error("the simulation accepted no orders, so usage.orders_per_month cannot scale it");
    factor = stated.orders->value_f() / accepted;
    stated.derivation = fmt::format(
        "usage from simulation \"{}\" scaled by orders: {} orders/month / {} simulated = x{:.6g}",
        sim.scenario, stated.orders->format(), sim.orders.accepted, factor);
  } else {
    const double traffic_seconds = sim.traffic_time.seconds_f();
    if (traffic_seconds <= 0) return Error("the simulation has no traffic_seconds");
    const double month_seconds = month_hours.value_f() * kSecondsPerHour;
    factor = month_seconds / traffic_seconds;
    stated.derivation = fmt::format(
        "usage from simulation \"{}\" scaled by time: {} s in a month / {} s of traffic = x{:.6g}",
        sim.scenario, month_seconds, traffic_seconds, factor);
    stated.orders = Quantity::from_double(static_cast<double>(sim.orders.accepted) * factor);
  }
  const auto& used = sim.resources;
  auto scaled = [factor](uint64_t count) {
    return Quantity::from_double(static_cast<double>(count) * factor);
  };
  for (const auto& [tier, seconds] : used.task_seconds)
    stated.service_hours[tier] = Quantity::from_double(seconds / kSecondsPerHour * factor);
  stated.function_invocations = scaled(used.function_invocations);
  stated.function_gb_seconds = Quantity::from_double(used.function_gb_seconds * factor);
  stated.queue_requests = scaled(used.queue_requests);
  stated.messages = scaled(used.messages);
  return stated;
}

}  // namespace stackplan::cost
