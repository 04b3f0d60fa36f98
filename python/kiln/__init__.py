"""kiln from Python: the same studies, sweeps, reports and citations as the command line.

    import kiln
    result = kiln.run("examples/flash_3ysz_lumped.toml", set={"process.supply.field": "60 V/cm"})
    result.summary["flash"]["onset time [s]"]
    result.timeseries["specimen temperature [K]"]          # numpy array

    study = kiln.Study.from_file("examples/flash_3ysz_lumped.toml")
    study.set("process.furnace.heating_rate", "20 K/min")
    study.run(output="runs/fast")

    kiln.Study.from_dict({"material": {"name": "3YSZ"}, ...}).run()
    kiln.sweep("examples/flash_3ysz_onset_map.toml").table   # dict of numpy arrays
    kiln.report("runs/flash_3ysz_lumped")                    # -> path of report.html
    print(kiln.cite("runs/flash_3ysz_lumped", bibtex=True))

Every run writes the same run directory as `kiln run` (manifest.json, timeseries.csv,
summary.json, plots/). Bad input raises kiln.InputError (a ValueError) with the message the
command line prints; a solver that gives up raises kiln.SolverError (a RuntimeError).
"""
import csv
import json
import os

import numpy as np

from . import _kiln
from ._kiln import InputError, SolverError

__all__ = ["Study", "RunResult", "SweepResult", "run", "sweep", "materials", "material", "report", "cite",
           "read_table", "version", "InputError", "SolverError"]


def version():
    """kiln's banner: version, git revision, build type."""
    return _kiln.version()


def read_table(path):
    """A CSV written by kiln as {column: numpy array}; text columns stay lists of strings."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    table = {}
    for j, name in enumerate(header):
        cells = [r[j] if j < len(r) else "" for r in body]
        try:
            table[name] = np.array([float(c) if c != "" else np.nan for c in cells])
        except ValueError:
            table[name] = cells
    return table


class RunResult:
    """A finished run: its directory, summary (dict) and time series (dict of numpy arrays)."""

    def __init__(self, outcome):
        self.model = outcome["model"]
        self.material = outcome["material"]
        self.directory = outcome["directory"]
        self.exit_state = outcome["exit_state"]
        self.summary = outcome["summary"]
        self._timeseries = None

    @property
    def timeseries(self):
        if self._timeseries is None:
            self._timeseries = read_table(os.path.join(self.directory, "timeseries.csv"))
        return self._timeseries

    @property
    def manifest(self):
        with open(os.path.join(self.directory, "manifest.json")) as f:
            return json.load(f)

    def report(self, output=""):
        return report(self.directory, output)

    def cite(self, bibtex=False):
        return cite(self.directory, bibtex)

    def __repr__(self):
        return f"<kiln.RunResult {self.model} on {self.material}: {self.exit_state} in {self.directory}>"


class SweepResult:
    """A finished sweep: its directory, table (dict of numpy arrays) and per-point summaries."""

    def __init__(self, outcome):
        self.kind = outcome["kind"]
        self.directory = outcome["directory"]
        self.table_file = outcome["table"]
        self.points = outcome["points"]
        self.table = read_table(self.table_file)
        with open(os.path.join(self.directory, "summary.json")) as f:
            self.summary = json.load(f)

    def report(self, output=""):
        return report(self.directory, output)

    def __repr__(self):
        return f"<kiln.SweepResult {self.kind}: {self.points} runs in {self.directory}>"


def _assignment(key, value):
    """--set key=value as the command line writes it: quantities as strings, numbers as numbers."""
    if isinstance(value, bool):
        return f"{key}={'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"{key}={value!r}"
    if isinstance(value, str):
        return f"{key}={json.dumps(value)}"
    return f"{key}={json.dumps(value)}"


class Study:
    """A study from a TOML file or a dict (the same tables and keys), with overrides."""

    def __init__(self, file=None, data=None):
        if (file is None) == (data is None):
            raise ValueError("a Study comes from a file or from a dict")
        self.file = None if file is None else os.fspath(file)
        self.data = data
        self.overrides = {}

    @classmethod
    def from_file(cls, path):
        return cls(file=path)

    @classmethod
    def from_dict(cls, data):
        return cls(data=data)

    def set(self, key, value):
        """Override a dotted key, e.g. set("process.supply.field", "60 V/cm"). Returns the study."""
        self.overrides[key] = value
        return self

    def _call(self, function, output):
        sets = [_assignment(k, v) for k, v in self.overrides.items()]
        if self.file is not None:
            return json.loads(function(self.file, True, sets, os.fspath(output) if output else ""))
        return json.loads(function(json.dumps(self.data), False, sets, os.fspath(output) if output else ""))

    def run(self, output=None):
        """Run the study into its directory ([output] or `output`); returns a RunResult."""
        return RunResult(self._call(_kiln.run, output))

    def sweep(self, output=None):
        """Run the study's [sweep]; returns a SweepResult."""
        return SweepResult(self._call(_kiln.sweep, output))


def _study(source):
    if isinstance(source, Study):
        return source
    if isinstance(source, dict):
        return Study.from_dict(source)
    return Study.from_file(source)


def run(source, set=None, output=None):
    """Run a study given as a TOML path, a dict or a Study; `set` overrides keys."""
    study = _study(source)
    for k, v in (set or {}).items():
        study.set(k, v)
    return study.run(output)


def sweep(source, set=None, output=None):
    """Run the [sweep] of a study (path, dict or Study)."""
    study = _study(source)
    for k, v in (set or {}).items():
        study.set(k, v)
    return study.sweep(output)


def materials():
    """Names of the materials in the database."""
    return _kiln.materials()


def material(name):
    """A material's values (key, as written, SI value, unit, source) and references, as a dict."""
    return json.loads(_kiln.material(name))


def report(run_dir, output=""):
    """Write the self-contained HTML report of a run or sweep directory; returns its path."""
    return _kiln.report(os.fspath(run_dir), os.fspath(output) if output else "")


def cite(run_dir, bibtex=False):
    """The references a run used, as numbered text or as BibTeX."""
    return _kiln.cite(os.fspath(run_dir), bibtex)
