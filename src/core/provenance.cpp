#include "core/provenance.hpp"

#include "kiln/build_info.hpp"

#include <cstdlib>

namespace kiln {

nlohmann::json Provenance::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : values_)
    out.push_back({{"key", v.key}, {"value", v.as_written}, {"si", v.si}, {"si_unit", v.si_unit}, {"source", v.source}});
  return out;
}

double read_sourced(const InputTable& table, const std::string& key, const QuantitySpec& spec,
                    const std::string& source, Provenance& provenance) {
  const double si = table.quantity(key, spec);
  provenance.add({table.path() + "." + key, toml_to_text(table.raw(key)), si, spec.si_unit, source});
  return si;
}

}  // namespace kiln

namespace kiln {
std::filesystem::path data_directory() {
  if (const char* env = std::getenv("KILN_DATA_DIR")) return env;
  const std::filesystem::path source = build_info::source_data_dir;
  if (std::filesystem::is_directory(source)) return source;
  return "/usr/local/share/kiln/data";
}
}  // namespace kiln
