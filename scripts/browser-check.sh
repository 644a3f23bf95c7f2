#!/usr/bin/env bash
# Renders each HTML report in headless Chromium (Debian package `chromium`), saves a screenshot, a
# full-page screenshot and a PDF under out/browser/, and fails on console errors, any request that
# is not the report itself, a layout wider than the viewport (1280 and 800 px) or a broken
# in-page link. Default: the example reports in Reports/. Installs chromium with apt when missing.
#   bash scripts/browser-check.sh [report.html ...]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing chromium" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if [ $# -eq 0 ]; then set -- Reports/*.html; fi
python3 scripts/browser_check.py out/browser "$@"
