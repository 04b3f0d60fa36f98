#!/usr/bin/python3
"""A flash-sintering field sweep from Python: the onset furnace temperature of 3YSZ against the
applied field at 10 K/min, with the Todd et al. (2015) runaway criterion beside it, plotted with
matplotlib. The same runs as `kiln sweep`, driven one by one from a Python loop here to show the
API; kiln.sweep() runs a [sweep] table in parallel instead.

    /usr/bin/python3 examples/python_onset_map.py      # after ./scripts/setup.sh
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import kiln

here = os.path.dirname(os.path.abspath(__file__))
study = kiln.Study.from_file(os.path.join(here, "flash_3ysz_lumped.toml"))
study.set("output.plots", False)

fields = np.linspace(30, 240, 15)  # V/cm
onset, runaway = [], []
for E in fields:
    r = study.set("process.supply.field", f"{E} V/cm").run(output=f"runs/python_onset_map/{E:.0f}")
    flash = r.summary["flash"]
    onset.append(flash["onset furnace temperature [degC]"] if flash["flash occurred"] else np.nan)
    todd = r.summary.get("runaway criterion (Todd et al. 2015)")  # absent where no runaway exists below the limit
    runaway.append(todd["furnace temperature [K]"] - 273.15 if todd else np.nan)
    print(f"{E:6.0f} V/cm: onset at furnace {onset[-1]:7.1f} °C, runaway criterion {runaway[-1]:7.1f} °C")

# The whole sweep in parallel, as `kiln sweep` does (36 runs: 12 fields × 3 heating rates):
table = kiln.sweep(os.path.join(here, "flash_3ysz_onset_map.toml"), output="runs/python_onset_map/sweep").table

fig, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(fields, onset, "o-", label="flash onset (kiln, 10 K/min)")
ax.plot(fields, runaway, "--", label="runaway criterion (Todd et al. 2015)")
rate = table["process.furnace.heating_rate [K/min]"]
for r in np.unique(rate):
    at = rate == r
    ax.plot(table["process.supply.field [V/cm]"][at], table["onset furnace temperature [degC]"][at], ".", alpha=0.6,
            label=f"kiln.sweep, {r:g} K/min")
ax.set_xlabel("field [V/cm]")
ax.set_ylabel("furnace temperature at the flash [°C]")
ax.set_title("3YSZ flash onset from Python")
ax.legend()
fig.tight_layout()
os.makedirs("runs/python_onset_map", exist_ok=True)
fig.savefig("runs/python_onset_map/onset_map.png", dpi=120)
print("plot: runs/python_onset_map/onset_map.png")
