#include "report/latency_json.h"

#include <cmath>

namespace stackplan::report {

double ms_to_the_microsecond(double ns) { return std::round(ns / 1e3) / 1e3; }

nlohmann::json latency_json(const Histogram& h) {
  auto ms = [](uint64_t ns) { return ms_to_the_microsecond(static_cast<double>(ns)); };
  return {{"avg", ms_to_the_microsecond(h.mean())},
          {"min", ms(h.min())},
          {"max", ms(h.max())},
          {"p50", ms(h.quantile(0.50))},
          {"p90", ms(h.quantile(0.90))},
          {"p95", ms(h.quantile(0.95))},
          {"p99", ms(h.quantile(0.99))},
          {"p999", ms(h.quantile(0.999))}};
}

}  // namespace stackplan::report
