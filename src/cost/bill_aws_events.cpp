// The per-event part of the AWS bill: Lambda, API Gateway, SQS and SNS.
#include <fmt/format.h>

#include "cost/bill_builder.h"

namespace stackplan::cost {
namespace {

const char* arch_name(Arch a) { return a == Arch::kArm ? "arm" : "x86"; }

// Orders in the month, or nullopt after recording why the bill needs them.
std::optional<Quantity> orders(BillBuilder& b, const std::string& what) {
  if (b.usage().orders) return b.usage().orders;
  b.fail(fmt::format("{} needs usage.orders_per_month (or a --from-sim result)", what));
  return std::nullopt;
}

// Invocations in the month: stated, simulated, or orders x per order.
std::optional<Quantity> invocations(BillBuilder& b, const Function& f) {
  if (b.usage().function_invocations) return b.usage().function_invocations;
  auto n = orders(b, "deploy.function");
  if (!n) return std::nullopt;
  return multiply(*n, Quantity::units(f.invocations_per_order));
}

constexpr double kMegabytesPerGib = 1024;

// A function AWS would refuse to run is not priced: memory and duration must
// be within the catalog's Lambda limits. Returns false after recording why.
bool within_lambda_limits(BillBuilder& b, const Function& f) {
  const auto min_mb = b.fact("aws", "lambda.min_memory", "MB");
  const auto max_mb = b.fact("aws", "lambda.max_memory", "MB");
  const auto max_seconds = b.fact("aws", "lambda.max_duration", "second");
  if (!min_mb || !max_mb || !max_seconds) return false;
  bool ok = true;
  const double memory_mb = f.memory_gib * kMegabytesPerGib;
  if (memory_mb < min_mb->value_f() || memory_mb > max_mb->value_f()) {
    b.fail(
        fmt::format("deploy.function.memory: {} MB is outside Lambda's {} MB to {} MB "
                    "(aws:lambda.min_memory, aws:lambda.max_memory)",
                    memory_mb, min_mb->format(), max_mb->format()));
    ok = false;
  }
  const Quantity seconds = Quantity::from_micros(f.duration.ns() / 1000);
  if (seconds > *max_seconds) {
    b.fail(
        fmt::format("deploy.function.duration: {} s is more than Lambda's {} s timeout limit "
                    "(aws:lambda.max_duration)",
                    seconds.format(), max_seconds->format()));
    ok = false;
  }
  return ok;
}

void charge_function(BillBuilder& b, const Function& f) {
  if (!within_lambda_limits(b, f)) return;
  auto calls = invocations(b, f);
  if (!calls) return;
  const std::string arch = arch_name(f.arch);
  b.charge("function", "lambda.requests", "request", *calls,
           fmt::format("{} invocations", calls->format()));
  const bool provisioned = f.provisioned_concurrency > 0;
  const std::string duration_id =
      provisioned ? "lambda." + arch + ".provisioned_duration" : "lambda." + arch + ".duration";
  const PriceEntry* duration = b.entry("aws", duration_id, "GB-second");
  if (!duration) return;
  Quantity gb_seconds;
  std::string how;
  const Quantity memory = Quantity::from_double(f.memory_gib);
  if (b.usage().function_gb_seconds) {
    gb_seconds = *b.usage().function_gb_seconds;
    how = "GB-seconds from the simulation";
  } else {
    Duration billed = f.duration;
    if (duration->billing) billed = billed_duration(f.duration, *duration->billing);
    const Quantity seconds = Quantity::from_micros(billed.ns() / 1000);
    gb_seconds = multiply(multiply(*calls, memory), seconds);
    how = fmt::format("{} invocations x {} GB x {} s billed", calls->format(), memory.format(),
                      seconds.format());
  }
  b.charge_entry("function", *duration, gb_seconds, how);
  if (provisioned) {
    const PriceEntry* enabled =
        b.entry("aws", "lambda." + arch + ".provisioned_concurrency", "GB-second");
    if (!enabled) return;
    const Quantity seconds = multiply(b.month_hours(), Quantity::units(kSecondsPerHour));
    const Quantity gb = multiply(Quantity::units(f.provisioned_concurrency), memory);
    b.charge_entry("function", *enabled, multiply(gb, seconds),
                   fmt::format("{} environments x {} GB x {} s", f.provisioned_concurrency,
                               memory.format(), seconds.format()));
    b.note("provisioned concurrency: every invocation is priced at the provisioned duration rate");
  }
}

void charge_api_gateway(BillBuilder& b, const Function& f) {
  if (f.api_gateway == "none") return;
  std::optional<Quantity> requests = b.usage().requests;
  if (!requests) requests = invocations(b, f);
  if (!requests) return;
  b.charge("api_gateway", "apigateway." + f.api_gateway + ".requests", "request", *requests);
}

void charge_queue(BillBuilder& b, const Queue& q) {
  std::optional<Quantity> requests = b.usage().queue_requests;
  std::string how = "queue requests from the simulation";
  if (!requests) {
    std::optional<Quantity> messages = b.usage().messages;
    if (!messages) messages = orders(b, "deploy.queue");
    if (!messages) return;
    auto chunk_kb = b.fact("aws", "sqs.request_chunk", "KB");
    if (!chunk_kb) return;
    const int64_t chunk =
        std::max<int64_t>(1, static_cast<int64_t>(chunk_kb->micros() / Quantity::kMicrosPerUnit));
    const int64_t chunks = (q.message_kb + chunk - 1) / chunk;
    requests = multiply(*messages, Quantity::units(q.requests_per_message * chunks));
    how = fmt::format("{} messages x {} requests x {} chunk(s) of {} KB", messages->format(),
                      q.requests_per_message, chunks, chunk);
  }
  b.charge("queue", "sqs." + q.kind + ".requests", "request", *requests, how);
}

void charge_topic(BillBuilder& b, const Topic& t) {
  std::optional<Quantity> messages = b.usage().messages;
  if (!messages) messages = orders(b, "deploy.topic");
  if (!messages) return;
  const Quantity publishes = multiply(*messages, Quantity::units(t.publishes_per_order));
  b.charge("topic", "sns.publishes", "request", publishes);
  if (t.http_deliveries) b.charge("topic", "sns.http_deliveries", "request", publishes);
}

}  // namespace

void charge_aws_events(BillBuilder& b) {
  const Deploy& d = b.deploy();
  if (d.function && !b.excluded("function")) {
    charge_function(b, *d.function);
    charge_api_gateway(b, *d.function);
  }
  if (d.queue && !b.excluded("queue")) charge_queue(b, *d.queue);
  if (d.topic && !b.excluded("topic")) charge_topic(b, *d.topic);
}

}  // namespace stackplan::cost
