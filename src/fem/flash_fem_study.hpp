// A finite-element flash study (solver.model = "flash.fem") as a user writes it: the lumped
// study's material, furnace, supply and laws, plus the specimen's real shape, the spatial model,
// the mesh, electrode contacts and field output. Runs into a run directory like every study:
// manifest, timeseries.csv (the lumped model's columns plus hot-spot measures), summary.json,
// plots, and the fields (VTU/PVD) with a picture of the temperature on the deformed specimen.
#pragma once

#include "core/input.hpp"
#include "fem/flash_fem_model.hpp"
#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace kiln {

struct FlashFemStudy {
  std::shared_ptr<const Material> material;
  FlashFemSetup setup;
  std::filesystem::path output_directory;
  bool plots = true;
  std::string input_file;
  nlohmann::json resolved_input;

  static FlashFemStudy from_input(const InputDocument& document, const MaterialDatabase& database);
  static std::vector<std::string> timeseries_columns();
  static std::vector<double> timeseries_row(const FlashFemObservation& o);
};

// Runs the study. Under MPI every process calls this; rank 0 writes the files and shows progress.
FlashFemResult run_flash_fem_study(const FlashFemStudy& study, bool show_progress);

nlohmann::json flash_fem_summary(const FlashFemStudy& study, const FlashFemResult& result);

}  // namespace kiln
