#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (Swift Testing), printing the
# build and suite times. Extra arguments go to `swift test` (e.g. --filter CorpusTests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
start=$(date +%s)
swift build --build-tests
built=$(date +%s)
swift test --skip-build "$@"
done_at=$(date +%s)
echo "test build: $((built - start)) s; test suite: $((done_at - built)) s" >&2
