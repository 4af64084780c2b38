#include "load/plan.h"

#include <optional>

#include "core/yaml_reader.h"

namespace stackplan::load {
namespace {

bool valid_token(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c <= ' ' || c >= 127 || c == ':' || c == '(' || c == ')' || c == '"') return false;
  return true;
}

void read_headers(MapReader& reader, const std::string& key,
                  std::vector<std::pair<std::string, std::string>>& out) {
  YAML::Node node = reader.raw(key);
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    reader.fail(key, "expected a mapping of header names to values");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar() || !it->second.IsScalar()) {
      reader.fail(key, "header names and values must be single values");
      continue;
    }
    std::string name = it->first.Scalar(), value = it->second.Scalar();
    if (!valid_token(name)) {
      reader.fail(key, "bad header name \"" + name + "\"");
      continue;
    }
    if (value.find_first_of("\r\n") != std::string::npos) {
      reader.fail(key, "header " + name + " has a line break in its value");
      continue;
    }
    auto compiled = Template::compile(value);
    if (!compiled) reader.fail(key, "header " + name + ": " + compiled.error().message());
    out.emplace_back(std::move(name), std::move(value));
  }
}

// The text outside {{...}} fields (spaces inside fields are fine).
std::string literal_text(const std::string& text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    out += text.substr(pos, open == std::string::npos ? std::string::npos : open - pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    pos = close + 2;
  }
  return out;
}

}  // namespace

static Result<LoadPlan> parse_plan_node(const YAML::Node& root, const std::string& label) {
  ErrorList errors;
  auto file = std::make_shared<const std::string>(label);
  MapReader top(root, "", file, ".", &errors);
  LoadPlan plan;
  plan.base_url = top.string("base_url").value_or("");
  std::vector<std::pair<std::string, std::string>> common;
  read_headers(top, "headers", common);
  auto list = top.list_of_maps("endpoints");
  if (list.empty()) top.fail("endpoints", "a plan needs at least one endpoint");
  for (auto& e : list) {
    PlanEndpoint endpoint;
    endpoint.method = e.string("method").value_or("GET");
    if (!valid_token(endpoint.method))
      e.fail("method", "bad HTTP method \"" + endpoint.method + "\"");
    auto path = e.string("path");
    if (!path) {
      e.fail("", "missing field path");
    } else if (path->empty() || path->front() != '/') {
      e.fail("path", "a path starts with /");
    } else if (literal_text(*path).find_first_of(" \r\n") != std::string::npos) {
      e.fail("path", "a path has no spaces or line breaks (encode them as %20)");
    } else if (auto t = Template::compile(*path); !t) {
      e.fail("path", t.error().message());
    }
    endpoint.path = path.value_or("/");
    endpoint.name = e.string("name").value_or(endpoint.path);
    endpoint.weight = e.number("weight", 0, 1e9).value_or(1);
    endpoint.headers = common;
    read_headers(e, "headers", endpoint.headers);
    if (auto body = e.string("body")) {
      endpoint.body = *body;
      endpoint.has_body = true;
      if (auto t = Template::compile(*body); !t) e.fail("body", t.error().message());
    }
    e.finish();
    plan.endpoints.push_back(std::move(endpoint));
  }
  top.finish();
  double total = 0;
  for (const auto& e : plan.endpoints) total += e.weight;
  if (!plan.endpoints.empty() && total <= 0) top.fail("endpoints", "the weights add up to zero");
  if (!errors.empty()) return errors.to_error();
  return plan;
}

Result<LoadPlan> load_plan_file(const std::string& path) {
  auto root = load_yaml_file(path);
  if (!root) return root.error();
  return parse_plan_node(*root, path);
}

Result<LoadPlan> parse_plan_text(const std::string& text, const std::string& label) {
  auto root = load_yaml_text(text, label);
  if (!root) return root.error();
  return parse_plan_node(*root, label);
}

LoadPlan single_request_plan(const std::string& method, const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers,
                             std::optional<std::string> body) {
  LoadPlan plan;
  PlanEndpoint e;
  e.name = path;
  e.method = method;
  e.path = path;
  e.headers = std::move(headers);
  if (body) {
    e.body = *body;
    e.has_body = true;
  }
  plan.endpoints.push_back(std::move(e));
  return plan;
}

Result<RequestBuilder> RequestBuilder::compile(const PlanEndpoint& endpoint,
                                               const std::string& host_header) {
  std::string head =
      endpoint.method + " " + endpoint.path + " HTTP/1.1\r\nHost: " + host_header + "\r\n";
  bool has_user_agent = false;
  for (const auto& [name, value] : endpoint.headers) {
    head += name + ": " + value + "\r\n";
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "user-agent") has_user_agent = true;
  }
  if (!has_user_agent) head += "User-Agent: stackplan-load\r\n";
  RequestBuilder builder;
  auto head_template = Template::compile(head);
  if (!head_template) return Error(endpoint.name + ": " + head_template.error().message());
  builder.head_ = std::move(*head_template);
  builder.has_body_ = endpoint.has_body;
  builder.head_method_ = endpoint.method == "HEAD";
  if (endpoint.has_body) {
    auto body_template = Template::compile(endpoint.body);
    if (!body_template) return Error(endpoint.name + ": " + body_template.error().message());
    builder.body_ = std::move(*body_template);
  }
  if (builder.head_.is_constant() && builder.body_.is_constant()) {
    Rng unused(0);
    uint64_t seq = 0;
    std::string scratch;
    builder.render(unused, seq, builder.constant_, scratch);
  }
  return builder;
}

void RequestBuilder::render(Rng& rng, uint64_t& sequence, std::string& out,
                            std::string& scratch) const {
  head_.render(rng, sequence, out);
  if (!has_body_) {
    out += "\r\n";
    return;
  }
  scratch.clear();
  body_.render(rng, sequence, scratch);
  char digits[24];
  int n = 0;
  size_t len = scratch.size();
  do {
    digits[n++] = static_cast<char>('0' + len % 10);
    len /= 10;
  } while (len);
  out += "Content-Length: ";
  while (n) out += digits[--n];
  out += "\r\n\r\n";
  out += scratch;
}

EndpointPicker::EndpointPicker(const std::vector<PlanEndpoint>& endpoints) {
  double total = 0;
  for (const auto& e : endpoints) cumulative_.push_back(total += e.weight);
}

size_t EndpointPicker::pick(Rng& rng) const {
  if (cumulative_.size() <= 1) return 0;
  double x = rng.uniform() * cumulative_.back();
  for (size_t i = 0; i < cumulative_.size(); ++i)
    if (x < cumulative_[i]) return i;
  return cumulative_.size() - 1;
}

}  // namespace stackplan::load
