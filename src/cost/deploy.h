// The cost sections of a scenario: `deploy:` (what runs where) and `usage:`
// (monthly volumes). The simulator's parser skips these keys; this module
// reads them with MapReader and rejects unknown fields inside them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/duration.h"
#include "cost/quantity.h"

namespace stackplan::cost {

enum class Arch { kX86, kArm };

// A container tier: Fargate tasks on AWS, a service on Railway, instances of
// a plan on Render, Heroku and DigitalOcean.
struct Service {
  std::string name;
  double vcpu = 0;
  double memory_gib = 0;  // "1GB" and "1024MB" both mean 1 GiB, as providers bill
  int64_t count = 1;      // instances running
  // How long each instance runs in a month (default: the whole month), in
  // `starts_per_month` runs each rounded to the provider's billing increment.
  std::optional<Duration> runs_for;
  int64_t starts_per_month = 1;
  Arch arch = Arch::kX86;
  int64_t spot_discount_millionths = 0;      // Fargate Spot: the fraction you expect off
  std::map<std::string, std::string> plans;  // platform -> catalog plan id
};

// Something each platform hosts its own way: a database or a cache.
struct ManagedStore {
  std::optional<std::string> aws_class;  // "db.t3.micro", "cache.t3.micro"
  int64_t aws_nodes = 1;
  bool multi_az = false;
  std::string storage_type = "gp3";
  std::map<std::string, std::string> plans;  // digitalocean/render/heroku -> plan id
  std::optional<Service> railway;            // runs as a service on Railway
};

struct Function {
  double memory_gib = 0;
  Duration duration;  // per invocation, before rounding to the billing increment
  Arch arch = Arch::kX86;
  int64_t invocations_per_order = 1;
  std::string api_gateway = "none";  // none | rest | http
  int64_t provisioned_concurrency = 0;
};

struct Queue {
  std::string kind = "standard";     // standard | fifo
  int64_t requests_per_message = 3;  // send + receive + delete
  int64_t message_kb = 1;            // each 64 KB chunk is billed as a request
};

struct Topic {
  int64_t publishes_per_order = 1;
  bool http_deliveries = false;
};

struct Deploy {
  std::string region = "us-east-1";
  std::vector<std::string> platforms;
  std::string railway_plan = "hobby";
  bool free_tier = true;
  std::vector<Service> services;
  bool load_balancer = false;
  int64_t nat_gateways = 0;
  int64_t eks_clusters = 0;
  std::optional<ManagedStore> database;
  std::optional<ManagedStore> cache;
  std::optional<Function> function;
  std::optional<Queue> queue;
  std::optional<Topic> topic;
  // Components deliberately left out of a platform's bill (platform ->
  // component names); each shows as a note on that bill.
  std::map<std::string, std::set<std::string>> exclude;
};

// The components `exclude:` may name.
inline const std::vector<std::string> kComponents = {
    "services", "load_balancer", "nat",    "eks", "database", "cache",          "function",
    "queue",    "topic",         "egress", "cdn", "logs",     "object_storage", "registry"};

// Monthly volumes. Stated in the scenario, or derived from a simulation
// result (see usage_from_sim in usage.h).
struct Usage {
  std::optional<Quantity> orders;                 // orders_per_month
  std::optional<Quantity> requests;               // API requests (API Gateway)
  std::optional<Quantity> function_invocations;   // default: orders x invocations_per_order
  std::optional<Quantity> function_gb_seconds;    // from a simulation (already billed)
  std::optional<Quantity> queue_requests;         // default: messages x requests_per_message
  std::optional<Quantity> messages;               // default: orders
  std::map<std::string, Quantity> service_hours;  // instance-hours per service, from a simulation
  Quantity egress_gb, cdn_gb, cdn_https_requests, nat_processed_gb, logs_ingested_gb,
      logs_stored_gb, object_storage_gb, object_puts, object_gets, registry_gb, database_storage_gb,
      lb_lcu;
  // Bytes through the load balancer in the month; default: egress (responses
  // leave through it). Processed bytes are one of the LCU dimensions.
  std::optional<Quantity> lb_processed_gb;
  std::string derivation;  // how the volumes were obtained, for the bill's notes
};

}  // namespace stackplan::cost
