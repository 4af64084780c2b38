// The generic flip-point search: a grid, then bisection of every interval
// whose ends recommend differently (docs/PLAN.md, "Flip points").
#include <fmt/format.h>

#include <algorithm>
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
  const std::vector<double> grid = grid_values(search);
  for (double value : grid)
    if (auto answer = oracle.at(value); !answer.ok()) return answer.error();

  // The first change after `left`, before `right` (whose answer differs).
  auto bisect = [&](double left, double right) -> Result<FlipPoint> {
    const std::string left_key = oracle.at(left)->key;
    double low = left, high = right;
    for (int step = 0; step < kMaxBisectionSteps && !narrow_enough(search, low, high); ++step) {
      double mid = midpoint(search, low, high);
      if (!(mid > low && mid < high)) break;  // the bracket cannot shrink further
      auto mid_answer = oracle.at(mid);
      if (!mid_answer.ok()) return mid_answer.error();
      (mid_answer->key == left_key ? low : high) = mid;
    }
    return FlipPoint{search.input, high, oracle.at(low).value(), oracle.at(high).value()};
  };

  // Each grid interval whose ends differ holds at least one change. Its first
  // is found before any interval is searched for a second, so that a budget
  // of max_flips spreads over the whole range rather than its start.
  struct Bracket {
    double left, right;
  };
  std::vector<Bracket> open;
  for (size_t i = 0; i + 1 < grid.size(); ++i)
    if (oracle.at(grid[i])->key != oracle.at(grid[i + 1])->key)
      open.push_back({grid[i], grid[i + 1]});
  std::vector<FlipPoint> flips;
  while (!open.empty() && static_cast<int>(flips.size()) < search.max_flips) {
    std::vector<Bracket> still_open;
    for (const Bracket& b : open) {
      if (static_cast<int>(flips.size()) >= search.max_flips) break;
      auto flip = bisect(b.left, b.right);
      if (!flip.ok()) return flip.error();
      // A -> B -> C in one bracket: the rest is walked again from B.
      if (flip->above.key != oracle.at(b.right)->key) still_open.push_back({flip->at, b.right});
      flips.push_back(std::move(flip).value());
    }
    open = std::move(still_open);
  }
  std::sort(flips.begin(), flips.end(),
            [](const FlipPoint& a, const FlipPoint& b) { return a.at < b.at; });
  return flips;
}

}  // namespace stackplan::plan
