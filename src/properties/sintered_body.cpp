#include "properties/sintered_body.hpp"

#include "core/input.hpp"

#include <cmath>
#include <fstream>

namespace kiln {

SinteredBody read_sintered_body(const std::filesystem::path& dir, const MaterialDatabase& db) {
  auto read_json = [&](const std::string& name) {
    std::ifstream in(dir / name);
    if (!in) throw InputError((dir / name).string(), 0, "", "cannot open it: is this a kiln run directory?");
    return nlohmann::json::parse(in);
  };
  const nlohmann::json manifest = read_json("manifest.json"), summary = read_json("summary.json");
  if (!summary.contains("microstructure"))
    throw InputError((dir / "summary.json").string(), 0, "", "no microstructure in this run (a sintering or flash run is needed)");
  const auto& input = manifest["resolved_input"]["input"];
  // The run's [material] and [specimen] tables, overrides included, read back through the normal
  // input path.
  nlohmann::json tables = {{"material", input.at("material")}};
  if (input.contains("specimen")) tables["specimen"] = input["specimen"];
  const InputDocument doc = input_from_json(tables, (dir / "manifest.json").string());
  const InputTable material_table = doc.root().table("material", "");
  SinteredBody body{dir, db.load(material_table.string("name", "the material"), material_table), {}, {}, {}, 1.0};

  const auto& ms = summary["microstructure"];
  body.state.relative_density = ms["final relative density"].get<double>();
  body.state.grain_size = ms["final grain size [m]"].get<double>();
  if (summary.contains("lithium"))
    for (auto it = summary["lithium"].begin(); it != summary["lithium"].end(); ++it)
      if (it.key().size() > 9 && it.key().substr(it.key().size() - 9) == " fraction") {
        body.state.secondary_phase = it.value().get<double>();
        body.state.secondary_phase_name = it.key().substr(0, it.key().size() - 9);
      }
  if (ms.contains("final strain dL/L0")) body.linear_scale = 1.0 + ms["final strain dL/L0"].get<double>();
  else if (ms.contains("linear shrinkage")) body.linear_scale = 1.0 - ms["linear shrinkage"].get<double>();
  if (doc.root().has("specimen")) {
    const InputTable sp = doc.root().table("specimen", "");
    const QuantitySpec length{"m", "a length", "1.5 mm", Range::positive()};
    if (sp.has("thickness")) body.thickness = sp.quantity("thickness", length) * body.linear_scale;
    if (sp.has("diameter")) body.diameter = sp.quantity("diameter", length) * body.linear_scale;
  }
  return body;
}

double body_conductivity(const SinteredBody& body, double T, const ConductivityOptions& options) {
  // The microstructure's conductivity scales the grains' at every temperature by the same factor.
  const PropertiesReport r = microstructure_properties(body.material, body.state, options);
  const double factor = r.sigma_25C / grain_conductivity(body.material.conductivity, 298.15, body.state.grain_size, options.grain_boundary_width);
  return grain_conductivity(body.material.conductivity, T, body.state.grain_size, options.grain_boundary_width) * factor;
}

}  // namespace kiln
