// The parts of an input file every study reads the same way: the preamble (title, description),
// the [material] table with its overrides, the [output] table, and the provenance block of the
// manifest. One place, so that every model reads them alike.
#pragma once

#include "core/input.hpp"
#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

// Declares title, description and [sweep] (read by core/sweep) as known keys of the root.
void read_study_preamble(const InputTable& root);

// [material]: name = "..." plus any value to override.
std::shared_ptr<Material> read_study_material(const InputTable& root, const MaterialDatabase& database);

struct OutputSettings {
  std::filesystem::path directory;  // default runs/<input file stem>
  bool plots = true;
  // Field snapshots (FEM models only): at these times and every interval (0 = none).
  std::vector<double> field_times;
  double field_interval = 0;
};
// `fields`: whether the model writes fields (field_times, field_interval are then accepted).
OutputSettings read_output(const InputTable& root, const std::string& input_file, bool fields = false);

// The manifest's "material" block: every value with its source, and the references.
nlohmann::json material_provenance(const Material& material, const MaterialDatabase& database);

}  // namespace kiln
