// MPI_COMM_WORLD for pushbench-mpi.
#include "mpi_world.h"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace pushbench {
namespace {
constexpr int kTag = 16;
// Between two polls of a pending request. Polling every 2 ms cost the coordinator 1.75 % of a
// core while it waited out a window (70 ms of CPU in 4 s); every 10 ms 0.75 % (60 ms in 8 s),
// and a collective completes at most 10 ms later, which no step notices.
constexpr auto kPollGap = std::chrono::milliseconds(10);

// Waits for `request` with MPI_Test and short sleeps (see the header).
void wait_quietly(MPI_Request& request) {
  int done = 0;
  while (true) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) {
      return;
    }
    std::this_thread::sleep_for(kPollGap);
  }
}

std::vector<int> displacements(const std::vector<int>& sizes) {
  std::vector<int> d(sizes.size(), 0);
  for (size_t i = 1; i < sizes.size(); ++i) {
    d[i] = d[i - 1] + sizes[i - 1];
  }
  return d;
}

std::vector<std::string> split(const std::vector<char>& all, const std::vector<int>& sizes) {
  std::vector<std::string> out;
  size_t at = 0;
  for (const int n : sizes) {
    out.emplace_back(all.data() + at, static_cast<size_t>(n));
    at += static_cast<size_t>(n);
  }
  return out;
}

int length(const std::string& s) {
  if (s.size() > static_cast<size_t>(INT32_MAX)) {
    throw std::runtime_error("pushbench-mpi: a message over 2 GiB");
  }
  return static_cast<int>(s.size());
}
}  // namespace

MpiWorld::MpiWorld(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

std::string MpiWorld::library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int n = 0;
  MPI_Get_library_version(text, &n);
  std::string v(text, static_cast<size_t>(n));
  return v.substr(0, v.find_first_of("\n,"));
}

std::string MpiWorld::standard_version() {
  int major = 0;
  int minor = 0;
  MPI_Get_version(&major, &minor);
  return std::to_string(major) + "." + std::to_string(minor);
}

void MpiWorld::quiet_barrier() const {
  MPI_Request request;
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  wait_quietly(request);
}

std::string MpiWorld::bcast(const std::string& text, int root) const {
  quiet_barrier();
  int n = rank_ == root ? length(text) : 0;
  MPI_Bcast(&n, 1, MPI_INT, root, MPI_COMM_WORLD);
  std::string out = rank_ == root ? text : std::string(static_cast<size_t>(n), '\0');
  MPI_Bcast(out.data(), n, MPI_CHAR, root, MPI_COMM_WORLD);
  return out;
}

std::vector<std::string> MpiWorld::gather(const std::string& mine, int root) const {
  quiet_barrier();
  int n = length(mine);
  std::vector<int> sizes(static_cast<size_t>(size_), 0);
  MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, root, MPI_COMM_WORLD);
  const std::vector<int> at = displacements(sizes);
  std::vector<char> all(rank_ == root ? static_cast<size_t>(at.back() + sizes.back()) : 0);
  MPI_Gatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), at.data(), MPI_CHAR, root,
              MPI_COMM_WORLD);
  return rank_ == root ? split(all, sizes) : std::vector<std::string>();
}

std::vector<std::string> MpiWorld::allgather(const std::string& mine) const {
  quiet_barrier();
  int n = length(mine);
  std::vector<int> sizes(static_cast<size_t>(size_), 0);
  MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  const std::vector<int> at = displacements(sizes);
  std::vector<char> all(static_cast<size_t>(at.back() + sizes.back()));
  MPI_Allgatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), at.data(), MPI_CHAR,
                 MPI_COMM_WORLD);
  return split(all, sizes);
}

int64_t MpiWorld::allreduce_sum(int64_t mine) const {
  quiet_barrier();
  int64_t sum = 0;
  MPI_Allreduce(&mine, &sum, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return sum;
}

void MpiWorld::send(const std::string& text, int to) const {
  MPI_Request request;
  MPI_Isend(text.data(), length(text), MPI_CHAR, to, kTag, MPI_COMM_WORLD, &request);
  wait_quietly(request);
}

std::string MpiWorld::recv(int from) const {
  MPI_Message message;
  MPI_Status status;
  int found = 0;
  while (true) {
    MPI_Improbe(from, kTag, MPI_COMM_WORLD, &found, &message, &status);
    if (found) {
      break;
    }
    std::this_thread::sleep_for(kPollGap);
  }
  int n = 0;
  MPI_Get_count(&status, MPI_CHAR, &n);
  std::string out(static_cast<size_t>(n), '\0');
  MPI_Mrecv(out.data(), n, MPI_CHAR, &message, MPI_STATUS_IGNORE);
  return out;
}

void MpiWorld::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

}  // namespace pushbench
