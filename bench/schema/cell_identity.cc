// The columns that identify a cell.
#include "cell_identity.h"

namespace pushbench {

const std::vector<std::string>& cell_columns() {
  static const std::vector<std::string> columns = {
      "transport",     "workload",         "arrival",     "clients",  "event_rate_hz",
      "payload_bytes", "poll_interval_ms", "server_loop", "warmup_s", "duration_s"};
  return columns;
}

const std::vector<std::string>& matched_cell_columns() {
  static const std::vector<std::string> columns(cell_columns().begin(), cell_columns().end() - 2);
  return columns;
}

}  // namespace pushbench
