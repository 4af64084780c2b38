#include "cost/deploy_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/units.h"
#include "cost/bill.h"
#include "cost/catalog.h"

namespace stackplan::cost {
namespace {

constexpr double kBytesPerGB = 1e9;
constexpr int64_t kMillionths = 1'000'000;
constexpr int64_t kMaxCount = 1'000'000'000;

Arch read_arch(MapReader& m) {
  return m.choice("arch", {"x86", "arm"}).value_or("x86") == "arm" ? Arch::kArm : Arch::kX86;
}

double read_memory(MapReader& m, const std::string& key, bool required) {
  auto text = m.string(key);
  if (!text) {
    if (required) m.fail(key, "missing memory size, like 512MB or 2GB");
    return 0;
  }
  auto gib = parse_memory_gib(*text);
  if (!gib) {
    m.fail(key, gib.error().message());
    return 0;
  }
  return *gib;
}

std::map<std::string, std::string> read_plans(MapReader m) {
  std::map<std::string, std::string> plans;
  for (const auto& platform : kPlatforms)
    if (auto plan = m.string(platform)) plans[platform] = *plan;
  m.finish();
  return plans;
}

Service read_service(MapReader m, bool named) {
  Service s;
  if (named) {
    s.name = m.string("name").value_or("");
    if (s.name.empty()) m.fail("name", "every service needs a name");
  }
  s.vcpu = m.number("vcpu", 0, 1024).value_or(0);
  if (s.vcpu <= 0) m.fail("vcpu", "needs a positive vcpu, like 0.25");
  s.memory_gib = read_memory(m, "memory", true);
  s.count = m.integer("count", 1, 0, kMaxCount);
  s.runs_for = m.duration("runs_for");
  s.starts_per_month = m.integer("starts_per_month", 1, 1, kMaxCount);
  s.arch = read_arch(m);
  if (auto d = m.fraction("spot_discount"))
    s.spot_discount_millionths = static_cast<int64_t>(std::llround(*d * kMillionths));
  s.plans = read_plans(m.map("plans"));
  m.finish();
  return s;
}

ManagedStore read_store(MapReader m, const char* aws_key) {
  ManagedStore store;
  MapReader aws = m.map("aws");
  store.aws_class = aws.string(aws_key);
  store.aws_nodes = aws.integer("nodes", 1, 1, kMaxCount);
  store.multi_az = aws.boolean("multi_az").value_or(false);
  store.storage_type = aws.choice("storage_type", {"gp2", "gp3"}).value_or("gp3");
  aws.finish();
  if (m.has("railway"))
    store.railway = read_service(m.map("railway"), false);
  else
    m.raw("railway");
  for (const char* platform : {"render", "heroku", "digitalocean"}) {
    MapReader p = m.map(platform);
    if (auto plan = p.string("plan")) store.plans[platform] = *plan;
    p.finish();
  }
  m.finish();
  return store;
}

Function read_function(MapReader m) {
  Function f;
  f.memory_gib = read_memory(m, "memory", true);
  if (auto d = m.duration("duration"))
    f.duration = *d;
  else
    m.fail("duration", "missing duration per invocation, like 3s");
  f.arch = read_arch(m);
  f.invocations_per_order = m.integer("invocations_per_order", 1, 0, kMaxCount);
  f.api_gateway = m.choice("api_gateway", {"none", "rest", "http"}).value_or("none");
  f.provisioned_concurrency = m.integer("provisioned_concurrency", 0, 0, kMaxCount);
  m.finish();
  return f;
}

std::map<std::string, std::set<std::string>> read_exclude(MapReader m) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& platform : kPlatforms) {
    for (const std::string& c : m.string_list(platform, "[load_balancer, cdn]")) {
      if (std::find(kComponents.begin(), kComponents.end(), c) == kComponents.end())
        m.fail(platform, fmt::format("unknown component \"{}\"", c));
      out[platform].insert(c);
    }
  }
  m.finish();
  return out;
}

}  // namespace

std::optional<Quantity> read_count(MapReader& m, const std::string& key) {
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto micros = parse_fixed_point(*text, 6);
  if (!micros || *micros < 0) {
    m.fail(key, fmt::format("expected a non-negative number, got \"{}\"", *text));
    return std::nullopt;
  }
  return Quantity::from_micros(*micros);
}

std::optional<Quantity> read_gigabytes(MapReader& m, const std::string& key) {
  auto bytes = m.bytes(key);
  if (!bytes) return std::nullopt;
  if (*bytes < 0) {
    m.fail(key, "must not be negative");
    return std::nullopt;
  }
  return Quantity::from_double(*bytes / kBytesPerGB);
}

