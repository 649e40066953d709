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
add_library(pushbench::warnings ALIAS pushbench_warnings)
