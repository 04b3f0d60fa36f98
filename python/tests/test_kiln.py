"""The Python module against the command line: same runs to the last digit, same error messages,
reports that a browser renders, citations. Run by `./scripts/test.sh` (CTest: python.pytest) with
PYTHONPATH=build/python and KILN_BIN set to the kiln program."""
import html.parser
import json
import os
import shutil
import subprocess
import tomllib

import numpy as np
import pytest

import kiln

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KILN = os.environ.get("KILN_BIN", os.path.join(ROOT, "build", "apps", "kiln", "kiln"))
FLASH = os.path.join(ROOT, "examples", "flash_3ysz_lumped.toml")
SINTER = os.path.join(ROOT, "examples", "sinter_llzo_conventional.toml")
CELL = os.path.join(ROOT, "examples", "cell_thin_film.toml")


def cli(*args):
    return subprocess.run([KILN, *args], capture_output=True, text=True)


@pytest.mark.parametrize("example, key, value", [(FLASH, "process.furnace.heating_rate", "20 K/min"),
                                                (SINTER, "specimen.green_density", 0.6),
                                                (CELL, "experiment.rate_scale", 2)])
def test_run_from_python_equals_the_command_line_to_the_last_digit(tmp_path, example, key, value):
    a, b = tmp_path / "cli", tmp_path / "python"
    text = f"{key}={json.dumps(value)}"
    done = cli("run", example, "-q", "--set", text, "-o", str(a))
    assert done.returncode == 0, done.stderr
    result = kiln.run(example, set={key: value}, output=b)
    assert (a / "timeseries.csv").read_bytes() == (b / "timeseries.csv").read_bytes()
    assert json.loads((a / "summary.json").read_text()) == result.summary
    assert result.exit_state == json.loads((a / "manifest.json").read_text())["exit_state"]


def test_time_series_are_numpy_arrays_and_a_dict_study_equals_its_file(tmp_path):
    with open(FLASH, "rb") as f:
        data = tomllib.load(f)
    from_file = kiln.Study.from_file(FLASH).run(output=tmp_path / "file")
    from_dict = kiln.Study.from_dict(data).run(output=tmp_path / "dict")
    T = from_file.timeseries["specimen temperature [K]"]
    assert isinstance(T, np.ndarray) and T.size > 100 and np.all(np.isfinite(T))
    np.testing.assert_array_equal(T, from_dict.timeseries["specimen temperature [K]"])
    assert from_file.timeseries["supply mode"][-1] in ("voltage", "current")
    assert from_file.summary == from_dict.summary


@pytest.mark.parametrize("override, fragment", [
    ({"process.supply.feild": 60}, "did you mean 'field'?"),
    ({"process.supply.field": "3 K"}, "wrong dimension"),
    ({"specimen.green_density": 1.5}, "specimen.green_density"),
])
def test_input_errors_are_python_exceptions_with_the_command_lines_message(tmp_path, override, fragment):
    (key, value), = override.items()
    with pytest.raises(kiln.InputError) as error:
        kiln.run(FLASH, set=override, output=tmp_path / "x")
    text = f"{key}={json.dumps(value) if isinstance(value, str) else value}"
    done = cli("run", FLASH, "-q", "--set", text, "-o", str(tmp_path / "y"))
    assert done.returncode == 2
    assert done.stderr.strip() == "kiln: error: " + str(error.value)
    assert fragment in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_dict_study_reports_its_own_mistakes():
    with pytest.raises(kiln.InputError, match="<dict>.*solver"):
        kiln.Study.from_dict({"material": {"name": "3YSZ"}}).run()
    with pytest.raises(kiln.InputError, match="unknown material \"3YZS\".*did you mean \"3YSZ\""):
        kiln.Study.from_dict({"material": {"name": "3YZS"}, "solver": {"model": "flash.lumped"}}).run()


