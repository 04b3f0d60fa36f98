#!/usr/bin/python3
"""Voltage against capacity of the Raijmakers 2020 thin-film cell at several C-rates, and its Ragone
plot (energy against power), from Python with matplotlib; the measured capacities of the paper's
Fig. 3 are marked for comparison.

    /usr/bin/python3 examples/python_cell_rates.py      # after ./scripts/setup.sh
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import kiln

here = os.path.dirname(os.path.abspath(__file__))
rates = [0.1, 0.5, 1, 2, 4, 6]
measured = {0.5: 0.2746, 1: 0.2473, 2: 0.2180, 4: 0.1858, 6: 0.1600}  # mAh/cm^2, Raijmakers 2020 Fig. 3
area_cm2 = 3.36

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5))
energy, power = [], []
for rate in rates:
    r = kiln.run(os.path.join(here, "cell_thin_film.toml"),
                 set={"experiment.steps": [f"Discharge at {rate}C until 3.0 V"]}, output=f"runs/python_cell_rates/{rate}C")
    ts = r.timeseries
    q = ts["capacity [A h]"] * 1e3 / area_cm2
    line, = ax1.plot(q, ts["voltage [V]"], label=f"{rate}C")
    if rate in measured:
        ax1.plot([measured[rate]], [3.0], "o", color=line.get_color(), mfc="none")
    first = r.summary["first discharge"]
    energy.append(first["energy [W h]"] * 1e3 / area_cm2)
    power.append(first["mean power [W]"] * 1e3 / area_cm2)
    print(f"{rate:4}C: {first['capacity [A h]'] * 1e6:7.1f} uAh, {first['mean voltage [V]']:.3f} V mean")
ax1.set_xlabel("capacity [mAh/cm²]")
ax1.set_ylabel("voltage [V]")
ax1.set_title("Discharge curves (circles: measured end, Raijmakers 2020 Fig. 3)")
ax1.legend()
ax2.loglog(power, energy, "o-")
for p, e, rate in zip(power, energy, rates):
    ax2.annotate(f"{rate}C", (p, e), textcoords="offset points", xytext=(4, 4))
ax2.set_xlabel("mean power [mW/cm²]")
ax2.set_ylabel("energy [mWh/cm²]")
ax2.set_title("Ragone plot")
fig.tight_layout()
fig.savefig("runs/python_cell_rates/rates.png", dpi=110)
print("plot: runs/python_cell_rates/rates.png")
