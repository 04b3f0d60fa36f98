#include "kinetics/law_selection.hpp"

#include <fmt/format.h>

namespace kiln {

SelectedLaws select_laws(const InputTable& root, Material& material, DensificationDefault which) {
  SelectedLaws laws;
  const std::optional<InputTable> kinetics = root.optional_table("kinetics", "kinetics laws that replace the material's");
  auto table = [&](const std::string& key, const std::optional<InputTable>& from_material) -> std::optional<InputTable> {
    if (kinetics && kinetics->has(key)) return kinetics->table(key, "a kinetics law and its parameters");
    return from_material;
  };
  auto densification_default = material.densification;
  if (which == DensificationDefault::under_pressure && material.pressure_densification)
    densification_default = material.pressure_densification;
  if (auto t = table("densification", densification_default)) laws.densification = make_densification_law(*t, material.provenance);
  const auto growth = table("grain_growth", material.grain_growth);
  if (growth) laws.grain_growth = make_grain_growth_law(*growth, material.provenance);
  if (auto t = table("lithium_loss", material.lithium_loss)) laws.lithium_loss = make_lithium_loss_law(*t, material.provenance);
  if (kinetics) kinetics->check_unknown_keys();
  // The powder's grain size, if the grain-growth table gives one, is the specimen's default.
  if (growth && growth->has("initial_grain_size"))
    laws.powder_grain_size = growth->quantity("initial_grain_size", {"m", "the powder's grain size", "100 nm", Range::positive()});
  return laws;
}

void check_green_density(const SelectedLaws& laws, const InputTable& specimen, double green_density) {
  if (const auto* mc = dynamic_cast<const MasterCurveDensification*>(laws.densification.get()))
    if (green_density <= mc->rho0())
      specimen.fail("green_density", fmt::format("the master curve starts at rho0 = {:.3f}; the green density must lie above it",
                                                 mc->rho0()));
}

}  // namespace kiln
