// permessage-deflate (RFC 7692) for the ws-deflate transport: libwebsockets' built-in extension,
// one definition for the server's vhost and the client's context so both sides use the same
// parameters, and how a client learns whether the server accepted it.
#pragma once

#include <array>
#include <string_view>

#include <libwebsockets.h>

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
//    and the server holds a deflate state per connection (~180 KiB of RSS each, measured)
//    from its first message on.
enum class DeflateOffer { kLws, kBrowser };
std::string_view name(DeflateOffer o) noexcept;
DeflateOffer parse_deflate_offer(std::string_view text);  // throws ConfigError

// lws' permessage-deflate with its default parameters (compression level 1, memLevel 8, 15-bit
// windows, 1 KiB deflate output chunks), offering `offer` when used by a client. The server
// accepts either offer (its list's offer text is not used).
LwsExtensions permessage_deflate_extensions(DeflateOffer offer = DeflateOffer::kLws) noexcept;

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
