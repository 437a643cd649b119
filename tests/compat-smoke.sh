#!/usr/bin/env bash
# Compatibility smoke test: the Authio jars (built from this checkout) on another Keycloak 26.x distribution
# from Maven Central. The integration suite cannot run there (Keycloak's test framework 26.7 drives only 26.7
# servers), so this script checks what breaks first when SPIs drift: the providers load, the KEK startup check
# runs, Liquibase creates Authio's tables, the demo realm imports with Authio's listener, a user created by an
# admin lands in the audit log, a data key rotates, and the admin-console pages are registered.
#   tests/compat-smoke.sh 26.5.6
set -euo pipefail
version=${1:?usage: tests/compat-smoke.sh <keycloak version, e.g. 26.5.6>}
cd "$(dirname "$0")/.."
root=$(pwd)
work=tests/target/compat-$version
port=8480
if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
  echo "port $port is in use: stop what listens there first"; exit 1
fi
./mvnw -B -q -DskipTests -pl providers/keycloak,themes -am package
./mvnw -B -q dependency:get -Dtransitive=false -Dartifact=org.keycloak:keycloak-quarkus-dist:$version:zip
rm -rf "$work" && mkdir -p "$work"
unzip -q ~/.m2/repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip -d "$work"
home=$(ls -d "$work"/keycloak-*)
cp providers/keycloak/target/authio-keycloak-*.jar themes/target/authio-theme-*.jar "$home/providers/"
mkdir -p "$home/data/import" && cp realm-config/*.json "$home/data/import/"
AUTHIO_KEK_PASSWORD=compat-smoke java -cp providers/keycloak/target/authio-keycloak-*.jar io.authio.core.keys.KekTool \
  keystore-create "$root/$work/kek.p12" authio-kek
(cd "$home" && KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin exec bin/kc.sh start-dev \
  --http-port=$port --http-management-port=$((port + 1000)) --import-realm \
  --spi-authio-kek--keystore--path="$root/$work/kek.p12" --spi-authio-kek--keystore--password=compat-smoke) \
  > "$work/server.log" 2>&1 &
server=$!
stop_server() {
  # start-dev re-launches the server JVM after its build step: stop it by its (unique) option too
  pkill -f -- "--keystore--password=compat-smoke" 2>/dev/null
  pkill -P "$server" 2>/dev/null; kill "$server" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$server" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$server" 2>/dev/null; true
}
trap stop_server EXIT
base=http://localhost:$port
for _ in $(seq 1 180); do
  curl -sf "$base/realms/authio-demo/.well-known/openid-configuration" >/dev/null && break
  kill -0 $server 2>/dev/null || { tail -20 "$work/server.log"; echo "FAIL: Keycloak $version did not start"; exit 1; }
  sleep 1
done
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print($1)"; }
token=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$base/realms/master/protocol/openid-connect/token" | json 'd["access_token"]')
auth=(-H "Authorization: Bearer $token")
status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"username":"compat","enabled":true,"email":"compat@authio.localhost"}' "$base/admin/realms/authio-demo/users")
[ "$status" = 201 ] || { echo "FAIL: user creation answered $status"; exit 1; }
type=$(curl -sf "${auth[@]}" "$base/admin/realms/authio-demo/authio/audit-events?limit=1" | json 'd["data"][0]["type"]')
[ "$type" = admin.user.created ] || { echo "FAIL: newest audit event is $type"; exit 1; }
version_after=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: application/json' -d '{}' \
  "$base/admin/realms/authio-demo/authio/keys/data-key/rotate" | json 'd["active_version"]')
[ "$version_after" = 1 ] || { echo "FAIL: data key rotation gave version $version_after"; exit 1; }
pages=$(curl -sf "${auth[@]}" "$base/admin/serverinfo" \
  | json 'sorted(t["id"] for t in d["componentTypes"].get("org.keycloak.services.ui.extend.UiPageProvider", []))')
[ "$pages" = "['authio-siem-sinks', 'authio-webhooks']" ] || { echo "FAIL: console pages $pages"; exit 1; }
echo "PASS: Authio on $(grep -o 'Keycloak [0-9.]* on JVM' "$work/server.log" | head -1)"
