// Text templates with random fields, for request paths, headers and bodies in
// load plans. Literal text is copied; fields in double braces are drawn afresh
// for every request:
//   {{int(1, 100000)}}      a uniform integer, both ends included
//   {{float(5, 250)}}       a uniform number with two decimals
//   {{choice(red, green)}}  one of the words
//   {{uuid}}                a random UUID (version 4): a fresh idempotency key
//   {{seq}}                 1, 2, 3, ... per event loop
//   {{repeat(1, 5)}}...{{end}}
//                           the enclosed text 1 to 5 times, joined by commas
//                           (a JSON array of 1-5 order items)
// A template is compiled once; rendering appends to a string whose capacity is
// reused, so it does not allocate once warmed up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "core/status.h"

namespace stackplan::load {

class Template {
 public:
  Template() = default;
  // Errors name the field and its offset in the text.
  static Result<Template> compile(std::string_view text);

  // Appends one rendering to out. sequence is the {{seq}} counter.
  void render(Rng& rng, uint64_t& sequence, std::string& out) const;
  // True when the template has no random field (render once, reuse bytes).
  bool is_constant() const;
  // The text of a constant template.
  const std::string& constant_text() const;

 private:
  enum class Kind { kLiteral, kInt, kFloat, kChoice, kUuid, kSeq, kRepeat, kEnd };
  struct Op {
    Kind kind = Kind::kLiteral;
    std::string literal;
    int64_t lo = 0, hi = 0;  // int, float (in hundredths), repeat counts
    std::vector<std::string> choices;
    size_t end = 0;  // for kRepeat: index of the matching kEnd
  };
  void render_range(size_t begin, size_t end, Rng& rng, uint64_t& sequence, std::string& out) const;

  std::vector<Op> ops_;
};

}  // namespace stackplan::load