std::optional<Quantity> read_whole_count(MapReader& m, const std::string& key) {
  auto count = read_count(m, key);
  if (count && count->micros() % Quantity::kMicrosPerUnit != 0) {
    m.fail(key, fmt::format("expected a whole number, got {}", count->format()));
    return std::nullopt;
  }
  return count;
}

std::optional<Money> read_money(MapReader& m, const std::string& key) {
  auto text = m.string(key);
  if (!text) return std::nullopt;
  auto money = Money::parse(*text);
  if (!money) {
    m.fail(key, money.error().message());
    return std::nullopt;
  }
  return *money;
}

Deploy read_deploy(MapReader m) {
  Deploy d;
  d.region = m.string("region").value_or(d.region);
  if (YAML::Node listed = m.raw("platforms"); listed.IsSequence() && listed.size() == 0)
    m.fail("platforms",
           "an empty list bills nothing; name at least one platform, like [aws], or leave "
           "platforms out to bill aws");
  for (const std::string& name : m.string_list("platforms", "[aws, railway]")) {
    if (std::find(kPlatforms.begin(), kPlatforms.end(), name) == kPlatforms.end())
      m.fail("platforms", fmt::format("unknown platform \"{}\" (aws, railway, render, heroku, "
                                      "digitalocean)",
                                      name));
    d.platforms.push_back(name);
  }
  if (d.platforms.empty()) d.platforms = {"aws"};
  d.railway_plan = m.choice("railway_plan", {"hobby", "pro"}).value_or(d.railway_plan);
  d.free_tier = m.boolean("free_tier").value_or(true);
  for (auto& s : m.list_of_maps("services")) d.services.push_back(read_service(s, true));
  d.load_balancer = m.boolean("load_balancer").value_or(false);
  d.nat_gateways = m.integer("nat_gateways", 0, 0, kMaxCount);
  d.eks_clusters = m.integer("eks_clusters", 0, 0, kMaxCount);
  if (m.has("database"))
    d.database = read_store(m.map("database"), "class");
  else
    m.raw("database");
  if (m.has("cache"))
    d.cache = read_store(m.map("cache"), "node");
  else
    m.raw("cache");
  if (m.has("function"))
    d.function = read_function(m.map("function"));
  else
    m.raw("function");
  if (m.has("queue")) {
    MapReader q = m.map("queue");
    Queue queue;
    queue.kind = q.choice("kind", {"standard", "fifo"}).value_or("standard");
    queue.requests_per_message = q.integer("requests_per_message", 3, 1, kMaxCount);
    if (auto kb = q.bytes("message_size"))
      queue.message_kb = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(*kb / 1000)));
    q.finish();
    d.queue = queue;
  } else {
    m.raw("queue");
  }
  if (m.has("topic")) {
    MapReader t = m.map("topic");
    Topic topic;
    topic.publishes_per_order = t.integer("publishes_per_order", 1, 0, kMaxCount);
    topic.http_deliveries = t.boolean("http_deliveries").value_or(false);
    t.finish();
    d.topic = topic;
  } else {
    m.raw("topic");
  }
  d.exclude = read_exclude(m.map("exclude"));
  m.finish();
  return d;
}

Usage read_usage(MapReader m) {
  Usage u;
  u.orders = read_whole_count(m, "orders_per_month");
  u.requests = read_whole_count(m, "requests_per_month");
  u.function_invocations = read_whole_count(m, "function_invocations");
  u.messages = read_whole_count(m, "messages_per_month");
  u.queue_requests = read_whole_count(m, "queue_requests");
  u.egress_gb = read_gigabytes(m, "egress").value_or(Quantity());
  u.cdn_gb = read_gigabytes(m, "cdn_transfer").value_or(Quantity());
  u.cdn_https_requests = read_whole_count(m, "cdn_https_requests").value_or(Quantity());
  u.nat_processed_gb = read_gigabytes(m, "nat_processed").value_or(Quantity());
  u.logs_ingested_gb = read_gigabytes(m, "logs_ingested").value_or(Quantity());
  u.logs_stored_gb = read_gigabytes(m, "logs_stored").value_or(Quantity());
  u.object_storage_gb = read_gigabytes(m, "object_storage").value_or(Quantity());
  u.object_puts = read_whole_count(m, "object_puts").value_or(Quantity());
  u.object_gets = read_whole_count(m, "object_gets").value_or(Quantity());
  u.registry_gb = read_gigabytes(m, "registry_storage").value_or(Quantity());
  u.database_storage_gb = read_gigabytes(m, "database_storage").value_or(Quantity());
  u.lb_lcu = read_count(m, "load_balancer_lcu").value_or(Quantity());
  u.lb_processed_gb = read_gigabytes(m, "load_balancer_processed");
  m.finish();
  return u;
}

}  // namespace stackplan::cost
