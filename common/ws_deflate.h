// permessage-deflate (RFC 7692) for the ws-deflate transport: libwebsockets' built-in extension,
// one definition for the server's vhost and the client's context so both sides use the same
// parameters, and how a client learns whether the server accepted it.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include <libwebsockets.h>

namespace CLI {
class App;
}

namespace pushbench {

// A null-terminated extension list. lws keeps the pointer given in
// lws_context_creation_info::extensions: the array must outlive the context (or vhost).
using LwsExtensions = std::array<lws_extension, 2>;

// The ws-deflate client's offer (--deflate-offer).
//  kLws: lws' own examples' (ws-client-pmd), "permessage-deflate; client_no_context_takeover;
//    client_max_window_bits". Measured with lws 4.1.6: once client_no_context_takeover is
//    agreed, the *server* also ends its zlib stream after every message (one deflateInit2_ +
//    deflateEnd per frame), so every event is compressed on its own, with its own Huffman
//    table, and pays a zlib set-up (~256 KiB allocated and cleared) per notification; no zlib
//    state is held between messages.
//  kBrowser: what Chrome and Firefox send, "permessage-deflate; client_max_window_bits": both
//    sides keep their zlib stream (context takeover), so later messages match earlier ones,
//    and the server holds a deflate state per connection from its first message on (~180 KiB
//    of RSS each with lws' zlib parameters, ~25 KiB with DeflateParams' defaults, measured).
enum class DeflateOffer { kLws, kBrowser };
std::string_view name(DeflateOffer o) noexcept;
DeflateOffer parse_deflate_offer(std::string_view text);  // throws ConfigError

// lws' permessage-deflate with its default parameters (compression level 1, memLevel 8, 15-bit
// windows, 1 KiB deflate output chunks), offering `offer` when used by a client. The server
// accepts either offer (its list's offer text is not used).
LwsExtensions permessage_deflate_extensions(DeflateOffer offer = DeflateOffer::kLws) noexcept;

// The server's compressor on each ws-deflate connection (--deflate-window-bits,
// --deflate-mem-level): zlib's deflate state is about 2^(window_bits + 2) + 2^(mem_level + 9)
// bytes. Applied to each connection as it is established (lws_set_extension_option; lws sets
// zlib up at the first message), so the handshake is unchanged: RFC 7692 lets a server compress
// with a smaller window than the client accepts. The defaults were chosen by measurement (500
// browser-offer clients, 10 events/s of 256 B): lws' own 15 and 8 held 120 KiB of server RSS
// per connection at 54 us of server CPU per notification; 11 and 4 hold 25 KiB at 35 us for
// 1.1 % fewer bytes (random padding leaves little to match beyond a 2 KiB window).
struct DeflateParams {
  static constexpr int kAutoWindow = 0;  // 11, or 15 with clients that send (below)
  int window_bits = kAutoWindow;
  int mem_level = 4;

  // The window used for a workload whose clients send (chat, game) or not: below 15 bits is
  // refused with them, for lws 4.1.6 inflates what a client sends with the server's window bits
  // (RFC 7692 says the client's), and a client compressing with a 15-bit window, as browsers
  // do, could then not be read.
  int window_for(bool upstream) const noexcept {
    return window_bits != kAutoWindow ? window_bits : upstream ? 15 : 11;
  }
  // "" or why these cannot be used: window_bits 9..15 (or auto), mem_level 1..9, the above.
  std::string problem(bool upstream) const;
  // Sets them on an established connection; nothing when it has no permessage-deflate.
  void apply(lws* wsi, bool upstream) const noexcept;
};
// --deflate-window-bits and --deflate-mem-level, on the server and on `pushbench run`.
void add_deflate_options(CLI::App& app, DeflateParams& params);

// True when a Sec-WebSocket-Extensions value accepts permessage-deflate: one of its
// comma-separated entries is named exactly "permessage-deflate" (parameters after ';').
bool accepts_permessage_deflate(std::string_view extensions_header) noexcept;

// Whether the server accepted permessage-deflate on this client connection, read from the
// response's Sec-WebSocket-Extensions header. Valid only while lws still holds the handshake
// headers: at LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH (lws 4.1 frees them before
// CLIENT_ESTABLISHED, where lws_hdr_copy finds nothing). lws has instantiated the extensions the
// server accepted by then (and fails the handshake on an extension it does not know).
bool server_accepted_permessage_deflate(lws* wsi) noexcept;

}  // namespace pushbench
