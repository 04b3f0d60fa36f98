#!/usr/bin/env python3
"""flash.fem on 1 and 2 MPI processes: the summaries must agree to solver tolerance.

Usage: compare_mpi_runs.py KILN INPUT WORKDIR
Runs `kiln run INPUT` serially and under `mpirun -np 2`, then compares the headline figures.
"""
import json
import os
import subprocess
import sys

kiln, input_file, work = sys.argv[1:4]
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
serial = os.path.join(work, "serial")
parallel = os.path.join(work, "parallel")
subprocess.run([kiln, "run", input_file, "-q", "-o", serial], check=True, env=env)
subprocess.run(["mpirun", "-np", "2", kiln, "run", input_file, "-q", "-o", parallel], check=True, env=env)
a = json.load(open(os.path.join(serial, "summary.json")))
b = json.load(open(os.path.join(parallel, "summary.json")))
assert a["mesh"]["processes"] == 1 and b["mesh"]["processes"] == 2, (a["mesh"], b["mesh"])
checks = [("flash", "onset time [s]"), ("temperature", "peak specimen temperature [K]"),
          ("temperature", "final maximum temperature [K]"), ("temperature", "final surface temperature [K]"),
          ("hot spots", "peak core-surface difference [K]"), ("energy", "electrical energy [J]"),
          ("microstructure", "final relative density"), ("charge", "final current [A]")]
worst = 0.0
for group, key in checks:
    x, y = a[group][key], b[group][key]
    rel = abs(x - y) / max(abs(x), 1e-30)
    worst = max(worst, rel)
    print(f"{group} / {key}: 1 process {x:.10g}, 2 processes {y:.10g}, relative difference {rel:.2e}")
    if rel > 1e-6:
        sys.exit(f"FAILED: {group} / {key} differs by {rel:.2e} between 1 and 2 processes")
print(f"1 and 2 processes agree to {worst:.1e}")
