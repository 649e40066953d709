// MPI_COMM_WORLD for pushbench-mpi: init and finalize (RAII), and the few collectives it uses,
// on strings (JSON texts and raw files). Every wait that can last (a rank waiting for the others
// during a measurement window) sleeps instead of spinning: Open MPI busy-polls in blocking
// calls, and a rank spinning on a measured host would be foreign load on its cores. So each
// collective is entered after a barrier polled with MPI_Test and 10 ms sleeps (quiet_barrier).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pushbench {

class MpiWorld {
 public:
  MpiWorld(int* argc, char*** argv);  // MPI_Init
  ~MpiWorld();                        // MPI_Finalize
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const noexcept { return rank_; }
  int size() const noexcept { return size_; }
  // "Open MPI v4.1.4, ..." (MPI_Get_library_version, first line) and "3.1" (MPI_Get_version).
  static std::string library_version();
  static std::string standard_version();

  // Returns once every rank has called it, sleeping meanwhile.
  void quiet_barrier() const;
  // Root's `text` on every rank.
  std::string bcast(const std::string& text, int root) const;
  // Every rank's `mine`, by rank, on `root` (empty elsewhere).
  std::vector<std::string> gather(const std::string& mine, int root) const;
  // Every rank's `mine`, by rank, on every rank.
  std::vector<std::string> allgather(const std::string& mine) const;
  // The sum of every rank's `mine`, on every rank.
  int64_t allreduce_sum(int64_t mine) const;
  // Point to point, for the clients' start one after another: the receive sleeps while waiting.
  void send(const std::string& text, int to) const;
  std::string recv(int from) const;
  // Ends every rank of the job (mpirun kills them; their children die with them).
  [[noreturn]] static void abort(int code);

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace pushbench
