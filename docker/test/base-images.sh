#!/usr/bin/env bash
# Builds the local stand-ins for the images docker/Dockerfile and docker/compose.yaml start FROM (no image
# registry is reachable here; see docker/README.md). Each image is labelled with a digest of its recipe and
# inputs and rebuilt only when that changes, so a second run costs seconds.
#   localhost/debian:bookworm                  debootstrap --variant=minbase from the mirror apt uses
#   localhost/authio-stand-in/java:17          + the machine's CA certificates + Debian's OpenJDK 17 JRE
#   docker.io/library/eclipse-temurin:17-jdk   + Debian's OpenJDK 17 JDK            (Dockerfile stage 1)
#   quay.io/keycloak/keycloak:26.7.3           + keycloak-quarkus-dist 26.7.3 zip   (Dockerfile stages 2, 3)
#   localhost/authio-stand-in/postgres:15      Debian's PostgreSQL 15               (compose, the tier)
#   localhost/authio-stand-in/greenmail:2.1.8  GreenMail standalone                 (compose's mail catcher)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${AUTHIO_CONTAINER_WORK:-$root/target/container-tier}/base-images
KEYCLOAK_VERSION=26.7.3
GREENMAIL_VERSION=2.1.8
mkdir -p "$work"

label() { podman image inspect --format '{{index .Labels "io.authio.recipe"}}' "$1" 2>/dev/null || true; }

# build IMAGE CONTAINERFILE [extra inputs...]: rebuilds when the recipe digest (Containerfile, inputs, parent) changes
build() {
  local image=$1 file=$2; shift 2
  local ctx="$work/ctx-$(basename "$file" .Containerfile)"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$here/base-images/$file" "$ctx/Containerfile"
  for input in "$@"; do cp -r "$input" "$ctx/"; done
  local parent digest
  parent=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' "$ctx/Containerfile" | head -1)
  digest=$( (cd "$ctx" && find . -type f | LC_ALL=C sort | xargs sha256sum; podman image inspect --format '{{.Id}}' "$parent") | sha256sum | cut -c1-16)
  if [ "$(label "$image")" = "$digest" ]; then
    echo "   cached   $image"
  else
    echo "   building $image"
    podman build -q --pull=never --label "io.authio.recipe=$digest" -t "$image" -f "$ctx/Containerfile" "$ctx" >/dev/null
  fi
  rm -rf "$ctx"
}

start=$(date +%s)
echo "== base images (local stand-ins, see docker/README.md)"

# 1. Debian root file system from the mirror apt already uses on this machine
if podman image exists localhost/debian:bookworm; then
  echo "   cached   localhost/debian:bookworm"
else
  echo "   building localhost/debian:bookworm (debootstrap, about 2 minutes)"
  mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs="$work/rootfs"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  # debootstrap leaves the downloaded packages and lists behind: not part of an image
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import -q - localhost/debian:bookworm >/dev/null
  rm -rf "$rootfs"
fi

# 2. Java runtime + the machine's CA certificates (containers reach Maven Central like the machine does)
mkdir -p "$work/ca" && rm -f "$work/ca"/*
cp /usr/local/share/ca-certificates/*.crt "$work/ca/" 2>/dev/null || true
build localhost/authio-stand-in/java:17 java.Containerfile "$work/ca"
build docker.io/library/eclipse-temurin:17-jdk jdk.Containerfile

# 3. Keycloak from its distribution on Maven Central
dist=$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip
[ -f "$dist" ] || "$root/mvnw" -B -q dependency:get -Dtransitive=false -Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip
cp "$dist" "$work/keycloak-quarkus-dist.zip"
build quay.io/keycloak/keycloak:$KEYCLOAK_VERSION keycloak.Containerfile "$work/keycloak-quarkus-dist.zip"

# 4. PostgreSQL and the mail catcher
build localhost/authio-stand-in/postgres:15 postgres.Containerfile "$here/base-images/postgres-entrypoint.sh"
greenmail=$HOME/.m2/repository/com/icegreen/greenmail-standalone/$GREENMAIL_VERSION/greenmail-standalone-$GREENMAIL_VERSION.jar
[ -f "$greenmail" ] || "$root/mvnw" -B -q dependency:get -Dtransitive=false -Dartifact=com.icegreen:greenmail-standalone:$GREENMAIL_VERSION
cp "$greenmail" "$work/greenmail-standalone.jar"
build localhost/authio-stand-in/greenmail:$GREENMAIL_VERSION greenmail.Containerfile "$work/greenmail-standalone.jar"

echo "== base images ready ($(( $(date +%s) - start )) s)"
