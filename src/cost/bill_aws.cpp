// The AWS bill: Fargate, Lambda, API Gateway, ALB, NAT, EKS, RDS, ElastiCache,
// SQS, SNS, S3, CloudFront, data transfer, CloudWatch Logs and ECR.
#include <fmt/format.h>

#include "cost/bill_builder.h"

namespace stackplan::cost {
namespace {

const char* arch_name(Arch a) { return a == Arch::kArm ? "arm" : "x86"; }

void charge_services(BillBuilder& b) {
  if (b.deploy().services.empty() || b.excluded("services")) return;
  const Quantity max_discount =
      b.fact("aws", "fargate.spot.max_discount", "fraction").value_or(Quantity());
  for (const Service& s : b.deploy().services) {
    const std::string arch = arch_name(s.arch);
    const PriceEntry* vcpu = b.entry("aws", "fargate." + arch + ".vcpu", "vCPU-hour");
    const PriceEntry* memory = b.entry("aws", "fargate." + arch + ".memory", "GB-hour");
    if (!vcpu || !memory) continue;
    // Each task run is billed per second with a minimum (the catalog's billing).
    std::string how;
    const Quantity task_hours =
        b.service_hours(s, vcpu->billing ? &*vcpu->billing : nullptr, "tasks", how);
    const int64_t discount = s.spot_discount_millionths;
    if (discount > max_discount.micros())
      b.fail(
          fmt::format("deploy.services {}: spot_discount {}% is more than the {}% the catalog "
                      "says Fargate Spot can take off (aws:fargate.spot.max_discount)",
                      s.name, format_fixed_point(discount, 4, 0),
                      format_fixed_point(max_discount.micros(), 4, 0)));
    const std::string spot = discount > 0 ? fmt::format("; Spot: {}% off on-demand (stated)",
                                                        format_fixed_point(discount, 4, 0))
                                          : "";
    const Quantity vcpu_hours = multiply(Quantity::from_double(s.vcpu), task_hours);
    const Quantity gb_hours = multiply(Quantity::from_double(s.memory_gib), task_hours);
    b.charge_entry(s.name, *vcpu, vcpu_hours, fmt::format("{} x {} vCPU{}", how, s.vcpu, spot),
                   discount);
    b.charge_entry(s.name, *memory, gb_hours, fmt::format("{} x {} GB{}", how, s.memory_gib, spot),
                   discount);
  }
}

void charge_alb_capacity(BillBuilder& b, const Usage& u, Quantity month) {
  const auto gb_per_lcu_hour = b.fact("aws", "alb.lcu_processed_gb", "GB");
  if (!gb_per_lcu_hour || gb_per_lcu_hour->is_zero()) return;
  const Quantity processed = u.lb_processed_gb.value_or(u.egress_gb);
  const Quantity stated = multiply(u.lb_lcu, month);
  const Quantity by_bytes = divide(processed, *gb_per_lcu_hour);
  const bool bytes_dominate = by_bytes > stated;
  const std::string how =
      bytes_dominate
          ? fmt::format("{} GB processed / {} GB per LCU-hour (more than the {} LCU stated x {} h)",
                        processed.format(), gb_per_lcu_hour->format(), u.lb_lcu.format(),
                        month.format())
          : fmt::format(
                "{} LCU on average x {} h (at least the {} GB processed / {} GB per "
                "LCU-hour)",
                u.lb_lcu.format(), month.format(), processed.format(), gb_per_lcu_hour->format());
  b.charge("load_balancer", "alb.lcu", "LCU-hour", max(stated, by_bytes), how);
}

void charge_networking(BillBuilder& b) {
  const Deploy& d = b.deploy();
  const Usage& u = b.usage();
  const Quantity month = b.month_hours();
  if (d.load_balancer && !b.excluded("load_balancer")) {
    b.charge("load_balancer", "alb.hours", "hour", month, "1 ALB for the month");
    charge_alb_capacity(b, u, month);
  }
  if (d.nat_gateways > 0 && !b.excluded("nat")) {
    b.charge("nat", "nat.hours", "hour", multiply(Quantity::units(d.nat_gateways), month),
             fmt::format("{} gateways x {} h", d.nat_gateways, month.format()));
    b.charge("nat", "nat.processed", "GB", u.nat_processed_gb);
  }
  if (d.eks_clusters > 0 && !b.excluded("eks"))
    b.charge("eks", "eks.cluster", "hour", multiply(Quantity::units(d.eks_clusters), month),
             fmt::format("{} clusters x {} h", d.eks_clusters, month.format()));
  if (!u.egress_gb.is_zero() && !b.excluded("egress"))
    b.charge("egress", "data_transfer.out", "GB", u.egress_gb);
  if ((!u.cdn_gb.is_zero() || !u.cdn_https_requests.is_zero()) && !b.excluded("cdn")) {
    b.charge("cdn", "cloudfront.transfer", "GB", u.cdn_gb);
    if (!u.cdn_https_requests.is_zero())
      b.charge("cdn", "cloudfront.https_requests", "request", u.cdn_https_requests);
  }
}

void charge_stores(BillBuilder& b) {
  const Deploy& d = b.deploy();
  const Quantity month = b.month_hours();
  if (d.database && !b.excluded("database")) {
    const ManagedStore& db = *d.database;
    if (!db.aws_class) {
      b.fail("deploy.database has no aws: {class: ...} for the aws bill");
    } else {
      Quantity copies = Quantity::units(1);
      std::string az = "single-AZ";
      if (db.multi_az) {
        copies = b.fact("aws", "rds.multi_az_multiplier", "multiplier").value_or(Quantity());
        az = fmt::format("Multi-AZ: x{}", copies.format());
      }
      b.charge("database", "rds.postgres." + *db.aws_class, "hour", multiply(copies, month),
               fmt::format("{} h, {}", month.format(), az));
      const Quantity storage = b.usage().database_storage_gb;
      b.charge("database", "rds.storage." + db.storage_type, "GB-month", multiply(copies, storage),
               fmt::format("{} GB, {}", storage.format(), az));
    }
  }
  if (d.cache && !b.excluded("cache")) {
    if (!d.cache->aws_class)
      b.fail("deploy.cache has no aws: {node: ...} for the aws bill");
    else
      b.charge("cache", "elasticache." + *d.cache->aws_class, "hour",
               multiply(Quantity::units(d.cache->aws_nodes), month),
               fmt::format("{} nodes x {} h", d.cache->aws_nodes, month.format()));
  }
  const Usage& u = b.usage();
  if ((!u.object_storage_gb.is_zero() || !u.object_puts.is_zero() || !u.object_gets.is_zero()) &&
      !b.excluded("object_storage")) {
    b.charge("object_storage", "s3.standard.storage", "GB-month", u.object_storage_gb);
    b.charge("object_storage", "s3.standard.put", "request", u.object_puts);
    b.charge("object_storage", "s3.standard.get", "request", u.object_gets);
  }
  if ((!u.logs_ingested_gb.is_zero() || !u.logs_stored_gb.is_zero()) && !b.excluded("logs")) {
    b.charge("logs", "cloudwatch.logs.ingestion", "GB", u.logs_ingested_gb);
    if (!u.logs_stored_gb.is_zero())
      b.charge("logs", "cloudwatch.logs.storage", "GB-month", u.logs_stored_gb);
  }
  if (!u.registry_gb.is_zero() && !b.excluded("registry"))
    b.charge("registry", "ecr.storage", "GB-month", u.registry_gb);
}

}  // namespace

void build_aws_bill(BillBuilder& b) {
  charge_services(b);
  charge_aws_events(b);
  charge_networking(b);
  charge_stores(b);
}

}  // namespace stackplan::cost