def test_sweep_gives_its_table_as_arrays(tmp_path):
    result = kiln.sweep(os.path.join(ROOT, "examples", "flash_3ysz_onset_map.toml"),
                        set={"sweep.from": "60 V/cm", "sweep.to": "150 V/cm", "sweep.count": 3}, output=tmp_path / "map")
    onset = result.table["onset furnace temperature [degC]"]
    assert result.points == len(onset) == 9  # 3 fields x 3 heating rates
    assert np.all(np.isfinite(onset))
    # At each heating rate the flash starts at a lower furnace temperature in a stronger field.
    field = result.table["process.supply.field [V/cm]"]
    rate = result.table[[k for k in result.table if k.startswith("process.furnace.heating_rate")][0]]
    for r in np.unique(rate):
        at = rate == r
        assert np.all(np.diff(onset[at][np.argsort(field[at])]) < 0)


def test_materials_carry_their_sources():
    assert "LLZO-Ta" in kiln.materials()
    m = kiln.material("3YSZ")
    assert m["name"] == "3YSZ"
    assert all(v["source"] for v in m["values"])
    assert "Cologna2010" in m["references"]


class _Html(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.svgs, self.errors = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1
        if tag not in ("meta", "br", "img", "hr", "input", "link", "path", "rect", "line", "circle", "use", "polygon",
                       "polyline", "ellipse", "stop", "image"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag in ("path", "rect", "line", "circle", "use", "polygon", "polyline", "ellipse", "stop", "image"):
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


@pytest.fixture(scope="module")
def flash_run(tmp_path_factory):
    return kiln.run(FLASH, output=tmp_path_factory.mktemp("report") / "run")


def test_report_is_well_formed_html_with_every_plot_and_the_citations(flash_run):
    path = flash_run.report()
    text = open(path, encoding="utf-8").read()
    parser = _Html()
    parser.feed(text)
    plots = [f for f in os.listdir(os.path.join(flash_run.directory, "plots")) if f.endswith(".svg")]
    assert len(plots) == 4
    assert parser.svgs >= len(plots)
    for p in plots:
        assert f'id="plot-{p[:-4]}"' in text
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    assert "Cite this" in text and "Todd2015" in text and "Joule heating during flash-sintering" in text
    assert "theoretical_density" in text  # material values with their sources
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org", "")  # self-contained


def test_report_renders_in_headless_chromium_without_errors(flash_run, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is installed by scripts/install-deps.sh"
    page = kiln.report(flash_run.directory, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr", "--v=0", "--window-size=1100,2400", f"--screenshot={shot}", f"file://{page}"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20000, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile2'}",
                          "--dump-dom", f"file://{page}"], capture_output=True, text=True, timeout=120)
    assert "Cite this" in dom.stdout and dom.stdout.count("<svg") >= 4


def test_cite_gives_text_and_bibtex_of_what_the_run_used(flash_run):
    text = kiln.cite(flash_run.directory)
    assert text.startswith("[kiln] ")
    for key in ("Raj2012", "Todd2015", "Cologna2010"):
        assert f"[{key}]" in text
    bib = flash_run.cite(bibtex=True)
    assert "@article{Todd2015," in bib and "@article{Raj2012," in bib and "@misc{kiln," in bib
    assert bib.count("{") == bib.count("}")
    done = cli("cite", flash_run.directory, "--bibtex")
    assert done.stdout == bib


def test_fem_run_matches_command_line(tmp_path):
    """flash.fem from Python: the same run as `kiln run`, charge conserved, fields written."""
    plate = os.path.join(ROOT, "tests", "data", "fem", "plate.toml")
    r = kiln.run(plate, output=str(tmp_path / "py"))
    assert r.summary["model"] == "flash.fem"
    assert r.summary["charge"]["largest relative imbalance"] < 1e-8
    assert os.path.exists(tmp_path / "py" / "fields" / "fields.pvd")
    done = cli("run", plate, "-q", "-o", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "cli" / "summary.json") as f:
        s = json.load(f)
    assert s["temperature"]["final maximum temperature [K]"] == r.summary["temperature"]["final maximum temperature [K]"]
