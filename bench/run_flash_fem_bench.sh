#!/usr/bin/env bash
# The FEM flash benchmark (docs/performance.md): kiln and FEniCSx on the same bar, mesh and
# algorithm (bench/flash_fem_bar.toml, bench/fenicsx_flash_step.py). Time per implicit-Euler step
# = (wall time of 10 steps - wall time of 1 step) / 9, so that set-up and output do not count.
#   bench/run_flash_fem_bench.sh 0.1e-3          # 116 k unknowns per field
#   bench/run_flash_fem_bench.sh 0.05e-3 2       # 887 k, 2 steps only
set -euo pipefail
cd "$(dirname "$0")/.."
h=${1:-0.1e-3}
steps=${2:-10}
kiln=build/apps/kiln/kiln
out=$(mktemp -d)
wall() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wall_time_s'])" "$1/manifest.json"; }
for np in 1 2; do
  run() { if [ "$np" = 1 ]; then "$kiln" "$@"; else OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 "$kiln" "$@"; fi; }
  run run bench/flash_fem_bar.toml -q -o "$out/one_$np" --set solver.mesh_size="$h" --set solver.end_time="0.5 s"
  run run bench/flash_fem_bar.toml -q -o "$out/many_$np" --set solver.mesh_size="$h" --set solver.end_time="$(( steps / 2 )).$(( steps % 2 * 5 )) s"
  /usr/bin/python3 - "$out/one_$np" "$out/many_$np" "$(wall "$out/one_$np")" "$(wall "$out/many_$np")" "$steps" "$np" <<'PY'
import json, sys
one, many, w1, wn, steps, np_ = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
s = json.load(open(many + "/summary.json"))
import csv
rows = list(csv.DictReader(open(many + "/timeseries.csv")))
print(f"kiln {np_} process(es): {s['mesh']['unknowns per field']} unknowns per field, {s['mesh']['cells']} cells, "
      f"{(wn - w1) / (steps - 1):.3f} s per step, total {wn:.2f} s for {steps} steps, "
      f"coupling iterations {s['solver']['coupling iterations']}, mean T {float(rows[-1]['specimen temperature [K]']):.6f} K, "
      f"max T {s['temperature']['final maximum temperature [K]']:.6f} K")
PY
done
/usr/bin/python3 bench/fenicsx_flash_step.py --mesh-size "$h" --steps "$steps" --quiet | grep -v "^RESULT"
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 /usr/bin/python3 bench/fenicsx_flash_step.py --mesh-size "$h" --steps "$steps" --quiet | grep -v "^RESULT" | sed 's/^/(2 processes) /'
rm -rf "$out"
