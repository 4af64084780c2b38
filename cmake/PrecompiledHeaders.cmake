# Precompiled headers (STACKPLAN_PCH, default ON).
#
# Why: every one of the ~230 translation units parses the same third-party
# headers again (nlohmann/json about 3 s, GoogleTest about 2 s, fmt, the
# standard library; CLI11 3 s in each of the stackplan binary's files), and on
# CI's two-core machine that parsing is a large share of the two clean builds.
# A precompiled header is parsed once per build and loaded by each file that
# uses it.
#
# How (clang only, see below): one header set per kind of target, each
# compiled once by a small anchor target and shared (REUSE_FROM) by every
# target of that kind, which all have the same compile flags:
#   stackplan_pch_library: the libraries under src/, orderd, the fuzz targets
#                          and the benchmarks
#   stackplan_pch_tests:   the GoogleTest executables under tests/
#   the stackplan binary (src/cli) has its own, with CLI11, which only it uses.
# A header listed here is force-included into every file of those targets, so
# a file that forgets an #include of its own still compiles: a build with
# STACKPLAN_PCH=OFF (scripts/tidy configures one) is what catches that.
# Only headers from outside the project belong here: a change to a listed
# header rebuilds every target that uses the set.
#
# Under ccache (as a launcher or as the compiler's wrapper) the default is OFF:
# ccache leaves uncached every compile that uses a precompiled header unless
# its configuration has sloppiness=pch_defines,time_macros, and a warm cache
# already skips the parsing that precompiled headers save. CI builds from a
# clean clone without ccache, where they pay.
set(stackplan_pch_default ON)
if("${CMAKE_CXX_COMPILER_LAUNCHER};${CMAKE_CXX_COMPILER}" MATCHES "ccache")
  set(stackplan_pch_default OFF)
endif()
option(STACKPLAN_PCH "Precompile the common third-party and standard headers (faster clean builds)"
       ${stackplan_pch_default})

set(stackplan_pch_std_headers
  <algorithm>
  <atomic>
  <chrono>
  <cmath>
  <cstddef>
  <cstdint>
  <filesystem>
  <functional>
  <map>
  <memory>
  <mutex>
  <optional>
  <set>
  <sstream>
  <string>
  <string_view>
  <thread>
  <utility>
  <vector>)
set(stackplan_pch_library_headers ${stackplan_pch_std_headers} <fmt/format.h> <nlohmann/json.hpp>
                                  <yaml-cpp/yaml.h>)
set(stackplan_pch_test_headers ${stackplan_pch_library_headers} <gtest/gtest.h>)
set(stackplan_pch_cli_headers ${stackplan_pch_library_headers} <CLI/CLI.hpp>)

# The anchor of a shared header set: an object library that compiles only the
# precompiled header (its one source is empty), with the same usage
# requirements (hence the same -D flags) as the targets that reuse it.
function(stackplan_pch_anchor name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "HEADERS;LIBRARIES")
  set(anchor_source "${CMAKE_CURRENT_BINARY_DIR}/${name}_anchor.cpp")
  file(CONFIGURE OUTPUT "${anchor_source}" CONTENT "// Only the precompiled header of ${name}.\n")
  add_library(${name} OBJECT "${anchor_source}")
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES})
  target_precompile_headers(${name} PRIVATE ${arg_HEADERS})
endfunction()

# stackplan_use_pch(ANCHOR targets...): the targets reuse ANCHOR's header set.
function(stackplan_use_pch anchor)
  if(STACKPLAN_PCH AND TARGET ${anchor})
    foreach(target IN LISTS ARGN)
      target_precompile_headers(${target} REUSE_FROM ${anchor})
    endforeach()
  endif()
endfunction()

# Measured file by file, each compiled with and without its header set in
# turn (docs/BENCHMARKS.md, "Build time"): clang loads a precompiled header
# lazily and gains on most files (about a fifth of the time). GCC 12 does not
# pay: it loads the whole of it (150 MB with the debug info, about a second
# per file), the force-included headers put their debug info into every
# object (a small library file's object grows from 55 KB to 455 KB), the
# heavy files gained 5 to 10% at best, and with the test set its known false
# -Warray-bounds on std::string's operator+ is no longer
# silenced as coming from a system header, which -Werror turns into a failed
# build. So the sets apply to clang builds only (CI's sanitized build); with
# GCC, STACKPLAN_PCH changes nothing.
set(stackplan_pch_compiler_pays FALSE)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(stackplan_pch_compiler_pays TRUE)
endif()
if(STACKPLAN_PCH AND stackplan_pch_compiler_pays)
  stackplan_pch_anchor(stackplan_pch_library HEADERS ${stackplan_pch_library_headers}
                       LIBRARIES fmt::fmt nlohmann_json::nlohmann_json yaml-cpp)
endif()
