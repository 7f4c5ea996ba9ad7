#!/usr/bin/env bash
# Builds the package and its tests and fails when the compiler warns about the project's own code
# (Sources/, Tests/, Examples/): the build is kept free of warnings. Dependencies' warnings are not
# ours to fix and are ignored. The build is the one `swift test` then reuses.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|Build complete" || true
root=$(pwd)
if grep -E "^($root/)?(Sources|Tests|Examples)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u | grep .; then
  echo "check-warnings: the project's code has compiler warnings (above); fix them" >&2
  exit 1
fi
# SwiftPM names the package by its identity: this checkout's folder name in lower case.
# (A dependency's unhandled files, such as ZIPFoundation's privacy manifest, are not ours.)
self=$(basename "$root" | tr '[:upper:]' '[:lower:]')
if grep -qE "warning: '$self': found [0-9]+ file\(s\) which are unhandled" "$log"; then
  grep -A6 "which are unhandled" "$log" >&2
  echo "check-warnings: files in a target that SwiftPM does not handle; exclude them or declare them as resources" >&2
  exit 1
fi
echo "check-warnings: no compiler warnings in Sources, Tests or Examples"
