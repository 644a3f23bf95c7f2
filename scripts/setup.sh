#!/usr/bin/env bash
# Installs the system packages fairaudit needs (libcmark-dev, pkg-config) when missing.
# Idempotent; uses sudo when not run as root. Swift itself must already be on PATH.
set -euo pipefail
command -v swift >/dev/null || { echo "error: swift is not on PATH (fairaudit needs Swift 6.0 or newer)" >&2; exit 1; }
missing=()
for pkg in libcmark-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
