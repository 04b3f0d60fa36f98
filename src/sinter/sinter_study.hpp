// A furnace-sintering study from one input file: solver.model = "sinter.conventional" (a furnace
// program: ramps, holds, two-step sintering) or "sinter.pressure" (plus a pressure program:
// hot pressing, SPS/FAST, HIP, oscillatory pressure). Writes the run directory like every study.
#pragma once

#include "core/input.hpp"
#include "materials/material.hpp"
#include "sinter/sinter_model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace kiln {

struct SinterStudy {
  std::string model_name;  // "sinter.conventional" or "sinter.pressure"
  std::shared_ptr<const Material> material;
  std::shared_ptr<const SinterModel> model;
  SinterSolverSettings settings;
  std::filesystem::path output_directory;
  bool plots = true;
  std::string input_file;
  nlohmann::json resolved_input;

  static SinterStudy from_input(const InputDocument& document, const MaterialDatabase& database);
  // The columns of timeseries.csv and one row of it: shared by the run directory and by drivers
  // that need the curves in memory (kiln fit).
  std::vector<std::string> timeseries_columns() const;
  static std::vector<double> timeseries_row(const SinterObservation& o);
};

SinterResult run_sinter_study(const SinterStudy& study, bool show_progress);
nlohmann::json sinter_summary(const SinterStudy& study, const SinterResult& result);

}  // namespace kiln
