#!/usr/bin/env bash
# Podman as the container tier needs it on these machines (see docker/README.md, "Container tier"): Debian's
# podman with the runc runtime. Idempotent; installs only what is missing. Needs root (or sudo).
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

# golang-...-dnsname: name resolution between compose services on Podman's CNI networks (service "postgres")
PACKAGES=(podman runc debootstrap uidmap fuse-overlayfs slirp4netns podman-compose golang-github-containernetworking-plugin-dnsname
  curl openssl)   # readiness polling; docker/init.sh and the TLS checks
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  log=$(mktemp)
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$log" 2>&1 || { tail -30 "$log"; rm -f "$log"; exit 1; }
  rm -f "$log"
fi

# default_ulimits = []: the machine does not grant CAP_SYS_RESOURCE, so the runtime may not raise nofile/nproc.
# runtime = "runc": cgroups are mounted in hybrid mode, which crun refuses.
conf=$(cat <<'CONF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
)
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$conf" ]; then
  echo "== writing /etc/containers/containers.conf (runc, cgroupfs, no default ulimits)"
  $SUDO mkdir -p /etc/containers
  printf '%s\n' "$conf" | $SUDO tee /etc/containers/containers.conf >/dev/null
fi
podman --version
