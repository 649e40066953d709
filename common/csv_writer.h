// RFC 4180 CSV: quote a field only when it needs it, double the quotes inside. Files are
// replaced atomically (temp file + rename) so a crash never leaves half a results file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pushbench {

std::string csv_escape(std::string_view field);
// One record, CRLF-terminated as RFC 4180 says.
std::string csv_line(const std::vector<std::string>& fields);
// Parses CSV text into records (quoted fields, embedded commas, quotes and newlines).
std::vector<std::vector<std::string>> csv_parse(std::string_view text);

// Writes `content` to `path`. A new path or a regular file (a symlink to one: its target) is
// replaced atomically via a temporary file in the same directory and rename(2); on failure (a
// full disk) the temporary file is removed and the old content stays. A device, FIFO or socket
// (/dev/null, /dev/stdout on a pipe) is written in place, never replaced. Throws
// std::runtime_error "cannot write PATH: <reason>" (a directory: "Is a directory").
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace pushbench
