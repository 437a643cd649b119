#!/usr/bin/env bash
# The container tier: builds and runs what docker/ ships, with Podman, and runs the container tests.
#   docker/test/container-tier.sh
# Not part of the README's `./mvnw -B verify` (which needs only a JDK); .ci/run runs it after that command.
# Steps: Podman set-up (podman-setup.sh) -> local stand-in base images, cached (base-images.sh) -> a clean clone
# of this checkout -> docker/init.sh -> `podman build -f docker/Dockerfile` -> the image with PostgreSQL in
# production mode -> docker/compose.yaml with podman-compose -> the container tests (tests/, profile
# "containers") against both, plus the Testcontainers module through Podman's Docker-compatible socket.
# Host ports (none of the integration tests' 8080/8443/9000/3025/8500): image 18443 (HTTPS) and 19000
# (management), its PostgreSQL 15432; compose 18444 and the mail catcher 18025.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export AUTHIO_CONTAINER_WORK=${AUTHIO_CONTAINER_WORK:-$root/target/container-tier}
work=$AUTHIO_CONTAINER_WORK
clone=$work/clone
image=localhost/authio-keycloak:tier
https_port=18443 management_port=19000 pg_port=15432 compose_https_port=18444 mail_port=18025
socket=$work/podman.sock
# Containers reach the host's loopback (the webhook receiver, PostgreSQL's published port) through
# slirp4netns at 10.0.2.2, so every packet of the tier stays on 127.0.0.1 on the host side.
network=slirp4netns:allow_host_loopback=true
host_from_container=10.0.2.2

tier_start=$(date +%s)
timings=()
timed() { timings+=("$1: $2 s"); echo "== $1: $2 s"; }
mkdir -p "$work"

# --- cleanup: only what this script started ---
service_pid=""
cleanup() {
  set +e
  podman rm -f -t 5 authio-tier-kc authio-tier-pg >/dev/null 2>&1
  if [ -f "$clone/docker/compose.yaml" ]; then
    (cd "$clone/docker" && podman-compose -p authio-tier -f compose.yaml down -v >/dev/null 2>&1)
  fi
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null
  rm -f "$socket"
}
trap cleanup EXIT

# 1. Podman and the base images
"$here/podman-setup.sh"
t=$(date +%s); "$here/base-images.sh"; timed "base images" $(( $(date +%s) - t ))

# 2. a clean clone of this checkout (HEAD plus uncommitted and new, unignored files)
t=$(date +%s)
rm -rf "$clone"
git -C "$root" rev-parse HEAD >/dev/null
git clone -q --no-checkout "$root" "$clone"
git -C "$clone" fetch -q "$root" HEAD && git -C "$clone" checkout -q FETCH_HEAD
changed=$(git -C "$root" status --porcelain --untracked-files=all | wc -l)
if [ "$changed" -gt 0 ]; then
  echo "   the checkout has $changed uncommitted or new files: copied into the clone"
  (cd "$root" && git ls-files -mo --exclude-standard -z | xargs -0 -r tar -cf - ) | tar -xf - -C "$clone"
fi
echo "== clean clone of $(git -C "$root" rev-parse --short HEAD) in $clone"
# dev material the context must keep out (.dockerignore): the local KEK, vault and TLS key, and build output
(cd "$clone" && ./docker/init.sh >"$work/init.log" 2>&1) || { tail -20 "$work/init.log"; exit 1; }
# and the dev launcher's data, as on a developer's machine (random bytes stand in for its dev KEK keystore)
mkdir -p "$clone/.authio-dev" && head -c 2048 /dev/urandom >"$clone/.authio-dev/authio-kek.p12"
timed "clone and docker/init.sh" $(( $(date +%s) - t ))

# 3. the image, from docker/Dockerfile as shipped
t=$(date +%s)
(cd "$clone" && podman build -q --pull=never -f docker/Dockerfile -t "$image" . >"$work/build.log" 2>&1) \
  || { tail -40 "$work/build.log"; exit 1; }
# the first stage alone (cached layers), so a test can look at what the build context held
(cd "$clone" && podman build -q --pull=never -f docker/Dockerfile --target jars -t localhost/authio-keycloak:tier-jars . >>"$work/build.log" 2>&1)
# tag the middle stage too (cached, instant), so pruning the previous runs' untagged layers keeps this run's cache
(cd "$clone" && podman build -q --pull=never -f docker/Dockerfile --target builder -t localhost/authio-keycloak:tier-builder . >>"$work/build.log" 2>&1)
podman image prune -f >/dev/null 2>&1 || true
size=$(podman image inspect --format '{{.Size}}' "$image")
timed "image build" $(( $(date +%s) - t ))
echo "== image $image: $(( size / 1000000 )) MB (on the Debian stand-in base, see docker/README.md)"

# 4. the image with PostgreSQL, in production mode (start --optimized, TLS from init.sh, keycloak.conf as shipped)
t=$(date +%s)
podman rm -f authio-tier-kc authio-tier-pg >/dev/null 2>&1 || true
db_password=$(openssl rand -hex 16)
admin_password=$(openssl rand -hex 16)
podman run -d --name authio-tier-pg --network "$network" -p 127.0.0.1:$pg_port:5432 \
  -e POSTGRES_DB=keycloak -e POSTGRES_USER=keycloak -e POSTGRES_PASSWORD="$db_password" \
  localhost/authio-stand-in/postgres:15 >/dev/null
