#include "flash/onset_map.hpp"

#include "flash/flash_study.hpp"

namespace kiln {

SweepKind onset_map_kind(const MaterialDatabase& database) {
  SweepKind kind;
  kind.name = "flash.onset_map";
  kind.table_name = "onset_map.csv";
  kind.validate = [database](const InputDocument& doc) { FlashStudy::from_input(doc, database); };
  kind.run = [database](const InputDocument& doc) {
    const FlashStudy study = FlashStudy::from_input(doc, database);
    return flash_summary(study, study.model->run(study.settings));
  };
  kind.output_directory = [database](const InputDocument& doc) { return FlashStudy::from_input(doc, database).output_directory; };
  kind.resolved_input = [database](const InputDocument& doc) { return FlashStudy::from_input(doc, database).resolved_input; };
  kind.plots = [database](const InputDocument& doc) { return FlashStudy::from_input(doc, database).plots; };
  const std::string runaway = "runaway criterion (Todd et al. 2015)";
  kind.columns = {
      {"flash", [](const nlohmann::json& s) { return std::string(s["flash"]["flash occurred"].get<bool>() ? "yes" : "no"); }},
      {"onset furnace temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset furnace temperature [K]", 1, -273.15); }, true, "onset_map"},
      {"incubation time [s]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "incubation time [s]"); }, true, "incubation"},
      {"onset specimen temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset specimen temperature [K]", 1, -273.15); }},
      {"onset power density [mW/mm^3]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset power density [W/m^3]", 1e-6); }},
      {"runaway criterion furnace temperature [degC]", [runaway](const nlohmann::json& s) { return summary_cell(s, runaway, "furnace temperature [K]", 1, -273.15); }},
      {"peak specimen temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "temperature", "peak specimen temperature [K]", 1, -273.15); }},
      {"final relative density", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final relative density"); }},
      {"exit state", [](const nlohmann::json& s) { return "\"" + s["exit state"].get<std::string>() + "\""; }},
  };
  return kind;
}

}  // namespace kiln
