# Every external dependency, found once. All come from Debian 12 packages (scripts/setup.sh).
find_package(Threads REQUIRED)
find_package(CURL 7.66 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(libwebsockets REQUIRED)
# --tls: the server's lws and the clients' libcurl and lws all use this OpenSSL (Debian's 3.0).
find_package(OpenSSL 3 REQUIRED)

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

# libnghttp2 (Debian libnghttp2-dev): the HPACK encoder libcurl's HTTP/2 uses, to size the
# header blocks of the HTTP/2 clients' requests (clients/hpack_replay.h).
find_package(PkgConfig REQUIRED)
pkg_check_modules(NGHTTP2 REQUIRED IMPORTED_TARGET libnghttp2)

# Libraries with neither a CMake package nor a pkg-config file here, found by their header and
# library file: pushbench::<name>.
function(pushbench_plain_library name header library)
  find_path(${name}_include_dir ${header} REQUIRED)
  find_library(${name}_library ${library} REQUIRED)
  add_library(pushbench_${name} INTERFACE)
  target_include_directories(pushbench_${name} INTERFACE ${${name}_include_dir})
  target_link_libraries(pushbench_${name} INTERFACE ${${name}_library})
  add_library(pushbench::${name} ALIAS pushbench_${name})
endfunction()
# http-parser (Debian libhttp-parser-dev, the parser wrk uses): the lean HTTP engine's responses
# (clients/lean_response.h).
pushbench_plain_library(http_parser http_parser.h http_parser)
# libev (Debian libev-dev, which lws' libev plugin runs on): pushbench-server owns the loop it
# hands lws (servers/ev_loop.h) to watch it too (servers/keepalive_rearm.h).
pushbench_plain_library(libev ev.h ev)

# libnetfilter_queue (Debian libnetfilter-queue-dev) for pushbench-delay, the delay stage where
# the kernel has no netem. Optional: without it pushbench-delay is not built and `pushbench run
# --rtt` says so.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(NFQ QUIET IMPORTED_TARGET libnetfilter_queue)
endif()

# MPI (Debian openmpi-bin, libopenmpi-dev) for pushbench-mpi, the launcher over several hosts
# (bench/mpi/, docs/mpi.md), through its C API. Optional: without it pushbench-mpi is not built
# and everything else is as it was. -DPUSHBENCH_MPI=OFF leaves it out where MPI is installed.
option(PUSHBENCH_MPI "Build pushbench-mpi when MPI is found" ON)
if(PUSHBENCH_MPI)
  find_package(MPI QUIET COMPONENTS C)
endif()
