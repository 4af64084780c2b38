// Parse-or-fail: `auto s = must(parse_scenario_file(path));` gives the value,
// or fails the test at the caller's line with the parser's own message and
// stops it, instead of carrying on with an empty value that makes every later
// assertion fail for the wrong reason.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "core/status.h"
#include "support/source_location.h"

namespace stackplan::test {

// Thrown to end the current test after the failure has been recorded;
// GoogleTest reports the exception and moves on to the next test.
class TestStopped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename T>
T must(Result<T> result, SourceLocation where = SourceLocation::current()) {
  if (!result.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << result.error().message();
    throw TestStopped(result.error().message());
  }
  return std::move(result).value();
}

inline void must(const Status& status, SourceLocation where = SourceLocation::current()) {
  if (!status.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << status.message();
    throw TestStopped(status.message());
  }
}

// The error message of a result expected to fail; fails the test (and
// returns "") when it succeeded.
template <typename T>
std::string error_of(const Result<T>& result, SourceLocation where = SourceLocation::current()) {
  if (result.ok()) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line()))
        << "expected an error, got a value";
    return "";
  }
  return result.error().message();
}

}  // namespace stackplan::test
