#!/usr/bin/env bash
# Builds what changed and runs the whole test suite (labels: unit, verification, validation).
# Pass ctest options through, e.g. scripts/test.sh -L validation
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)" "$@"
