#include "plan/plan_spec.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

namespace stackplan::plan {

IntChoices IntChoices::range(int64_t first, int64_t last) {
  IntChoices c;
  c.is_range_ = true;
  c.first_ = first;
  c.last_ = last;
  return c;
}

IntChoices IntChoices::list(std::vector<int64_t> ascending) {
  IntChoices c;
  c.is_range_ = false;
  c.list_ = std::move(ascending);
  return c;
}

size_t IntChoices::size() const {
  if (!is_range_) return list_.size();
  return last_ < first_ ? 0 : static_cast<size_t>(last_ - first_) + 1;
}

int64_t IntChoices::at(size_t index) const {
  return is_range_ ? first_ + static_cast<int64_t>(index) : list_.at(index);
}

std::string IntChoices::describe() const {
  if (is_range_)
    return first_ == last_ ? fmt::format("{}", first_) : fmt::format("{}..{}", first_, last_);
  return fmt::format("[{}]", fmt::join(list_, ", "));
}

std::string TaskSize::describe() const {
  return fmt::format("{:g} vCPU / {:g} GiB", vcpu, memory_gib);
}

}  // namespace stackplan::plan
