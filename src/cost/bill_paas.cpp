// Bills for platforms that price instances rather than managed services:
// Railway (usage per minute, plan fee credited against usage) and Render,
// Heroku and DigitalOcean (instance plans per month, prorated by the second).
#include <fmt/format.h>

#include <algorithm>

#include "cost/bill_builder.h"

namespace stackplan::cost {
namespace {

// AWS-only managed services: another platform cannot price them, so the
// scenario must exclude them explicitly rather than have them vanish.
void refuse_aws_only(BillBuilder& b) {
  const Deploy& d = b.deploy();
  const Usage& u = b.usage();
  auto refuse = [&](bool used, const std::string& component, const std::string& what) {
    if (!used || b.excluded(component)) return;
    b.fail(
        fmt::format("{}: the catalog has no {} price for {}; add `exclude: {{{}: [{}]}}` to "
                    "deploy if this platform's bill should leave it out",
                    component, b.platform(), what, b.platform(), component));
  };
  refuse(d.load_balancer, "load_balancer", "load balancer");
  refuse(d.nat_gateways > 0, "nat", "NAT gateway");
  refuse(d.eks_clusters > 0, "eks", "Kubernetes control plane");
  refuse(d.function.has_value(), "function", "function (serverless)");
  refuse(d.queue.has_value(), "queue", "managed queue");
  refuse(d.topic.has_value(), "topic", "pub/sub topic");
  refuse(!u.cdn_gb.is_zero() || !u.cdn_https_requests.is_zero(), "cdn", "CDN");
  refuse(!u.logs_ingested_gb.is_zero() || !u.logs_stored_gb.is_zero(), "logs", "log storage");
  refuse(!u.object_storage_gb.is_zero() || !u.object_puts.is_zero() || !u.object_gets.is_zero(),
         "object_storage", "object storage");
  refuse(!u.registry_gb.is_zero(), "registry", "container registry");
}

// ---- Railway -----------------------------------------------------------------

void charge_railway_service(BillBuilder& b, const std::string& component, const Service& s) {
  const PriceEntry* vcpu = b.entry("railway", "usage.vcpu", "vCPU-month");
  const PriceEntry* memory = b.entry("railway", "usage.memory", "GB-month");
  if (!vcpu || !memory) return;
  std::string how;
  const Quantity hours =
      b.service_hours(s, vcpu->billing ? &*vcpu->billing : nullptr, "replicas", how);
  // Prices are per month of use, metered by the minute: the share of the
  // month the service ran, times its size.
  const Quantity month = b.month_hours();
  b.charge_entry(component, *vcpu, divide(multiply(Quantity::from_double(s.vcpu), hours), month),
                 fmt::format("{} / {} h a month x {} vCPU", how, month.format(), s.vcpu));
  b.charge_entry(component, *memory,
                 divide(multiply(Quantity::from_double(s.memory_gib), hours), month),
                 fmt::format("{} / {} h a month x {} GB", how, month.format(), s.memory_gib));
}

void charge_railway_store(BillBuilder& b, const std::optional<ManagedStore>& store,
                          const std::string& component) {
  if (!store || b.excluded(component)) return;
  if (!store->railway) {
    b.fail(
        fmt::format("deploy.{} has no railway: {{vcpu: ..., memory: ...}}: Railway runs it "
                    "as a service billed by usage",
                    component));
    return;
  }
  Service s = *store->railway;
  s.name = component;
  charge_railway_service(b, component, s);
  if (component == "database" && !b.usage().database_storage_gb.is_zero())
    b.charge(component, "volume", "GB-month", b.usage().database_storage_gb);
}

}  // namespace

void build_railway_bill(BillBuilder& b) {
  refuse_aws_only(b);
  if (!b.excluded("services"))
    for (const Service& s : b.deploy().services) charge_railway_service(b, s.name, s);
  charge_railway_store(b, b.deploy().database, "database");
  charge_railway_store(b, b.deploy().cache, "cache");
  if (!b.usage().egress_gb.is_zero() && !b.excluded("egress"))
    b.charge("egress", "egress", "GB", b.usage().egress_gb);
  // The plan fee counts toward usage: the month costs max(fee, usage), shown
  // as the fee plus a credit of the usage it covers.
  const PriceEntry* plan = b.entry("railway", "plan." + b.deploy().railway_plan, "month");
  if (!plan) return;
  const Money usage = b.total_so_far();
  b.charge_entry("plan", *plan, Quantity::units(1), "subscription");
  if (plan->counts_toward_usage) {
    auto fee_or = amount_for(Quantity::units(1), plan->tiers.front().price, plan->per);
    if (!fee_or) return b.fail(fee_or.error().message());
    const Money fee = *fee_or;
    BillLine credit;
    credit.component = "plan";
    credit.item = "Usage included in the plan fee";
    // No unit: a credit is not quantity x price; its note shows the arithmetic.
    credit.amount = -std::min(fee, usage);
    credit.ref = plan->ref();
    credit.source = plan->source;
    credit.note = fmt::format("min(plan fee {}, usage {})", fee.format(), usage.format());
    b.add_line(std::move(credit));
  }
}

// ---- Render, Heroku, DigitalOcean ------------------------------------------------

namespace {

struct PlanFamily {
  const char* service_prefix;   // catalog id prefix of instance plans
  const char* database_prefix;  // catalog id prefix of managed databases
  const char* cache_prefix;
};

PlanFamily family(const std::string& platform) {
  if (platform == "render") return {"web.", "postgres.", "redis."};
  if (platform == "heroku") return {"dyno.", "postgres.", "redis."};
  return {"droplet.", "postgres.", "redis."};
}

// The plan a service names for this platform, or the cheapest one whose spec
// fits its vCPU and memory.
const PriceEntry* choose_plan(BillBuilder& b, const Service& s, const char* prefix,
                              std::string& how) {
  if (auto it = s.plans.find(b.platform()); it != s.plans.end()) {
    how = "plan named in the scenario";
    return b.entry(b.platform(), it->second, "month");
  }
  const PriceEntry* best = nullptr;
  for (const PriceEntry* e : b.catalog().plans(b.platform(), prefix, b.deploy().region)) {
    if (e->unit != "month" || e->spec->vcpu < s.vcpu || e->spec->memory_gib < s.memory_gib)
      continue;
    if (!best || e->tiers.front().price < best->tiers.front().price) best = e;
  }
  if (!best) {
    b.fail(
        fmt::format("deploy.services {}: no {} plan in the catalog fits {} vCPU and {} GB; "
                    "name one with plans: {{{}: ...}}",
                    s.name, b.platform(), s.vcpu, s.memory_gib, b.platform()));
    return nullptr;
  }
  how = fmt::format("smallest plan with at least {} vCPU and {} GB", s.vcpu, s.memory_gib);
  return best;
}

void charge_plan_service(BillBuilder& b, const Service& s) {
  std::string how;
  const PriceEntry* plan = choose_plan(b, s, family(b.platform()).service_prefix, how);
  if (!plan) return;
  const Quantity month = b.month_hours();
  std::string hours_how;
  const Quantity hours =
      b.service_hours(s, plan->billing ? &*plan->billing : nullptr, "instances", hours_how);
  b.charge_entry(s.name, *plan, divide(hours, month),
                 fmt::format("{} / {} h a month; {}", hours_how, month.format(), how));
}

void charge_plan_store(BillBuilder& b, const std::optional<ManagedStore>& store,
                       const std::string& component, const char* prefix) {
  if (!store || b.excluded(component)) return;
  auto it = store->plans.find(b.platform());
  if (it == store->plans.end()) {
    b.fail(fmt::format("deploy.{} has no {}: {{plan: ...}} for the {} bill", component,
                       b.platform(), b.platform()));
    return;
  }
  b.charge(component, std::string(prefix) + it->second, "month", Quantity::units(1),
           "1 instance for the month");
}

}  // namespace

void build_plan_bill(BillBuilder& b) {
  refuse_aws_only(b);
  if (!b.excluded("services"))
    for (const Service& s : b.deploy().services) charge_plan_service(b, s);
  const PlanFamily f = family(b.platform());
  charge_plan_store(b, b.deploy().database, "database", f.database_prefix);
  charge_plan_store(b, b.deploy().cache, "cache", f.cache_prefix);
  if (!b.usage().egress_gb.is_zero() && !b.excluded("egress")) {
    if (b.platform() == "digitalocean") {
      // Overage is priced, but only beyond an allowance the catalog must know.
      if (auto allowance = b.fact("digitalocean", "droplet.transfer_allowance", "GB")) {
        int64_t droplets = 0;
        for (const Service& s : b.deploy().services) droplets += s.count;
        const Quantity included = multiply(Quantity::units(droplets), *allowance);
        b.charge("egress", "droplet.egress_overage", "GB",
                 max(Quantity(), b.usage().egress_gb - included),
                 fmt::format("{} GB beyond {} GB included", b.usage().egress_gb.format(),
                             included.format()));
      }
    } else {
      b.charge("egress", "bandwidth", "GB", b.usage().egress_gb);
    }
  }
}

}  // namespace stackplan::cost
