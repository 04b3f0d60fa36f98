// Composition descriptors for learning material properties from a chemical formula, in the manner
// of Magpie (Ward, Agrawal, Choudhary & Wolverton 2016, npj Comput. Mater. 2:16028): statistics of
// elemental properties weighted by the atomic fractions, plus stoichiometric norms. The element
// table (data/elements/elements.toml) carries the unit and source of every property.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kiln::ml {

// Amount of each element in a formula such as "Li6.4La3Zr1.4Ta0.6O12" or "Li3(PO4)" (parentheses
// multiply, decimals allowed). Throws std::invalid_argument naming the position of a bad symbol.
std::map<std::string, double> parse_formula(const std::string& formula);

class ElementTable {
 public:
  static ElementTable load(const std::filesystem::path& file);
  // data/elements/elements.toml of the data directory (KILN_DATA_DIR or the installed data).
  static const ElementTable& default_table();

  const std::vector<std::string>& properties() const { return properties_; }
  bool has(const std::string& symbol) const { return values_.count(symbol) > 0; }
  double value(const std::string& symbol, std::size_t property) const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::vector<std::string> properties_;
  std::map<std::string, std::vector<double>> values_;
};

// Descriptor vector of a composition and the names of its entries: for each element property its
// fraction-weighted mean, mean absolute deviation, minimum and maximum; then the number of
// elements, the L2 and L3 norms of the atomic fractions, and the lithium fraction.
std::vector<std::string> composition_descriptor_names(const ElementTable& table);
std::vector<double> composition_descriptors(const std::map<std::string, double>& composition, const ElementTable& table);

}  // namespace kiln::ml
