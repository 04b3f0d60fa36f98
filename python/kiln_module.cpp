// The Python module's native part (kiln._kiln): thin bindings to the same library functions the
// command line calls, exchanging JSON text so that Python gets plain dicts. kiln/__init__.py
// builds the user-facing API (Study, run, sweep, results as numpy arrays) on top.
#include "core/input.hpp"
#include "studies/citations.hpp"
#include "studies/report.hpp"
#include "core/run_directory.hpp"
#include "materials/material.hpp"
#include "solvers/stiff_integrator.hpp"
#include "studies/study_runner.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace kiln;

namespace {

InputDocument document(const std::string& source, bool is_file, const std::vector<std::string>& sets, const std::string& output) {
  InputDocument doc = is_file ? InputDocument::from_file(source) : input_from_json(nlohmann::json::parse(source), "<dict>");
  for (const auto& s : sets) doc.set(s);
  if (!output.empty()) doc.set("output.directory=" + toml::format(toml::value(output)));
  return doc;
}

std::string run(const std::string& source, bool is_file, const std::vector<std::string>& sets, const std::string& output) {
  const InputDocument doc = document(source, is_file, sets, output);
  StudyOutcome out;
  {
    py::gil_scoped_release release;
    out = run_study(doc, MaterialDatabase::default_database(), false);
  }
  return nlohmann::json{{"model", out.model}, {"material", out.material}, {"directory", out.directory.string()},
                        {"exit_state", out.exit_state}, {"summary", out.summary}}
      .dump();
}

std::string sweep(const std::string& source, bool is_file, const std::vector<std::string>& sets, const std::string& output) {
  const InputDocument doc = document(source, is_file, sets, output);
  if (!doc.root().has("sweep")) throw InputError(doc.file(), 0, "", "a sweep needs a [sweep] table (parameter = \"process.supply.field\", values = [...])");
  SweepOutcome out;
  {
    py::gil_scoped_release release;
    out = run_study_sweep(doc, MaterialDatabase::default_database(), false);
  }
  return nlohmann::json{{"kind", out.kind}, {"directory", out.directory.string()}, {"table", out.table.string()}, {"points", out.points}}
      .dump();
}

}  // namespace

PYBIND11_MODULE(_kiln, m) {
  m.doc() = "kiln: simulator for making solid-state batteries (native part; use the kiln package)";
  // Errors keep the command line's messages; InputError is also a ValueError, SolverError a RuntimeError.
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<SolverError>(m, "SolverError", PyExc_RuntimeError);
  m.def("version", [] { return kiln_banner(); });
  m.def("run", &run, py::arg("source"), py::arg("is_file"), py::arg("sets"), py::arg("output"),
        "Run the study of a TOML file or of a JSON object; returns JSON (model, material, directory, exit_state, summary).");
  m.def("sweep", &sweep, py::arg("source"), py::arg("is_file"), py::arg("sets"), py::arg("output"),
        "Run the [sweep] of a study; returns JSON (kind, directory, table, points).");
  m.def("materials", [] { return MaterialDatabase::default_database().names(); }, "Names of the materials in the database.");
  m.def("material", [](const std::string& name) {
    return material_json(load_material_with_laws(MaterialDatabase::default_database(), name)).dump();
  }, py::arg("name"), "A material's values with units and sources, and its references (JSON).");
  m.def("report", [](const std::string& run_dir, const std::string& output) { return write_report(run_dir, output).string(); },
        py::arg("run_dir"), py::arg("output") = "", "Write the HTML report of a run or sweep directory; returns its path.");
  m.def("cite", [](const std::string& run_dir, bool bibtex) { return citations_of_run(run_dir, bibtex); }, py::arg("run_dir"),
        py::arg("bibtex") = false, "The references a run used, as text or BibTeX.");
}
