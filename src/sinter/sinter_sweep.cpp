#include "sinter/sinter_sweep.hpp"

#include "sinter/sinter_study.hpp"

namespace kiln {

SweepKind sinter_sweep_kind(const MaterialDatabase& database) {
  SweepKind kind;
  kind.name = "sinter.schedule_map";
  kind.table_name = "schedule_map.csv";
  kind.validate = [database](const InputDocument& doc) { SinterStudy::from_input(doc, database); };
  kind.run = [database](const InputDocument& doc) {
    const SinterStudy study = SinterStudy::from_input(doc, database);
    return sinter_summary(study, study.model->run(study.settings));
  };
  kind.output_directory = [database](const InputDocument& doc) { return SinterStudy::from_input(doc, database).output_directory; };
  kind.resolved_input = [database](const InputDocument& doc) { return SinterStudy::from_input(doc, database).resolved_input; };
  kind.plots = [database](const InputDocument& doc) { return SinterStudy::from_input(doc, database).plots; };
  kind.columns = {
      {"final relative density", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final relative density"); }, true, "final_density", "right bottom"},
      {"final grain size [um]", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final grain size [m]", 1e6); }, true, "final_grain_size", "left top"},
      {"lithium lost [-]", [](const nlohmann::json& s) { return summary_cell(s, "lithium", "lost fraction of the initial lithium"); }, true, "lithium_loss", "left top"},
      {"time to 95 % density [h]", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "time to 95 % density [s]", 1.0 / 3600); }},
      {"temperature at peak densification rate [degC]", [](const nlohmann::json& s) { return summary_cell(s, "densification", "temperature at peak rate [K]", 1, -273.15); }},
      {"exit state", [](const nlohmann::json& s) { return "\"" + s["exit state"].get<std::string>() + "\""; }},
  };
  return kind;
}

}  // namespace kiln
