// A small results.csv for the report's tests: a broadcast run in Kaazing's scenario (1,000
// clients, one event per client per second, 256 B events, a 10 s window) of poll at 250 and
// 1000 ms, poll-close at 1000 ms and ws, two repetitions each, plus chat rows of poll (at 1000
// and 250 ms) and ws.
// The poll rows at 1000 ms carry exactly the original's 871 B of headers per request.
#pragma once

#include <string>

namespace pushbench::test {

std::string report_fixture_csv();
// The same without the chat rows.
std::string report_fixture_csv_without_chat();

}  // namespace pushbench::test
