// The small parsers of quantities written with their unit, shared by scenario,
// cost and catalog files and the command line. The first byte picks the
// parser, the rest is its text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/money.h"
#include "core/units.h"
#include "cost/catalog.h"
#include "load/threshold.h"
#include "load/url.h"

namespace {

template <typename R>
void consume(const R& result) {
  if (!result) (void)result.error().message();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr int kParsers = 10;
  switch (data[0] % kParsers) {
    case 0: {
      auto d = stackplan::parse_duration(text);
      if (d) (void)stackplan::format_duration(*d);
      consume(d);
      break;
    }
    case 1:
      consume(stackplan::parse_rate(text));
      break;
    case 2:
      consume(stackplan::parse_bytes(text));
      break;
    case 3: {
      auto m = stackplan::Money::parse(text);
      if (m) (void)(m->format() + m->format_exact());
      consume(m);
      break;
    }
    case 4: {
      auto p = stackplan::UnitPrice::parse(text);
      if (p) (void)p->format();
      consume(p);
      break;
    }
    case 5:
    case 6: {
      // The precisions the code parses with: counts (0), quantities and
      // money (6), unit prices (12).
      constexpr int kDecimals[] = {0, 6, 12};
      int decimals = kDecimals[(data[0] / kParsers) % 3];
      auto v = stackplan::parse_fixed_point(text, decimals);
      if (v) (void)stackplan::format_fixed_point(*v, decimals, 0);
      consume(v);
      break;
    }
    case 7:
      consume(stackplan::parse_memory_gib(text));
      break;
    case 8:
      consume(stackplan::load::Threshold::parse(text));
      break;
    case 9:
      consume(stackplan::load::parse_url(text));
      break;
  }
  return 0;
}
