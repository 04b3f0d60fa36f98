// Where every number of a run came from: each material or law value with the text it was
// written as, its SI value and unit, and its source (paper and table/figure, or an estimate).
// The list goes into manifest.json and `kiln materials show`.
#pragma once

#include "core/input.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kiln {

struct SourcedValue {
  std::string key;         // "3YSZ.emissivity.value"
  std::string as_written;  // "0.8", "6.08 g/cm^3"
  double si = 0.0;
  std::string si_unit;  // "kg/m^3"; "1" when dimensionless
  std::string source;   // "Todd2015, Table 1" or "estimate: ..."
};

class Provenance {
 public:
  void add(SourcedValue v) { values_.push_back(std::move(v)); }
  const std::vector<SourcedValue>& values() const { return values_; }
  // Prefixes the keys of the values added since index `first` (e.g. "solvent water: ").
  void prefix_keys(std::size_t first, const std::string& prefix) {
    for (std::size_t i = first; i < values_.size(); ++i) values_[i].key = prefix + values_[i].key;
  }
  nlohmann::json to_json() const;

 private:
  std::vector<SourcedValue> values_;
};

// Reads a quantity (or a dimensionless number when spec.si_unit == "1") from a table whose
// `source` key names where its values come from, and records it.
double read_sourced(const InputTable& table, const std::string& key, const QuantitySpec& spec,
                    const std::string& source, Provenance& provenance);

}  // namespace kiln

namespace kiln {
// kiln's data directory (materials, solvents, elements, trained models): $KILN_DATA_DIR, else the
// source tree's data/ when it exists, else the installed /usr/local/share/kiln/data.
std::filesystem::path data_directory();
}  // namespace kiln
