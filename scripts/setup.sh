#!/usr/bin/env bash
# Installs what Frontier needs on a fresh Debian machine with Node 20:
# system packages through apt-get when run as root (otherwise it prints the
# command to run and carries on), then the npm workspace with `npm ci`, which also
# builds the native onednn backend when oneDNN is present.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libdnnl-dev postgresql g++ make python3 chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}"
    echo "setup: run: sudo apt-get install -y ${missing[*]}   (continuing without them)"
  fi
fi

stamp=node_modules/.frontier-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
  touch "$stamp"
elif [ -n "$(find packages/backend-onednn/native packages/backend-onednn/binding.gyp -newer "$stamp" 2>/dev/null | head -1)" ]; then
  npm run build -w @frontier/backend-onednn
  touch "$stamp"
fi
