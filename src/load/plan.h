// What the load generator sends: one or more weighted endpoints, each with a
// method, a path, headers and an optional body, any of which may contain
// random fields (see request_template.h). The simple case, `stackplan load
// URL`, is a plan with one GET endpoint.
//
// A plan file (YAML, or JSON, which is YAML too):
//   base_url: http://127.0.0.1:8080       # optional if a URL is given
//   headers: {Content-Type: application/json}   # sent with every request
//   endpoints:
//     - name: create order                # the row in the tables (default: path)
//       method: POST                      # default GET
//       path: /orders/async
//       weight: 9                         # relative frequency, default 1
//       headers: {Idempotency-Key: "{{uuid}}"}
//       body: '{"customer_id": {{int(1,100000)}}, "items": [{{repeat(1,5)}}
//              {"sku": "SKU-{{int(1,500)}}", "qty": {{int(1,3)}}}{{end}}]}'
//     - {name: health, path: /health, weight: 1}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/status.h"
#include "load/request_template.h"

namespace stackplan::load {

struct PlanEndpoint {
  std::string name;    // row label in the tables and JSON
  std::string method;  // GET, POST, ...
  std::string path;    // path template text, e.g. /orders/{{int(1,9)}}
  double weight = 1;
  std::vector<std::pair<std::string, std::string>> headers;  // value templates
  std::string body;                                          // template; empty = no body
  bool has_body = false;
};

struct LoadPlan {
  std::string base_url;  // may be empty when the URL comes from the command line
  std::vector<PlanEndpoint> endpoints;
};

// Reads a plan file. Errors name the file, line, column and field.
Result<LoadPlan> load_plan_file(const std::string& path);
Result<LoadPlan> parse_plan_text(const std::string& text, const std::string& label);

// The plan of `stackplan load URL`: one endpoint.
LoadPlan single_request_plan(const std::string& method, const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers,
                             std::optional<std::string> body);

// One endpoint compiled into request bytes. Rendering appends a complete
// HTTP/1.1 request (keep-alive, Content-Length for bodies) to out.
class RequestBuilder {
 public:
  static Result<RequestBuilder> compile(const PlanEndpoint& endpoint,
                                        const std::string& host_header);

  // For constant requests, the bytes to send, rendered once; else empty.
  const std::string& constant_request() const { return constant_; }
  // Renders a fresh request; scratch holds the body while its length is
  // measured. Neither string allocates once its capacity suffices.
  void render(Rng& rng, uint64_t& sequence, std::string& out, std::string& scratch) const;
  bool is_head() const { return head_method_; }

 private:
  Template head_;  // request line and headers, without the final blank line
  Template body_;
  bool has_body_ = false;
  bool head_method_ = false;
  std::string constant_;
};

// Picks endpoints by weight.
class EndpointPicker {
 public:
  explicit EndpointPicker(const std::vector<PlanEndpoint>& endpoints);
  size_t pick(Rng& rng) const;

 private:
  std::vector<double> cumulative_;
};

}  // namespace stackplan::load
