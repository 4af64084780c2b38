# Embeds the chart library and its licenses into a C++ source at build time,
# so the stackplan binary writes self-contained HTML reports (no network, no
# CDN). Run by src/report/CMakeLists.txt as:
#   cmake -DLIBRARY=chart.umd.js -DLICENSES="a;b" -DOUT=file.cpp -P embed.cmake
# Byte arrays rather than raw strings: compilers cap a string literal's length
# (MSVC at 64 KiB, and -Wpedantic warns past C++'s minimum of 65536), the
# library is 200 KiB.
function(byte_array name path out_var)
  file(READ "${path}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR byte_count "${hex_length} / 2")
  # One "0x..," per byte, 16 bytes a line (CMake's regex has no {n}).
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REPEAT "0x[0-9a-f][0-9a-f]," 16 line_pattern)
  string(REGEX REPLACE "(${line_pattern})" "\\1\n" bytes "${bytes}")
  set(${out_var}
      "const unsigned char ${name}[] = {\n${bytes}0x00};\nconst std::size_t ${name}_size = ${byte_count};\n"
      PARENT_SCOPE)
endfunction()

byte_array(kChartLibrary "${LIBRARY}" library_array)
set(license_text "")
foreach(path IN LISTS LICENSES)
  file(READ "${path}" text)
  string(APPEND license_text "${text}\n")
endforeach()
file(WRITE "${OUT}.license.tmp" "${license_text}")
byte_array(kChartLicense "${OUT}.license.tmp" license_array)
file(REMOVE "${OUT}.license.tmp")

file(WRITE "${OUT}.tmp"
  "// Generated from web/node_modules by web/embed.cmake: do not edit.\n"
  "#include \"report/html_assets.h\"\n\n"
  "namespace stackplan::report {\nnamespace {\n\n"
  "${library_array}\n${license_array}\n"
  "}  // namespace\n\n"
  "std::string_view chart_library_js() {\n"
  "  return {reinterpret_cast<const char*>(kChartLibrary), kChartLibrary_size};\n}\n\n"
  "std::string_view chart_library_license() {\n"
  "  return {reinterpret_cast<const char*>(kChartLicense), kChartLicense_size};\n}\n\n"
  "}  // namespace stackplan::report\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
