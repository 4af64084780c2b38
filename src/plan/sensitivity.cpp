// Sensitivity probes: each uncertain input alone at its lowest and highest
// value across the cases, the others at the reference case's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "plan/analysis.h"

namespace stackplan::plan {
namespace {

constexpr int64_t kNanosPerMillisecond = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

// "3s", "4.5s", "250ms": as a scenario file would write it.
std::string duration_label(Duration d) {
  if (d.ns() % kNanosPerSecond == 0) return fmt::format("{}s", d.ns() / kNanosPerSecond);
  if (d.ns() >= kNanosPerSecond) return fmt::format("{:g}s", d.seconds_f());
  if (d.ns() % kNanosPerMillisecond == 0) return fmt::format("{}ms", d.ns() / kNanosPerMillisecond);
  return fmt::format("{:g}ms", d.milliseconds_f());
}

std::string distribution_label(const Distribution& d) {
  return d.kind() == Distribution::Kind::kConstant ? duration_label(d.mean()) : d.describe();
}

std::string rate_label(double per_second) {
  if (per_second == std::floor(per_second) && per_second < 1e15)
    return group_thousands(static_cast<uint64_t>(per_second)) + "/s";
  return fmt::format("{:g}/s", per_second);
}

// One input of InputOverrides, seen through the operations a probe needs.
struct InputField {
  std::string name;
  std::function<bool(const InputOverrides&)> is_set;
  std::function<double(const InputOverrides&)> order;  // low to high
  // Values with equal identities are the same input (a distribution's
  // description tells exponential(3s) from constant 3s, a mean does not).
  std::function<std::string(const InputOverrides&)> identity;
  std::function<std::string(const InputOverrides&)> label;
  std::function<void(InputOverrides&, const InputOverrides&)> copy;
};

template <typename Member>
InputField make_field(std::string name, Member member,
                      std::function<double(const InputOverrides&)> order,
                      std::function<std::string(const InputOverrides&)> label) {
  InputField field;
  field.name = std::move(name);
  field.is_set = [member](const InputOverrides& in) { return (in.*member).has_value(); };
  field.order = std::move(order);
  field.identity = label;
  field.label = std::move(label);
  field.copy = [member](InputOverrides& to, const InputOverrides& from) {
    to.*member = from.*member;
  };
  return field;
}

// The fixed order of probes (docs/PLAN.md, "Sensitivity").
std::vector<InputField> input_fields() {
  std::vector<InputField> fields;
  fields.push_back(make_field(
      "peak", &InputOverrides::peak_per_second,
      [](const InputOverrides& in) { return *in.peak_per_second; },
      [](const InputOverrides& in) { return rate_label(*in.peak_per_second); }));
  fields.push_back(make_field(
      "users", &InputOverrides::users,
      [](const InputOverrides& in) { return static_cast<double>(*in.users); },
      [](const InputOverrides& in) {
        return group_thousands(static_cast<uint64_t>(*in.users)) + " users";
      }));
  fields.push_back(make_field(
      "service_time", &InputOverrides::service_time,
      [](const InputOverrides& in) { return in.service_time->mean().seconds_f(); },
      [](const InputOverrides& in) { return distribution_label(*in.service_time); }));
  fields.push_back(make_field(
      "work", &InputOverrides::work,
      [](const InputOverrides& in) { return in.work->mean().seconds_f(); },
      [](const InputOverrides& in) { return distribution_label(*in.work); }));
  fields.push_back(make_field(
      "patience", &InputOverrides::patience,
      [](const InputOverrides& in) { return in.patience->seconds_f(); },
      [](const InputOverrides& in) { return duration_label(*in.patience); }));
  fields.push_back(make_field(
      "orders_per_month", &InputOverrides::orders_per_month,
      [](const InputOverrides& in) { return in.orders_per_month->value_f(); },
      [](const InputOverrides& in) {
        return format_fixed_point(in.orders_per_month->micros(), 6, 0) + "/month";
      }));
  // A distribution's label is its mean when constant: identity must tell
  // every shape apart.
  fields[2].identity = [](const InputOverrides& in) { return in.service_time->describe(); };
  fields[3].identity = [](const InputOverrides& in) { return in.work->describe(); };
  return fields;
}

}  // namespace

std::vector<SensitivityProbe> sensitivity_probes(const PlanSpec& spec) {
  std::vector<SensitivityProbe> probes;
  if (spec.cases.empty() || spec.reference_case >= spec.cases.size()) return probes;
  const NamedInputs& reference = spec.cases[spec.reference_case];
  for (const InputField& field : input_fields()) {
    // Only values a case states: a case that leaves the input unset runs
    // with the scenario's own value, which the plan section does not know.
    const InputOverrides* low = nullptr;
    const InputOverrides* high = nullptr;
    for (const NamedInputs& c : spec.cases) {
      if (!field.is_set(c.inputs)) continue;
      // Ties keep the first case stating the value: a fixed, readable choice.
      if (low == nullptr || field.order(c.inputs) < field.order(*low)) low = &c.inputs;
      if (high == nullptr || field.order(c.inputs) > field.order(*high)) high = &c.inputs;
    }
    if (low == nullptr) continue;
    if (field.identity(*low) == field.identity(*high)) {
      // Equal means may still hide different shapes (constant vs lognormal):
      // the probe then runs from the first shape to the last one that differs.
      for (const NamedInputs& c : spec.cases)
        if (field.is_set(c.inputs) && field.identity(c.inputs) != field.identity(*low))
          high = &c.inputs;
      if (field.identity(*low) == field.identity(*high)) continue;
    }
    SensitivityProbe probe;
    probe.input = field.name;
    probe.low_label = field.label(*low);
    probe.high_label = field.label(*high);
    probe.low = reference;
    probe.high = reference;
    field.copy(probe.low.inputs, *low);
    field.copy(probe.high.inputs, *high);
    probe.low.name = fmt::format("{} with {} at {}", reference.name, field.name, probe.low_label);
    probe.high.name = fmt::format("{} with {} at {}", reference.name, field.name, probe.high_label);
    probe.low.build_cost.reset();
    probe.high.build_cost.reset();
    probes.push_back(std::move(probe));
  }
  return probes;
}

}  // namespace stackplan::plan
