#!/usr/bin/env bash
# One-time local setup for docker/compose.yaml: a self-signed TLS certificate for localhost, a KEK keystore
# (made by Authio's KekTool) and the vault file holding its password. Everything lands in docker/local/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p local/tls local/kek local/vault
if [ ! -f local/tls/tls.crt ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -days 365 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost" -keyout local/tls/tls.key -out local/tls/tls.crt
fi
if [ ! -f local/kek/authio-kek.p12 ]; then
  (cd .. && ./mvnw -B -q -DskipTests -pl providers/keycloak -am package)
  AUTHIO_KEK_PASSWORD="$(openssl rand -base64 32)"
  export AUTHIO_KEK_PASSWORD
  java -cp ../providers/keycloak/target/authio-keycloak-*.jar io.authio.core.keys.KekTool keystore-create local/kek/authio-kek.p12 authio-kek
  printf '%s' "$AUTHIO_KEK_PASSWORD" > local/vault/master_authio-kek-password
fi
# Keycloak runs as uid 1000 in the image
chmod 0644 local/tls/tls.crt local/tls/tls.key local/kek/authio-kek.p12 local/vault/master_authio-kek-password
echo "docker/local is ready: docker compose -f docker/compose.yaml up --build"
