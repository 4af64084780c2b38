#include "load/request_template.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace stackplan::load {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits "name(a, b)" into name and trimmed arguments.
bool split_call(std::string_view field, std::string_view& name, std::vector<std::string>& args) {
  size_t open = field.find('(');
  if (open == std::string_view::npos) {
    name = trim(field);
    return true;
  }
  if (field.back() != ')') return false;
  name = trim(field.substr(0, open));
  std::string_view inner = field.substr(open + 1, field.size() - open - 2);
  while (true) {
    size_t comma = inner.find(',');
    args.emplace_back(trim(inner.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return true;
}

bool parse_number(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && p == end && std::isfinite(out);
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, p);
}

// Numbers in a template are drawn as 64-bit integers (floats in hundredths):
// 1e15 keeps every bound exact in a double and hi - lo + 1 far from overflow.
constexpr double kMaxTemplateNumber = 1e15;
constexpr double kMaxFloatNumber = kMaxTemplateNumber / 100;
// A repeat copies its text up to `high` times, nested repeats multiply: the
// product is bounded so one request body cannot grow without limit.
constexpr int64_t kMaxRepeatCopies = 10000;

}  // namespace

Result<Template> Template::compile(std::string_view text) {
  Template t;
  std::vector<size_t> open_repeats;
  std::vector<int64_t> copies_at_depth = {1};  // product of the open repeats' highs
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("{{", pos);
    if (start == std::string_view::npos) start = text.size();
    if (start > pos) {
      Op op;
      op.literal = std::string(text.substr(pos, start - pos));
      t.ops_.push_back(std::move(op));
    }
    if (start == text.size()) break;
    size_t close = text.find("}}", start + 2);
    std::string where = " at offset " + std::to_string(start);
    if (close == std::string_view::npos) return Error("unclosed {{ in template" + where);
    std::string_view field = trim(text.substr(start + 2, close - start - 2));
    pos = close + 2;
    std::string_view name;
    std::vector<std::string> args;
    std::string shown = "{{" + std::string(field) + "}}";
    if (field.empty() || !split_call(field, name, args))
      return Error("bad template field " + shown + where);
    Op op;
    double lo = 0, hi = 0;
    bool two_numbers = args.size() == 2 && parse_number(args[0], lo) && parse_number(args[1], hi);
    if (name == "int" || name == "repeat") {
      if (!two_numbers || lo > hi || lo != std::floor(lo) || hi != std::floor(hi) ||
          (name == "repeat" && lo < 0))
        return Error(shown + where + ": expected " + std::string(name) +
                     "(low, high) with whole numbers, low <= high");
      if (std::fabs(lo) > kMaxTemplateNumber || std::fabs(hi) > kMaxTemplateNumber)
        return Error(fmt::format("{}{}: numbers must be within -{:.0e} and {:.0e}", shown, where,
                                 kMaxTemplateNumber, kMaxTemplateNumber));
      op.kind = name == "int" ? Kind::kInt : Kind::kRepeat;
      op.lo = static_cast<int64_t>(lo);
      op.hi = static_cast<int64_t>(hi);
      if (op.kind == Kind::kRepeat) {
        int64_t copies = copies_at_depth.back() * std::max<int64_t>(op.hi, 1);
        if (op.hi > kMaxRepeatCopies || copies > kMaxRepeatCopies)
          return Error(fmt::format(
              "{}{}: a repeat (times the repeats around it) may copy its text at most {} times",
              shown, where, kMaxRepeatCopies));
        open_repeats.push_back(t.ops_.size());
        copies_at_depth.push_back(copies);
      }
    } else if (name == "float") {
      if (!two_numbers || lo > hi) return Error(shown + where + ": expected float(low, high)");
      if (std::fabs(lo) > kMaxFloatNumber || std::fabs(hi) > kMaxFloatNumber)
        return Error(fmt::format("{}{}: numbers must be within -{:.0e} and {:.0e}", shown, where,
                                 kMaxFloatNumber, kMaxFloatNumber));
      op.kind = Kind::kFloat;
      op.lo = std::llround(lo * 100);
      op.hi = std::llround(hi * 100);
    } else if (name == "choice") {
      if (args.empty() || args[0].empty())
        return Error(shown + where + ": expected choice(word, word, ...)");
      op.kind = Kind::kChoice;
      op.choices = std::move(args);
    } else if (name == "uuid" && args.empty()) {
      op.kind = Kind::kUuid;
    } else if (name == "seq" && args.empty()) {
      op.kind = Kind::kSeq;
    } else if (name == "end" && args.empty()) {
      if (open_repeats.empty()) return Error("{{end}}" + where + " without {{repeat(...)}}");
      t.ops_[open_repeats.back()].end = t.ops_.size();
      open_repeats.pop_back();
      copies_at_depth.pop_back();
      op.kind = Kind::kEnd;
    } else {
      return Error("unknown template field " + shown + where +
                   " (known: int, float, choice, uuid, seq, repeat, end)");
    }
    t.ops_.push_back(std::move(op));
  }
  if (!open_repeats.empty()) return Error("{{repeat(...)}} without {{end}} in template");
  return t;
}

