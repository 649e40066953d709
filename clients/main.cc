// pushbench-client: run N clients of one transport until SIGINT/SIGTERM, then write the result;
// or, with --url, measure any server's endpoint for warm-up + window and print what it saw.
#include <fmt/format.h>

#include <curl/curl.h>

#include "cli.h"
#include "client_options.h"
#include "endpoint_run.h"
#include "fd_limit.h"
#include "measurement.h"
#include "session.h"
#include "stop_flag.h"
#include "transport.h"
#include "workload.h"

int main(int argc, char** argv) {
  return pushbench::run_main("pushbench-client", [&] {
    pushbench::ClientOptions options = pushbench::parse_client_options(argc, argv);
    if (options.endpoint) {
      pushbench::install_stop_signal();
      return pushbench::run_endpoint(*options.endpoint);
    }
    pushbench::check_fd_budget(
        options.count,
        pushbench::connections_per_client(options.transport,
                                          pushbench::has_upstream(options.workload.workload)),
        "client");
    pushbench::Measurement measurement(options);
    {
      std::unique_ptr<pushbench::Session> session = pushbench::make_session(options, measurement);
      pushbench::install_stop_signal();  // after lws set up its loop, which may claim the signals
      session->run();
    }
    if (const std::string reason = measurement.gave_up(); !reason.empty()) {
      throw std::runtime_error(reason);  // no result: nothing was measured against a live server
    }
    const std::string result = measurement.result_json();  // closes the window if still open
    if (!options.samples_path.empty()) {
      measurement.write_samples(options.samples_path);
    }
    pushbench::emit_json(options.result_path, result);
    return 0;
  });
}
