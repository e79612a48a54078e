# eb_embed_files(<target> <namespace-function> FILES ...): compiles the files' contents into <target>, so the
# data tables ship inside the binary and have one source of truth in data/. The generated function
#   std::string_view <function>(std::string_view file_name)
# returns a file's bytes by its base name, or an empty view.
function(eb_embed_files target function)
  cmake_parse_arguments(E "" "" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  string(REPLACE ";" "|" files_arg "${E_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function} "-DFILES=${files_arg}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    DEPENDS ${E_FILES} "${PROJECT_SOURCE_DIR}/cmake/embed_script.cmake"
    COMMENT "Embedding data tables into ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
