// A lumped flash-sintering study as a user describes it in one input file: material, specimen,
// furnace schedule, power supply, kinetics, solver and output settings. This is where an input
// document becomes a FlashLumpedModel, and where a run becomes a run directory.
#pragma once

#include "core/input.hpp"
#include "flash/flash_lumped_model.hpp"
#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace kiln {

struct FlashStudy {
  std::shared_ptr<const Material> material;
  std::shared_ptr<const FlashLumpedModel> model;
  FlashSolverSettings settings;
  std::filesystem::path output_directory;
  bool plots = true;
  std::string input_file;
  nlohmann::json resolved_input;  // the input as read, plus every material value and its source

  // Reads and validates the whole document (every key checked, every unit converted).
  static FlashStudy from_input(const InputDocument& document, const MaterialDatabase& database);
  // The numeric columns of timeseries.csv and one row of it (the supply mode follows as text).
  std::vector<std::string> timeseries_columns() const;
  static std::vector<double> timeseries_row(const FlashObservation& o);
};

// The material as the current sees it: every carrier, or under DC with ion-blocking electrodes
// only the electrons (an input error names [process.supply] electrodes when there are none).
FlashMaterial conducting_material(const Material& material, const PowerSupply& supply, const InputTable& process);

// Runs the study into its output directory: manifest.json, timeseries.csv (row by row),
// summary.json and plots. `show_progress` draws a progress line on the terminal.
FlashResult run_flash_study(const FlashStudy& study, bool show_progress);

// The headline figures of a run (also the rows of an onset map).
nlohmann::json flash_summary(const FlashStudy& study, const FlashResult& result);

}  // namespace kiln
