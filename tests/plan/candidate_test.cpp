// Tests: see tests/plan/CMakeLists.txt.
