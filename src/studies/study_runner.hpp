// What `kiln run`, `kiln sweep`, `kiln optimize`, `kiln fit` and the Python module share: from an
// input document to the study of the model it names (solver.model), run into its directory.
// The command line and the Python module only parse their arguments and call these.
#pragma once

#include "core/input.hpp"
#include "core/sweep.hpp"
#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kiln {

// The models kiln runs, as solver.model names them.
const std::vector<std::string>& study_models();
// solver.model of a document (an InputError names the choices).
std::string study_model(const InputDocument& document);
// How a driver (sweep, optimisation, calibration) runs one point of a study of this model.
SweepKind study_kind(const std::string& model, const MaterialDatabase& database);

struct StudyOutcome {
  std::string model;     // solver.model
  std::string material;  // the material's name
  std::filesystem::path directory;
  std::string exit_state;
  nlohmann::json summary;  // as summary.json
};

// Runs the study of one input (no [sweep]) into its run directory.
StudyOutcome run_study(const InputDocument& document, const MaterialDatabase& database, bool show_progress);

struct SweepOutcome {
  std::string kind;  // "flash.onset_map", "sinter.schedule_map"
  std::filesystem::path directory;
  std::filesystem::path table;  // the sweep's CSV table
  std::size_t points = 0;
};

// Runs the [sweep] of an input into its directory.
SweepOutcome run_study_sweep(const InputDocument& document, const MaterialDatabase& database, bool show_progress);

// A material of the database with its laws built, so that every value (laws' parameters included)
// is in its provenance with the source.
Material load_material_with_laws(const MaterialDatabase& database, const std::string& name);
// The same as JSON: name, full name, formula, values [{key, as_written, si, unit, source}], references.
nlohmann::json material_json(const Material& material);


}  // namespace kiln
