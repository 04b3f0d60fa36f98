#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install the Debian packages, build kiln (Release)
# and run a first real example. Results land in runs/flash_3ysz_lumped/.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh

# Debian's python3 finds the kiln module in build/python through a .pth file in its site-packages.
site="$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO mkdir -p "$site"
echo "$PWD/build/python" | $SUDO tee "$site/kiln.pth" > /dev/null
echo "python3: import kiln  ($PWD/build/python, via $site/kiln.pth)"

echo
echo "== first example: flash sintering of a 3YSZ dog-bone at 100 V/cm, 10 K/min =="
./build/apps/kiln/kiln run examples/flash_3ysz_lumped.toml
echo
echo "kiln is built: ./build/apps/kiln/kiln --help"
echo "picture of the run: runs/flash_3ysz_lumped/plots/temperature.png"
./build/apps/kiln/kiln report runs/flash_3ysz_lumped > /dev/null
echo "report of the run:  runs/flash_3ysz_lumped/report.html (kiln report RUN_DIR)"
