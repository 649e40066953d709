# Every external dependency, found once. All come from Debian 12 packages (scripts/setup.sh).
find_package(Threads REQUIRED)
find_package(CURL 7.66 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(libwebsockets REQUIRED)

# libwebsockets exports an un-namespaced target; wrap it once.
add_library(pushbench_lws INTERFACE)
target_link_libraries(pushbench_lws INTERFACE websockets_shared)
add_library(pushbench::lws ALIAS pushbench_lws)

if(PUSHBENCH_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(PUSHBENCH_BUILD_MICRO)
  find_package(benchmark REQUIRED)
endif()
