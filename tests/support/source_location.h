// The caller's file and line, for helpers that report a failure where the
// test called them. std::source_location would do, but clang 14 with
// libstdc++ (the sanitized and fuzzing build) has no <source_location>: it
// needs a builtin that arrived in clang 15. __builtin_FILE and
// __builtin_LINE exist in GCC and clang alike and, as default arguments,
// give the call site, also through a helper that passes its own default on.
#pragma once

namespace stackplan::test {

class SourceLocation {
 public:
  static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                          unsigned line = __builtin_LINE()) {
    return SourceLocation(file, line);
  }
  constexpr const char* file_name() const { return file_; }
  constexpr unsigned line() const { return line_; }

 private:
  constexpr SourceLocation(const char* file, unsigned line) : file_(file), line_(line) {}
  const char* file_;
  unsigned line_;
};

}  // namespace stackplan::test
