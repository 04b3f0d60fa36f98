// A material from the database (data/materials/NAME.toml), optionally with values overridden in
// an input file's [material] table. Every value keeps its source; see data/materials/README.md.
#pragma once

#include "core/input.hpp"
#include "core/provenance.hpp"
#include "materials/conductivity.hpp"
#include "materials/thermal.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

struct Material {
  std::string name;
  std::string full_name;
  std::string formula;
  std::string kind;
  std::map<std::string, std::string> references;  // citation key -> full reference

  double theoretical_density = 0.0;  // kg/m^3
  HeatCapacity heat_capacity;
  ThermalConductivity thermal_conductivity;
  double emissivity = 0.0;
  ElectricalConductivity conductivity;
  // The temperature where the solid stops being itself: melting, or decomposition / Li loss.
  double limit_temperature = 0.0;  // K
  std::string limit_kind;          // "melting" or "decomposition"
  std::optional<double> youngs_modulus, shear_modulus, poisson_ratio;  // Pa, Pa, 1

  // Kinetics tables are read by the kinetics layer (laws above materials); they stay valid as
  // long as this Material lives.
  std::optional<InputTable> densification;
  std::optional<InputTable> grain_growth;
  std::optional<InputTable> pressure_densification;  // default law of sinter.pressure
  std::optional<InputTable> lithium_loss;
  std::optional<InputTable> cold_sintering;  // pressure-solution parameters, per solvent

  Provenance provenance;
  std::shared_ptr<const toml::value> document;  // keeps the tables above alive
};

class MaterialDatabase {
 public:
  // `directory` holds one NAME.toml per material.
  explicit MaterialDatabase(std::filesystem::path directory);
  // The default database: $KILN_DATA_DIR/materials, else the source tree's data/materials,
  // else the installed share/kiln/data/materials.
  static MaterialDatabase default_database();

  std::vector<std::string> names() const;
  std::filesystem::path file_of(const std::string& name) const;
  // Loads NAME; `overrides` (the input's [material] table minus `name`) replaces values, and
  // each replaced value's source becomes the input file and line.
  Material load(const std::string& name, const std::optional<InputTable>& overrides = std::nullopt) const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  // Parsed material files, shared by copies of the database: a sweep reads each file once.
  struct Cache;
  std::shared_ptr<Cache> cache_;
};

// Builds a Material from a parsed TOML document (used by the loader and by tests).
Material parse_material(std::shared_ptr<const toml::value> document, const std::string& file);

}  // namespace kiln
