#include "studies/study_runner.hpp"

#include "cell/cell_study.hpp"
#include "fem/flash_fem_study.hpp"
#include "flash/flash_study.hpp"
#include "flash/onset_map.hpp"
#include "kinetics/densification.hpp"
#include "kinetics/law_selection.hpp"
#include "materials/study_input.hpp"
#include "sinter/sinter_study.hpp"
#include "sinter/sinter_sweep.hpp"

#include <fmt/format.h>

namespace kiln {

namespace {
bool is_sinter(const std::string& model) { return model.rfind("sinter.", 0) == 0; }

}  // namespace

const std::vector<std::string>& study_models() {
  static const std::vector<std::string> models{"flash.lumped", "flash.fem", "sinter.conventional", "sinter.pressure", "sinter.cold",
                                               "cell.thin_film", "cell.bulk"};
  return models;
}

std::string study_model(const InputDocument& document) {
  const InputTable solver = document.root().table("solver", "the model and its numerical settings");
  return solver.choice("model", study_models(), "the model to run");
}

SweepKind study_kind(const std::string& model, const MaterialDatabase& database) {
  // Sweeps, optimisations and calibrations run many studies in threads; the FEM model is parallel
  // by MPI instead, one study at a time.
  if (model == "flash.fem")
    throw std::runtime_error(
        "not yet: [sweep], kiln optimize and kiln fit do not drive flash.fem (its parallelism is MPI, one run at a "
        "time); run the points one by one (kiln run --set ...) or use flash.lumped for maps");
  if (model.rfind("cell.", 0) == 0) return cell_sweep_kind();
  return is_sinter(model) ? sinter_sweep_kind(database) : onset_map_kind(database);
}

StudyOutcome run_study(const InputDocument& document, const MaterialDatabase& database, bool show_progress) {
  StudyOutcome out;
  out.model = study_model(document);
  if (out.model == "flash.fem") {
    const FlashFemStudy study = FlashFemStudy::from_input(document, database);
    const FlashFemResult result = run_flash_fem_study(study, show_progress);
    out.material = study.material->name;
    out.directory = study.output_directory;
    out.exit_state = result.exit_state;
    out.summary = flash_fem_summary(study, result);
  } else if (out.model.rfind("cell.", 0) == 0) {
    const CellStudy study = CellStudy::from_input(document);
    const CellResult result = run_cell_study(study, show_progress);
    out.material = study.parameter_set;
    out.directory = study.output_directory;
    out.exit_state = result.exit_state;
    out.summary = cell_summary(study, result);
  } else if (is_sinter(out.model)) {
    const SinterStudy study = SinterStudy::from_input(document, database);
    const SinterResult result = run_sinter_study(study, show_progress);
    out.material = study.material->name;
    out.directory = study.output_directory;
    out.exit_state = result.exit_state;
    out.summary = sinter_summary(study, result);
  } else {
    const FlashStudy study = FlashStudy::from_input(document, database);
    const FlashResult result = run_flash_study(study, show_progress);
    out.material = study.material->name;
    out.directory = study.output_directory;
    out.exit_state = result.exit_state;
    out.summary = flash_summary(study, result);
  }
  return out;
}

SweepOutcome run_study_sweep(const InputDocument& document, const MaterialDatabase& database, bool show_progress) {
  const SweepKind kind = study_kind(study_model(document), database);
  const auto points = run_sweep(document, kind, {0, show_progress, true});
  SweepOutcome out;
  out.kind = kind.name;
  out.directory = read_output(document.root(), document.file()).directory;
  out.table = out.directory / kind.table_name;
  out.points = points.size();
  return out;
}

Material load_material_with_laws(const MaterialDatabase& database, const std::string& name) {
  Material m = database.load(name);
  const InputDocument none = InputDocument::from_string("", "(no input)");
  select_laws(none.root(), m, DensificationDefault::free);
  if (m.pressure_densification) make_densification_law(*m.pressure_densification, m.provenance);
  return m;
}

nlohmann::json material_json(const Material& m) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& v : m.provenance.values())
    values.push_back({{"key", v.key}, {"as_written", v.as_written}, {"si", v.si}, {"unit", v.si_unit}, {"source", v.source}});
  nlohmann::json refs = nlohmann::json::object();
  for (const auto& [key, text] : m.references) refs[key] = text;
  return {{"name", m.name}, {"full_name", m.full_name}, {"formula", m.formula}, {"kind", m.kind}, {"values", values}, {"references", refs}};
}

}  // namespace kiln