bool Template::is_constant() const {
  return ops_.empty() || (ops_.size() == 1 && ops_[0].kind == Kind::kLiteral);
}

const std::string& Template::constant_text() const {
  static const std::string kEmpty;
  return ops_.empty() ? kEmpty : ops_[0].literal;
}

void Template::render(Rng& rng, uint64_t& sequence, std::string& out) const {
  render_range(0, ops_.size(), rng, sequence, out);
}

void Template::render_range(size_t begin, size_t end, Rng& rng, uint64_t& sequence,
                            std::string& out) const {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = begin; i < end; ++i) {
    const Op& op = ops_[i];
    switch (op.kind) {
      case Kind::kLiteral:
        out += op.literal;
        break;
      case Kind::kInt:
        append_int(
            out, op.lo + static_cast<int64_t>(rng.below(static_cast<uint64_t>(op.hi - op.lo + 1))));
        break;
      case Kind::kFloat: {
        int64_t hundredths =
            op.lo + static_cast<int64_t>(rng.below(static_cast<uint64_t>(op.hi - op.lo + 1)));
        if (hundredths < 0) {
          out += '-';
          hundredths = -hundredths;
        }
        append_int(out, hundredths / 100);
        out += '.';
        out += static_cast<char>('0' + hundredths % 100 / 10);
        out += static_cast<char>('0' + hundredths % 10);
        break;
      }
      case Kind::kChoice:
        out += op.choices[rng.below(op.choices.size())];
        break;
      case Kind::kUuid: {
        uint64_t a = rng.next(), b = rng.next();
        a = (a & ~0xF000ull) | 0x4000ull;                         // version 4
        b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
        char buf[36];
        int k = 0;
        for (int n = 0; n < 32; ++n) {
          if (n == 8 || n == 12 || n == 16 || n == 20) buf[k++] = '-';
          uint64_t word = n < 16 ? a : b;
          buf[k++] = kHex[(word >> (60 - 4 * (n % 16))) & 0xF];
        }
        out.append(buf, 36);
        break;
      }
      case Kind::kSeq:
        append_int(out, static_cast<int64_t>(++sequence));
        break;
      case Kind::kRepeat: {
        auto times =
            op.lo + static_cast<int64_t>(rng.below(static_cast<uint64_t>(op.hi - op.lo + 1)));
        for (int64_t n = 0; n < times; ++n) {
          if (n > 0) out += ',';
          render_range(i + 1, op.end, rng, sequence, out);
        }
        i = op.end;
        break;
      }
      case Kind::kEnd:
        break;
    }
  }
}

}  // namespace stackplan::load
