# The shape every folder's targets share: a static library named by folder with its unit tests
# beside it, and the programs users run. One definition, so a folder's CMakeLists.txt lists only
# what is its own (sources, what it links, its tests).

# The test executables' own sources (not the libraries they test, which keep the build type's
# flags) at -O1 in Release: gtest's and the tests' templates compile about a third faster
# (measurement_test.cc: 7.5 s at -O3, 5.0 s at -O1) and CI builds them on every run.
add_library(pushbench_test_code INTERFACE)
target_compile_options(pushbench_test_code INTERFACE $<$<CONFIG:Release>:-O1>)
add_library(pushbench::test_code ALIAS pushbench_test_code)

# pushbench_library(<alias> SOURCES src... [PUBLIC lib...] [PRIVATE lib...]
#                   [DEFINITIONS def...] [TARGET name]
#                   [TESTS src... [TEST_LINK lib...] [TEST_INCLUDES dir...]
#                    [TEST_DEFINITIONS def...]])
# Defines the static library TARGET (default pushbench_<alias>), aliased pushbench::<alias>,
# C++20, its folder on the include path, warnings as the project sets them. With TESTS (and
# PUSHBENCH_BUILD_TESTS) it also defines pushbench_<alias>_test, linked with the library and
# GoogleTest's main, each of its tests a CTest test labelled `unit`.
function(pushbench_library alias)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TARGET"
    "SOURCES;PUBLIC;PRIVATE;DEFINITIONS;TESTS;TEST_LINK;TEST_INCLUDES;TEST_DEFINITIONS")
  set(name pushbench_${alias})
  if(arg_TARGET)
    set(name ${arg_TARGET})
  endif()
  add_library(${name} STATIC ${arg_SOURCES})
  add_library(pushbench::${alias} ALIAS ${name})
  target_compile_features(${name} PUBLIC cxx_std_20)
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE} pushbench::warnings)
  if(arg_DEFINITIONS)
    target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  endif()
  if(PUSHBENCH_BUILD_TESTS AND arg_TESTS)
    set(test pushbench_${alias}_test)
    add_executable(${test} ${arg_TESTS})
    target_link_libraries(${test} PRIVATE
      pushbench::${alias} ${arg_TEST_LINK} GTest::gtest_main pushbench::warnings
      pushbench::test_code)
    if(arg_TEST_INCLUDES)
      target_include_directories(${test} PRIVATE ${arg_TEST_INCLUDES})
    endif()
    if(arg_TEST_DEFINITIONS)
      target_compile_definitions(${test} PRIVATE ${arg_TEST_DEFINITIONS})
    endif()
    gtest_discover_tests(${test} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 30)
  endif()
endfunction()

# pushbench_program(<target> OUTPUT <file name> SOURCES src... LINK lib...)
# A program users run: installed, warnings as the project sets them.
function(pushbench_program name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT" "SOURCES;LINK")
  add_executable(${name} ${arg_SOURCES})
  set_target_properties(${name} PROPERTIES OUTPUT_NAME ${arg_OUTPUT})
  target_link_libraries(${name} PRIVATE ${arg_LINK} pushbench::warnings)
  install(TARGETS ${name} RUNTIME)
endfunction()
