// Parsing of quantities written with their unit, as in scenario files and on
// the command line: "3s", "250ms", "1.5h", "48/s", "1000/day", "0.5GB".
// Every parser rejects a bare number: a unit is part of the value.
#pragma once

#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/status.h"

namespace stackplan {

// "250ms", "3s", "1.5m"/"1.5min", "2h", "1d", "100us", "10ns"; at most
// Duration::longest() (36500d).
Result<Duration> parse_duration(std::string_view text);

// A rate in events per second, from "48/s", "600/min", "1000/h", "5000/day".
struct Rate {
  double per_second = 0;
};
Result<Rate> parse_rate(std::string_view text);

// A size in bytes from "512MB", "0.5GB", "10GiB", "64KB". MB and GB are
// decimal (10^6, 10^9); MiB and GiB binary. Memory sizes for functions and
// tasks are conventionally written in MB meaning MiB; the caller decides.
Result<double> parse_bytes(std::string_view text);

// Memory as containers and functions are sized, and as AWS, Railway and
// Render bill it: "512MB" means 512 MiB, so "512MB" and "0.5GB" are both
// 0.5 GiB. MiB and GiB mean what they say. Returns GiB, above zero.
Result<double> parse_memory_gib(std::string_view text);

// Renders a duration for people: "3.00s", "250ms", "28m 07s", "1h 02m".
std::string format_duration(Duration d);

}  // namespace stackplan
