#include "flash/onset_map.hpp"

#include "flash/flash_study.hpp"

namespace kiln {

SweepKind onset_map_kind(const MaterialDatabase& database) {
  const std::string runaway = "runaway criterion (Todd et al. 2015)";
  std::vector<SweepColumn> columns = {
      {"flash", [](const nlohmann::json& s) { return std::string(s["flash"]["flash occurred"].get<bool>() ? "yes" : "no"); }},
      {"onset furnace temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset furnace temperature [K]", 1, -273.15); }, true, "onset_map"},
      {"incubation time [s]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "incubation time [s]"); }, true, "incubation"},
      {"onset specimen temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset specimen temperature [K]", 1, -273.15); }},
      {"onset power density [mW/mm^3]", [](const nlohmann::json& s) { return summary_cell(s, "flash", "onset power density [W/m^3]", 1e-6); }},
      {"runaway criterion furnace temperature [degC]", [runaway](const nlohmann::json& s) { return summary_cell(s, runaway, "furnace temperature [K]", 1, -273.15); }},
      {"peak specimen temperature [degC]", [](const nlohmann::json& s) { return summary_cell(s, "temperature", "peak specimen temperature [K]", 1, -273.15); }},
      {"final relative density", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final relative density"); }},
  };
  return study_sweep_kind<FlashStudy>("flash.onset_map", "onset_map.csv", database,
                                    [](const FlashStudy& s, const auto& r) { return flash_summary(s, r); }, std::move(columns));
}

}  // namespace kiln
