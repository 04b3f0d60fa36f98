// A cell study (solver.model = "cell.thin_film"): a parameter set from data/cells/<name>.toml
// (every value with its unit and source, overridable in the input's [cell] table), an
// [experiment] of protocol steps repeated `cycles` times, and the run directory it writes:
// timeseries.csv (voltage, current, capacity, energy, overpotential breakdown), profiles.csv
// (lithium in the cathode film at the end of each step), summary.json and plots.
//
//   [cell]
//   parameters = "LiCoO2_LiPON_thin_film"
//   electrolyte_thickness = "2 um"          # any parameter, with units; its source becomes "the input"
//   [experiment]
//   steps = ["Discharge at 1C until 3.0 V", "Rest for 10 minutes", "Charge at C/2 until 4.2 V"]
//   cycles = 1
#pragma once

#include "cell/bulk_cell.hpp"
#include "cell/thin_film_cell.hpp"
#include "core/input.hpp"
#include "core/provenance.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

struct CellStudy {
  std::string model_name;  // "cell.thin_film" | "cell.bulk"
  std::string parameter_set;
  std::shared_ptr<const CellModel> model;
  std::shared_ptr<const ThinFilmCell> thin_film;  // the model, when a thin film
  std::shared_ptr<const BulkCell> bulk;           // the model, when a bulk cell
  nlohmann::json cell_info;                       // capacity, resistances, area for the summary
  nlohmann::json separator;                       // the sintering run the separator comes from, if any
  std::vector<ProtocolStep> steps;
  int cycles = 1;
  CellSolverSettings settings;
  std::filesystem::path output_directory;
  bool plots = true;
  std::string input_file;
  nlohmann::json resolved_input;

  static CellStudy from_input(const InputDocument& document);
  std::vector<std::string> timeseries_columns() const;
  static std::vector<double> timeseries_row(const CellObservation& o);
};

CellResult run_cell_study(const CellStudy& study, bool show_progress);
nlohmann::json cell_summary(const CellStudy& study, const CellResult& result);

// data/cells/*.toml names.
std::vector<std::string> cell_parameter_sets();

}  // namespace kiln

#include "core/sweep.hpp"
namespace kiln {
// How sweeps, optimisations and fits run a cell study: rate capability tables (capacity, energy,
// mean voltage and power of the first discharge) and Ragone plots.
SweepKind cell_sweep_kind();
}  // namespace kiln
