#include "materials/study_input.hpp"

namespace kiln {

void read_study_preamble(const InputTable& root) {
  root.string_or("title", "a title for the study", "");
  root.string_or("description", "what the study is for", "");
  root.accept("sweep");     // read by core/sweep
  root.accept("optimize");  // read by ml/process_optimization (kiln optimize)
  root.accept("fit");       // read by ml/study_calibration (kiln fit)
}

std::shared_ptr<Material> read_study_material(const InputTable& root, const MaterialDatabase& database) {
  const InputTable table = root.table("material", "the material: name = \"3YSZ\" plus any value to override");
  return std::make_shared<Material>(
      database.load(table.string("name", "a material of the database (kiln materials list)"), table));
}

OutputSettings read_output(const InputTable& root, const std::string& input_file, bool fields) {
  OutputSettings out;
  out.directory = std::filesystem::path("runs") / std::filesystem::path(input_file).stem();
  if (auto output = root.optional_table("output", "where and what to write")) {
    out.directory = output->string_or("directory", "the run directory", out.directory.string());
    out.plots = output->boolean_or("plots", "whether to draw the plots", true);
    if (fields) {
      const QuantitySpec time{"s", "a time at which to write the fields (VTU)", "10 min", Range::non_negative()};
      if (output->has("field_times")) out.field_times = output->quantity_list("field_times", time);
      out.field_interval = output->quantity_or(
          "field_interval", {"s", "the interval between field snapshots (VTU)", "1 min", Range::non_negative()}, 0.0);
    }
    output->check_unknown_keys();
  }
  return out;
}

nlohmann::json material_provenance(const Material& material, const MaterialDatabase& database) {
  nlohmann::json references = nlohmann::json::object();
  for (const auto& [key, text] : material.references) references[key] = text;
  return {{"name", material.name},
          {"full_name", material.full_name},
          {"file", database.file_of(material.name).string()},
          {"values", material.provenance.to_json()},
          {"references", references}};
}

}  // namespace kiln
