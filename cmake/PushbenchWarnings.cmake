# Warnings and sanitizers as INTERFACE targets, linked PRIVATE by every pushbench target.
add_library(pushbench_warnings INTERFACE)
target_compile_options(pushbench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
  $<$<BOOL:${PUSHBENCH_WERROR}>:-Werror>)
if(PUSHBENCH_SANITIZE)
  target_compile_options(pushbench_warnings INTERFACE
    -fsanitize=${PUSHBENCH_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(pushbench_warnings INTERFACE -fsanitize=${PUSHBENCH_SANITIZE})
endif()
if(PUSHBENCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PUSHBENCH_FUZZ needs clang (libFuzzer): use the preset fuzz")
  endif()
  # Coverage instrumentation for everything the fuzz targets link; they add -fsanitize=fuzzer.
  target_compile_options(pushbench_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
add_library(pushbench::warnings ALIAS pushbench_warnings)
