#!/usr/bin/env bash
# Refreshes the vendored front-end libraries from the npm registry.
# Run by hand when upgrading; the build never fetches anything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
v="$root/crates/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent htmx.org@2.0.11 leaflet@1.9.4 @picocss/pico@2.1.1 jsqr@1.4.0 >/dev/null
for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
cp htmx.org-*/package/dist/htmx.min.js "$v/htmx/"
cp leaflet-*/package/dist/leaflet.js leaflet-*/package/dist/leaflet.css "$v/leaflet/"
cp leaflet-*/package/dist/images/*.png "$v/leaflet/images/"
cp picocss-pico-*/package/css/pico.jade.min.css "$v/pico/"
mkdir -p "$v/jsqr"
cp jsqr-*/package/dist/jsQR.js jsqr-*/package/LICENSE "$v/jsqr/"
echo "vendored files refreshed in $v"
