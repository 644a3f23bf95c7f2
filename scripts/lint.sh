#!/usr/bin/env bash
# Checks the formatting of every Swift file against .swift-format (swift-format ships with the
# toolchain). Fix with: swift format format -i -r Sources Tests Benchmarks/FairAuditBench
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict -r Sources Tests Benchmarks/FairAuditBench
echo "lint: swift-format clean" >&2
