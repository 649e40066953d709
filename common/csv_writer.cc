// RFC 4180 CSV writing and reading; atomic file replacement.
#include "csv_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "fd.h"

namespace pushbench {

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += csv_escape(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::vector<std::vector<std::string>> csv_parse(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {
// Writes all of `content` to `fd`; false with errno set on failure.
bool write_all(int fd, std::string_view content) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

std::runtime_error write_error(const std::string& path, int err) {
  return std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(err)));
}

// A device, FIFO, socket or terminal (/dev/null, /dev/stdout, a named pipe): written in place,
// as a shell redirection would; renaming over it would replace the node with a regular file.
void write_in_place(const std::string& path, std::string_view content) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd || !write_all(fd.get(), content)) {
    throw write_error(path, errno);
  }
}

void write_via_rename(const std::string& path, std::string_view content) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw write_error(path, errno);
  }
  int err = 0;
  if (!write_all(fd, content) || ::fsync(fd) != 0) {
    err = errno;
  }
  // close(2) reports a delayed write error (NFS, a full disk): checked, so fd is not an Fd.
  if (::close(fd) != 0 && err == 0) {
    err = errno;
  }
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
  }
  if (err != 0) {
    ::unlink(tmp.c_str());  // nothing half-written stays behind (a full disk, say)
    throw write_error(path, err);
  }
}
}  // namespace

void write_file_atomic(const std::string& path, std::string_view content) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      throw write_error(path, errno);
    }
    write_via_rename(path, content);
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    throw write_error(path, EISDIR);
  }
  if (!S_ISREG(st.st_mode)) {
    write_in_place(path, content);
    return;
  }
  // A symlink to a regular file (/dev/stdout redirected to a file, say) is followed: the file
  // it names is replaced, not the link.
  std::error_code ec;
  const auto target = std::filesystem::canonical(path, ec);
  write_via_rename(ec ? path : target.string(), content);
}

}  // namespace pushbench
