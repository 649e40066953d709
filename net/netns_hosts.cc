// Network namespaces as hosts.
#include "netns_hosts.h"

#include <unistd.h>

#include <fmt/format.h>

#include "config_error.h"
#include "shell.h"

namespace pushbench {
namespace {
void ip(const std::string& args) {
  run_or_throw(fmt::format("/usr/sbin/ip {}", args), "namespaces as hosts");
}
}  // namespace

NetnsHosts::NetnsHosts(int hosts) {
  if (geteuid() != 0) {
    throw ConfigError("namespaces as hosts need root");
  }
  if (access("/usr/sbin/ip", X_OK) != 0) {
    throw ConfigError("namespaces as hosts need /usr/sbin/ip (Debian package iproute2)");
  }
  try {
    for (int i = 0; i < hosts; ++i) {
      names_.push_back(fmt::format("pushbench-m{}-{}", getpid(), i));
      ip(fmt::format("netns add {}", names_.back()));
      ip(fmt::format("-n {} link set lo up", names_.back()));
    }
    const std::string& hub = names_.front();
    ip(fmt::format("-n {} link add {} type bridge", hub, bridge()));
    ip(fmt::format("-n {} addr add {}/24 dev {}", hub, address(0), bridge()));
    ip(fmt::format("-n {} link set {} up", hub, bridge()));
    for (int i = 1; i < hosts; ++i) {
      const std::string& ns = names_[static_cast<size_t>(i)];
      ip(fmt::format("link add pbh{} netns {} type veth peer name eth0 netns {}", i, hub, ns));
      ip(fmt::format("-n {} link set pbh{} master {} up", hub, i, bridge()));
      ip(fmt::format("-n {} addr add {}/24 dev eth0", ns, address(i)));
      ip(fmt::format("-n {} link set eth0 up", ns));
    }
  } catch (...) {
    for (const std::string& ns : names_) {
      run_quiet(fmt::format("/usr/sbin/ip netns del {}", ns));
    }
    throw;
  }
}

NetnsHosts::~NetnsHosts() {
  // Each namespace takes its veth ends with it; host 0's the bridge.
  for (const std::string& ns : names_) {
    run_quiet(fmt::format("/usr/sbin/ip netns del {}", ns));
  }
}

std::string NetnsHosts::address(int i) const { return fmt::format("10.214.0.{}", i + 1); }

NetLink NetnsHosts::link(int i) const {
  return {.server_ns = name(0),
          .server_if = fmt::format("pbh{}", i),
          .client_ns = name(i),
          .client_if = "eth0",
          .name = fmt::format("h{}", i),
          .down_only = true};
}

std::vector<std::string> NetnsHosts::prefix(int i) const {
  return {"/usr/sbin/ip", "netns", "exec", name(i)};
}

std::string NetnsHosts::rsh_agent_script(const std::string& session_base) const {
  std::string cases;
  for (int i = 0; i < size(); ++i) {
    cases += fmt::format("  {}) ns={} ;;\n", address(i), name(i));
  }
  return fmt::format(
      "#!/bin/sh\n"
      "# Open MPI's plm_rsh_agent: AGENT [options] HOST COMMAND... runs COMMAND in HOST's "
      "namespace.\n"
      "while [ \"${{1#-}}\" != \"$1\" ]; do shift; done\n"
      "host=$1; shift\n"
      "case $host in\n{}  *) echo \"no namespace for $host\" >&2; exit 1 ;;\nesac\n"
      "export OMPI_MCA_orte_tmpdir_base={}/$ns\n"
      "mkdir -p \"$OMPI_MCA_orte_tmpdir_base\"\n"
      "exec /usr/sbin/ip netns exec \"$ns\" /bin/sh -c \"$*\"\n",
      cases, session_base);
}

}  // namespace pushbench
