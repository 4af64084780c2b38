// The chart library (Chart.js, pinned in web/package-lock.json) and its
// licenses, embedded into the binary at build time by web/embed.cmake so a
// report opens from disk with no network.
#pragma once

#include <string_view>

namespace stackplan::report {

std::string_view chart_library_js();
std::string_view chart_library_license();

}  // namespace stackplan::report