for _ in $(seq 1 60); do podman exec authio-tier-pg pg_isready -q -U keycloak -d keycloak && break; sleep 1; done
# the image's own command (start --optimized --import-realm); the documented run-time settings only
podman run -d --name authio-tier-kc --network "$network" \
  -p 127.0.0.1:$https_port:8443 -p 127.0.0.1:$management_port:9000 \
  -v "$clone/docker/local/tls:/opt/keycloak/conf/tls:ro" \
  -v "$clone/docker/local/kek:/opt/keycloak/kek:ro" \
  -v "$clone/docker/local/vault:/opt/keycloak/vault:ro" \
  -e KC_DB_URL=jdbc:postgresql://$host_from_container:$pg_port/keycloak \
  -e KC_DB_USERNAME=keycloak -e KC_DB_PASSWORD="$db_password" \
  -e KC_HOSTNAME=https://localhost:$https_port \
  -e KC_BOOTSTRAP_ADMIN_USERNAME=admin -e KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  -e KC_SPI_AUTHIO_DELIVERY__AUTHIO_DELIVERY__ALLOWED_NETWORKS=$host_from_container/32 \
  "$image" >/dev/null
ready=""
for _ in $(seq 1 300); do
  if curl -skf "https://localhost:$management_port/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  [ "$(podman inspect --format '{{.State.Running}}' authio-tier-kc)" = true ] || break
  sleep 1
done
if [ -z "$ready" ]; then
  podman logs authio-tier-kc 2>&1 | tail -40
  echo "FAIL: the image did not become ready (start --optimized)"; exit 1
fi
timed "image start with PostgreSQL (ready)" $(( $(date +%s) - t ))

# 5. docker/compose.yaml with podman-compose: the same image, the PostgreSQL and GreenMail stand-ins
t=$(date +%s)
compose_env=(AUTHIO_IMAGE="$image" AUTHIO_POSTGRES_IMAGE=localhost/authio-stand-in/postgres:15
  AUTHIO_MAIL_IMAGE=localhost/authio-stand-in/greenmail:2.1.8
  AUTHIO_HTTPS_PORT=$compose_https_port AUTHIO_MAIL_PORT=$mail_port)
compose() { (cd "$clone/docker" && env "${compose_env[@]}" podman-compose -p authio-tier -f compose.yaml "$@" >>"$work/compose.log" 2>&1) \
  || { tail -30 "$work/compose.log"; exit 1; }; }
: >"$work/compose.log"
# podman-compose 1.0 does not wait for `condition: service_healthy` (nor run health checks without systemd):
# start the database and the mail catcher first and wait for PostgreSQL as the health check would
compose up -d postgres mail
for _ in $(seq 1 60); do podman exec authio-tier_postgres_1 pg_isready -q -U keycloak -d keycloak 2>/dev/null && break; sleep 1; done
compose up -d --no-deps keycloak
timed "compose up (started, not yet ready)" $(( $(date +%s) - t ))

# 6. Podman's Docker-compatible API for Testcontainers (stopped on exit)
rm -f "$socket"
podman system service --time=0 "unix://$socket" >"$work/podman-service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 30); do [ -S "$socket" ] && break; sleep 0.5; done

# 7. the container tests
t=$(date +%s)
rm -f "$work/truststore.p12"
keytool -importcert -noprompt -alias authio-tier -file "$clone/docker/local/tls/tls.crt" \
  -keystore "$work/truststore.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
set +e
(cd "$clone" && DOCKER_HOST="unix://$socket" TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
  ./mvnw -B verify -Pcontainers -pl tests -am -Dauthio.tests.require-all \
    -Dauthio.container.image="$image" \
    -Dauthio.container.name=authio-tier-kc \
    -Dauthio.container.url=https://localhost:$https_port \
    -Dauthio.container.management-url=https://localhost:$management_port \
    -Dauthio.container.admin-password="$admin_password" \
    -Dauthio.container.host-from-container=$host_from_container \
    -Dauthio.container.network="$network" \
    -Dauthio.container.local-dir="$clone/docker/local" \
    -Dauthio.container.compose-project=authio-tier \
    -Dauthio.container.compose-url=https://localhost:$compose_https_port \
    -Dauthio.container.mail-url=http://localhost:$mail_port \
    -Dauthio.container.truststore="$work/truststore.p12" \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  ) 2>&1 | tee "$work/tests.log" | grep --line-buffered -E "^\[(INFO|ERROR|WARNING)\] (Tests run|Running|BUILD|.*FAIL)|SKIPPED-REASON"
status=${PIPESTATUS[0]}
set -e
timed "container tests" $(( $(date +%s) - t ))

echo "== container tier timings"
printf '   %s\n' "${timings[@]}"
echo "   total: $(( $(date +%s) - tier_start )) s"
exit $status
