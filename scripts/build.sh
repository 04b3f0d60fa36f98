#!/usr/bin/env bash
# Configures (once) and builds kiln in build/ with Ninja, Release, ccache when present.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build --parallel "$(nproc)"
