#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install the Debian packages, build kiln (Release)
# and run a first real example. Results land in runs/flash_3ysz_lumped/.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh

echo
echo "== first example: flash sintering of a 3YSZ dog-bone at 100 V/cm, 10 K/min =="
./build/apps/kiln/kiln run examples/flash_3ysz_lumped.toml
echo
echo "kiln is built: ./build/apps/kiln/kiln --help"
echo "picture of the run: runs/flash_3ysz_lumped/plots/temperature.png"
