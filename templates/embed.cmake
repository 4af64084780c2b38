# Embeds the starter scenarios (templates/*.yaml) into a C++ source at build
# time, so that the installed binary needs no source tree. Run by
# src/cli/CMakeLists.txt as: cmake -DDIR=templates -DOUT=file.cpp -P embed.cmake
file(GLOB templates "${DIR}/*.yaml")
list(SORT templates)
set(body "")
foreach(path IN LISTS templates)
  get_filename_component(name "${path}" NAME_WE)
  file(READ "${path}" text)
  string(FIND "${text}" ")tmpl\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )tmpl\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"tmpl(${text})tmpl\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "// Generated from templates/*.yaml by templates/embed.cmake: do not edit.\n"
  "#include \"cli/templates.h\"\n\n"
  "namespace stackplan::cli {\n\n"
  "const std::vector<StarterTemplate>& starter_templates() {\n"
  "  static const std::vector<StarterTemplate> kTemplates = {\n${body}  };\n"
  "  return kTemplates;\n}\n\n}  // namespace stackplan::cli\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
