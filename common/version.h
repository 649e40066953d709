// What --version prints on every binary: the project's version (CMake's project() version and,
// when built from a git checkout, `git describe`), and the versions of the libraries it runs on.
#pragma once

#include <string>

namespace pushbench {

// "PROGRAM 0.1.0 (git DESCRIBE)\nlibwebsockets X, libcurl Y, OpenSSL Z": the libraries'
// versions as loaded at run time (the shared objects this process uses).
std::string version_text(const std::string& program);

}  // namespace pushbench
