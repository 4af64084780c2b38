// The generic flip-point search: a grid, then bisection of every interval
// whose ends recommend differently (docs/PLAN.md, "Flip points").
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "plan/analysis.h"

namespace stackplan::plan {
namespace {

// A bisection halves its bracket each step, so 200 steps reach any
// resolution a double can tell apart; this only guards against a bracket
// that stops shrinking (a resolution below a double's precision).
constexpr int kMaxBisectionSteps = 200;

std::string format_value(double value, bool whole_numbers) {
  if (whole_numbers) return group_thousands(static_cast<uint64_t>(std::llround(value)));
  return fmt::format("{:g}", value);
}

Status check_search(const FlipSearch& search) {
  auto range = [&] {
    return fmt::format("{}..{}", format_value(search.from, false), format_value(search.to, false));
  };
  if (!std::isfinite(search.from) || !std::isfinite(search.to) || search.from >= search.to)
    return Error(
        fmt::format("flip points over {}: the range {} is empty or reversed (the first "
                    "value must be below the last)",
                    search.input, range()));
  if (search.log_scale && search.from <= 0)
    return Error(fmt::format("flip points over {}: a ratio-spaced range must start above 0, got {}",
                             search.input, range()));
  if (search.whole_numbers && std::ceil(search.from) >= std::floor(search.to))
    return Error(fmt::format("flip points over {}: the range {} holds fewer than two whole numbers",
                             search.input, range()));
  if (search.grid_points < 2)
    return Error(fmt::format("flip points over {}: the grid needs at least 2 points, got {}",
                             search.input, search.grid_points));
  if (!(search.relative_resolution > 0))
    return Error(fmt::format("flip points over {}: the resolution must be above 0, got {:g}",
                             search.input, search.relative_resolution));
  return Status::Ok();
}

// The grid's values, ascending and distinct (whole numbers may collapse).
std::vector<double> grid_values(const FlipSearch& search) {
  double from = search.whole_numbers ? std::ceil(search.from) : search.from;
  double to = search.whole_numbers ? std::floor(search.to) : search.to;
  std::vector<double> values;
  int last = search.grid_points - 1;
  for (int i = 0; i <= last; ++i) {
    double fraction = static_cast<double>(i) / last;
    double value =
        search.log_scale ? from * std::pow(to / from, fraction) : from + (to - from) * fraction;
    if (i == 0) value = from;  // exact ends, whatever pow() rounds to
    if (i == last) value = to;
    if (search.whole_numbers) value = std::round(value);
    if (values.empty() || value > values.back()) values.push_back(value);
  }
  return values;
}

// Memoised oracle: bisection and the grid may ask for the same value twice,
// and an oracle can be a whole search.
class Oracle {
 public:
  Oracle(const FlipSearch& search, const RecommendationAt& recommend)
      : search_(search), recommend_(recommend) {}

  Result<Recommendation> at(double value) {
    if (auto it = seen_.find(value); it != seen_.end()) return it->second;
    auto answer = recommend_(value);
    if (!answer.ok())
      return Error(fmt::format("{} at {}: {}", search_.input,
                               format_value(value, search_.whole_numbers),
                               answer.error().message()));
    seen_.emplace(value, answer.value());
    return answer;
  }

 private:
  const FlipSearch& search_;
  const RecommendationAt& recommend_;
  std::map<double, Recommendation> seen_;
};

bool narrow_enough(const FlipSearch& search, double low, double high) {
  if (search.whole_numbers) return high - low <= 1;
  return high - low <= search.relative_resolution * std::fabs(high);
}

double midpoint(const FlipSearch& search, double low, double high) {
  double mid = search.log_scale && low > 0 ? std::sqrt(low * high) : low + (high - low) / 2;
  if (search.whole_numbers) {
    mid = std::floor(mid);
    if (mid <= low) mid = low + 1;
    if (mid >= high) mid = high - 1;
  }
  return mid;
}

}  // namespace

Result<std::vector<FlipPoint>> find_flip_points(const FlipSearch& search,
                                                const RecommendationAt& recommend) {
  if (auto ok = check_search(search); !ok.ok()) return Error(ok.message());
  Oracle oracle(search, recommend);
  std::vector<double> grid = grid_values(search);
  std::vector<FlipPoint> flips;
  for (size_t i = 0; i + 1 < grid.size(); ++i) {
    double left = grid[i];
    const double right = grid[i + 1];
    auto right_answer = oracle.at(right);
    if (!right_answer.ok()) return right_answer.error();
    // Each pass finds the first change after `left`; a bracket holding more
    // than one change (A -> B -> C) is walked again from that change.
    while (static_cast<int>(flips.size()) < search.max_flips) {
      auto left_answer = oracle.at(left);
      if (!left_answer.ok()) return left_answer.error();
      if (left_answer->key == right_answer->key) break;
      double low = left, high = right;
      for (int step = 0; step < kMaxBisectionSteps && !narrow_enough(search, low, high); ++step) {
        double mid = midpoint(search, low, high);
        if (!(mid > low && mid < high)) break;  // the bracket cannot shrink further
        auto mid_answer = oracle.at(mid);
        if (!mid_answer.ok()) return mid_answer.error();
        (mid_answer->key == left_answer->key ? low : high) = mid;
      }
      auto below = oracle.at(low);
      auto above = oracle.at(high);
      if (!below.ok()) return below.error();
      if (!above.ok()) return above.error();
      flips.push_back(FlipPoint{search.input, high, below.value(), above.value()});
      left = high;
    }
  }
  return flips;
}

}  // namespace stackplan::plan
