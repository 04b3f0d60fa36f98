#include "sinter/sinter_sweep.hpp"

#include "sinter/sinter_study.hpp"

namespace kiln {

SweepKind sinter_sweep_kind(const MaterialDatabase& database) {
  std::vector<SweepColumn> columns = {
      {"final relative density", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final relative density"); }, true, "final_density", "right bottom"},
      {"final grain size [um]", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "final grain size [m]", 1e6); }, true, "final_grain_size", "left top"},
      {"lithium lost [-]", [](const nlohmann::json& s) { return summary_cell(s, "lithium", "lost fraction of the initial lithium"); }, true, "lithium_loss", "left top"},
      {"time to 95 % density [h]", [](const nlohmann::json& s) { return summary_cell(s, "microstructure", "time to 95 % density [s]", 1.0 / 3600); }},
      {"temperature at peak densification rate [degC]", [](const nlohmann::json& s) { return summary_cell(s, "densification", "temperature at peak rate [K]", 1, -273.15); }},
  };
  return study_sweep_kind<SinterStudy>("sinter.schedule_map", "schedule_map.csv", database,
                                    [](const SinterStudy& s, const auto& r) { return sinter_summary(s, r); }, std::move(columns));
}

}  // namespace kiln
