// Fuzzes what the lean WebSocket client reads from a server (clients/ws_handshake.h,
// clients/ws_client_frames.h). Input: a seed for the read sizes, a limit, a payload for the
// round trip, then the server's bytes: a handshake response followed by frames. Invariants: the
// response's verdict and where its frames begin do not depend on the read boundaries; a frame is
// never bigger than the bytes it was parsed from, its payload lies inside them, and every
// shorter prefix of it is kPartial; a client frame, unmasked, parses back to its opcode and
// payload.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "reads.h"
#include "ws_client_frames.h"
#include "ws_handshake.h"

namespace {
using pushbench::WsFrame;
using pushbench::WsHandshakeResponse;

constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";

// The verdict on `bytes` read in `reads`, and the offset of the frames in `bytes` (or npos).
std::pair<WsHandshakeResponse::Status, size_t> read_response(
    const std::vector<std::string_view>& reads) {
  WsHandshakeResponse r;
  r.reset(kKey);
  size_t before = 0;
  for (std::string_view piece : reads) {
    const WsHandshakeResponse::Status st = r.add(piece);
    if (st == WsHandshakeResponse::Status::kAccepted) {
      FUZZ_CHECK(r.frames_offset() <= piece.size());
      return {st, before + r.frames_offset()};
    }
    if (st == WsHandshakeResponse::Status::kRefused) {
      FUZZ_CHECK(!r.why().empty());
      return {st, std::string::npos};
    }
    before += piece.size();
  }
  return {WsHandshakeResponse::Status::kPartial, std::string::npos};
}

void check_frames(std::string_view bytes, size_t limit) {
  while (!bytes.empty()) {
    const WsFrame f = pushbench::parse_server_frame(bytes, limit);
    if (f.status != WsFrame::Status::kFrame) {
      return;
    }
    FUZZ_CHECK(f.size >= 2 && f.size <= bytes.size());
    FUZZ_CHECK(f.payload.size() <= limit);
    FUZZ_CHECK(f.payload.data() + f.payload.size() == bytes.data() + f.size);
    FUZZ_CHECK(pushbench::parse_server_frame(bytes.substr(0, f.size - 1), limit).status ==
               WsFrame::Status::kPartial);
    bytes.remove_prefix(f.size);
  }
}

void check_round_trip(std::string_view payload, uint32_t mask, bool ping) {
  std::string out;
  const auto opcode = ping ? pushbench::WsOpcode::kPong : pushbench::WsOpcode::kText;
  pushbench::append_client_frame(out, opcode, payload, mask);
  // Unmasked, as a server would see it after removing the mask.
  const size_t header = out.size() - payload.size();
  FUZZ_CHECK(header >= 6);
  std::string plain = out.substr(0, header - 4);
  plain[1] = static_cast<char>(static_cast<uint8_t>(plain[1]) & 0x7F);
  for (size_t i = 0; i < payload.size(); ++i) {
    plain.push_back(static_cast<char>(out[header + i] ^ out[header - 4 + i % 4]));
  }
  const WsFrame f = pushbench::parse_server_frame(plain, payload.size());
  if (ping && payload.size() > 125) {
    FUZZ_CHECK(f.status == WsFrame::Status::kBad);  // a control frame that long is refused
    return;
  }
  FUZZ_CHECK(f.status == WsFrame::Status::kFrame);
  FUZZ_CHECK(f.opcode == static_cast<uint8_t>(opcode) && f.fin);
  FUZZ_CHECK(f.payload == payload && f.size == plain.size());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const auto seed = in.ConsumeIntegral<uint32_t>();
  const auto limit = in.ConsumeIntegralInRange<size_t>(0, 70000);
  const auto mask = in.ConsumeIntegral<uint32_t>();
  const bool ping = in.ConsumeBool();
  const std::string payload = in.ConsumeRandomLengthString(70000);
  check_round_trip(payload, mask, ping);
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  const auto whole = read_response({std::string_view(bytes)});
  const auto split = read_response(pushbench::fuzz::split_reads(bytes, seed));
  FUZZ_CHECK(whole == split);
  if (whole.first == WsHandshakeResponse::Status::kAccepted) {
    check_frames(std::string_view(bytes).substr(whole.second), limit);
  } else {
    check_frames(bytes, limit);  // frames alone
  }
  return 0;
}
