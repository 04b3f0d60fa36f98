#include "materials/material.hpp"

#include "kiln/build_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace kiln {

namespace {

const QuantitySpec kTemperature{"K", "a temperature", "1200 degC", Range::positive()};

std::string source_of(const InputTable& t) { return t.string("source", "where the values come from (paper, table/figure, or 'estimate: why')"); }

double sourced(const InputTable& t, const std::string& key, const QuantitySpec& spec, const std::string& source,
               Material& m) {
  return read_sourced(t, key, spec, source, m.provenance);
}

void read_valid_range(const InputTable& t) {
  if (!t.has("valid_range")) return;
  const auto range = t.quantity_list("valid_range", {"K", "the temperature range the fit is valid in", "300 K", Range::positive()});
  if (range.size() != 2 || range[0] >= range[1]) t.fail("valid_range", "expected two temperatures [low, high] with low < high");
}

ArrheniusTerm read_term(const InputTable& t, Material& m) {
  const std::string source = source_of(t);
  ArrheniusTerm term;
  term.carrier = t.choice("carrier", {"ionic", "electronic"}, "the charge carrier") == "ionic"
                     ? ArrheniusTerm::Carrier::ionic
                     : ArrheniusTerm::Carrier::electronic;
  const std::string path = t.choice("path", {"total", "bulk", "grain_boundary"}, "the conduction path", "total");
  term.path = path == "total" ? ArrheniusTerm::Path::total
              : path == "bulk" ? ArrheniusTerm::Path::bulk
                               : ArrheniusTerm::Path::grain_boundary;
  term.over_T = t.choice("prefactor", {"sigma0", "sigma0/T"}, "the Arrhenius prefactor form", "sigma0") == "sigma0/T";
  term.sigma0 = sourced(t, "sigma0",
                        {term.over_T ? "S K/m" : "S/m", "the Arrhenius prefactor of the conductivity",
                         term.over_T ? "1e8 S K/m" : "1e5 S/m", Range::positive()},
                        source, m);
  term.activation_energy =
      sourced(t, "activation_energy", {"J", "the activation energy per carrier", "0.95 eV", Range::non_negative()},
              source, m);
  read_valid_range(t);
  t.check_unknown_keys();
  return term;
}

}  // namespace

Material parse_material(std::shared_ptr<const toml::value> document, const std::string& file) {
  Material m;
  m.document = document;
  const InputTable root(*document, "", file);
  m.name = root.string("name", "the material's short name");
  m.full_name = root.string("full_name", "the material's full name");
  m.formula = root.string_or("formula", "the chemical formula", "");
  m.kind = root.string_or("kind", "what kind of material it is", "");
  if (auto refs = root.optional_table("references", "citation keys and their full references")) {
    for (const auto& [key, value] : refs->raw().as_table()) m.references[key] = refs->string(key, "a full reference");
  }

  {
    const auto t = root.table("theoretical_density", "the density of the fully dense material");
    m.theoretical_density = sourced(t, "value", {"kg/m^3", "the theoretical density", "6.08 g/cm^3", Range::positive()},
                                    source_of(t), m);
    t.check_unknown_keys();
  }
  {
    const auto t = root.table("heat_capacity", "c_p(T) = a + b T + c/T^2 per kg (Maier-Kelley)");
    const std::string s = source_of(t);
    m.heat_capacity.a = sourced(t, "a", {"J/(kg K)", "the constant term of c_p", "550 J/(kg K)"}, s, m);
    m.heat_capacity.b = t.has("b") ? sourced(t, "b", {"J/(kg K^2)", "the linear term of c_p", "0.05 J/(kg K^2)"}, s, m) : 0.0;
    m.heat_capacity.c = t.has("c") ? sourced(t, "c", {"J K/kg", "the 1/T^2 term of c_p", "-1e7 J K/kg"}, s, m) : 0.0;
    read_valid_range(t);
    t.check_unknown_keys();
    for (double T : {300.0, 1000.0, 2000.0})
      if (!(m.heat_capacity.cp(T) > 0))
        t.fail_table(fmt::format("c_p({} K) = {:.4g} J/(kg K) is not positive: check a, b and c", T, m.heat_capacity.cp(T)));
  }
  {
    const auto t = root.table("thermal_conductivity", "k(T) = k_ref (T_ref/T)^exponent of the dense solid");
    const std::string s = source_of(t);
    m.thermal_conductivity.k_ref = sourced(t, "k_ref", {"W/(m K)", "the thermal conductivity at T_ref", "2.5 W/(m K)", Range::positive()}, s, m);
    m.thermal_conductivity.T_ref = t.has("T_ref") ? sourced(t, "T_ref", kTemperature, s, m) : 300.0;
    m.thermal_conductivity.exponent = t.number_or("exponent", "the temperature exponent of k", 0.0, Range::closed(-2, 2));
    t.check_unknown_keys();
  }
  {
    const auto t = root.table("emissivity", "the total hemispherical emissivity");
    m.emissivity = sourced(t, "value", {"1", "the emissivity", "0.8", Range::fraction()}, source_of(t), m);
    t.check_unknown_keys();
  }
  {
    std::vector<ArrheniusTerm> terms;
    for (const auto& t : root.array_of_tables("conductivity", "electrical conductivity as Arrhenius terms"))
      terms.push_back(read_term(t, m));
    if (terms.empty()) root.fail("conductivity", "at least one [[conductivity]] term is needed");
    const auto t = root.table("conductivity_vs_density", "how the conductivity of a porous body scales");
    t.choice("model", {"archie"}, "the porosity correction", "archie");
    const double exponent = t.number("exponent", "the Archie exponent m in sigma = sigma_dense rho^m", Range::closed(0, 10));
    m.provenance.add({"conductivity_vs_density.exponent", toml_to_text(t.raw("exponent")), exponent, "1", source_of(t)});
    // The relative density of the sample the conductivity was measured on (1: a dense value).
    const double reference = t.number_or("reference_relative_density", "the relative density of the measured sample", 1.0,
                                         Range{0.3, 1.0});
    if (t.has("reference_relative_density"))
      m.provenance.add({"conductivity_vs_density.reference_relative_density", toml_to_text(t.raw("reference_relative_density")),
                        reference, "1", source_of(t)});
    t.check_unknown_keys();
    m.conductivity = ElectricalConductivity(std::move(terms), exponent, reference);
  }
  {
    const bool melts = root.has("melting_temperature");
    const bool decomposes = root.has("decomposition_temperature");
    if (!melts && !decomposes)
      root.fail_table("missing [melting_temperature] or [decomposition_temperature]: the temperature the solid must stay below");
    const std::string key = melts ? "melting_temperature" : "decomposition_temperature";
    const auto t = root.table(key, "the temperature the solid must stay below");
    m.limit_temperature = sourced(t, "value", kTemperature, source_of(t), m);
    m.limit_kind = melts ? "melting" : "decomposition";
    t.check_unknown_keys();
    if (melts && decomposes) {  // both known: the lower one limits
      const auto d = root.table("decomposition_temperature", "the decomposition temperature");
      const double td = sourced(d, "value", kTemperature, source_of(d), m);
      d.check_unknown_keys();
      if (td < m.limit_temperature) {
        m.limit_temperature = td;
        m.limit_kind = "decomposition";
      }
    }
  }
  if (auto t = root.optional_table("elastic", "elastic moduli of the dense material")) {
    const std::string s = source_of(*t);
    m.youngs_modulus = t->has("youngs_modulus") ? std::optional<double>(sourced(*t, "youngs_modulus", {"Pa", "Young's modulus", "200 GPa", Range::positive()}, s, m)) : std::nullopt;
    m.shear_modulus = t->has("shear_modulus") ? std::optional<double>(sourced(*t, "shear_modulus", {"Pa", "the shear modulus", "78 GPa", Range::positive()}, s, m)) : std::nullopt;
    m.poisson_ratio = t->has("poisson_ratio") ? std::optional<double>(sourced(*t, "poisson_ratio", {"1", "Poisson's ratio", "0.3", Range::closed(-1, 0.5)}, s, m)) : std::nullopt;
    t->check_unknown_keys();
  }
  m.densification = root.optional_table("densification", "parameters of the densification law");
  m.grain_growth = root.optional_table("grain_growth", "parameters of the grain-growth law");
  m.pressure_densification = root.optional_table("pressure_densification", "the densification law under applied pressure");
  m.lithium_loss = root.optional_table("lithium_loss", "parameters of lithium loss by Li2O evaporation");
  m.cold_sintering = root.optional_table("cold_sintering", "parameters of cold sintering (pressure solution)");
  root.check_unknown_keys();
  return m;
}

// ---------------------------------------------------------------------------------------------

struct MaterialDatabase::Cache {
  std::mutex mutex;
  std::map<std::string, toml::value> documents;
};

MaterialDatabase::MaterialDatabase(std::filesystem::path directory)
    : directory_(std::move(directory)), cache_(std::make_shared<Cache>()) {}

MaterialDatabase MaterialDatabase::default_database() {
  if (const char* env = std::getenv("KILN_DATA_DIR")) return MaterialDatabase(std::filesystem::path(env) / "materials");
  const std::filesystem::path source = std::filesystem::path(build_info::source_data_dir) / "materials";
  if (std::filesystem::is_directory(source)) return MaterialDatabase(source);
  return MaterialDatabase("/usr/local/share/kiln/data/materials");
}

std::vector<std::string> MaterialDatabase::names() const {
  std::vector<std::string> out;
  if (!std::filesystem::is_directory(directory_)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(directory_))
    if (entry.path().extension() == ".toml") out.push_back(entry.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path MaterialDatabase::file_of(const std::string& name) const { return directory_ / (name + ".toml"); }

namespace {

// Copies the input's values over the database document. A replaced value inside a section gets
// the section's source rewritten to point at the input, so the manifest never credits a paper
// for a number the user typed.
void merge(toml::value& target, const toml::value& overrides, const std::string& origin) {
  bool replaced_leaf = false;
  for (const auto& [key, value] : overrides.as_table()) {
    if (key == "source") continue;
    auto& table = target.as_table();
    const bool both_tables = value.is_table() && table.count(key) && table.at(key).is_table();
    // A law table naming its law replaces the database's whole table: the parameters of one law
    // mean nothing to another.
    const bool new_law = both_tables && value.as_table().count("law");
    if (both_tables && !new_law) {
      const auto loc = value.location();
      merge(table.at(key), value,
            loc.file_name() == "unknown file" ? origin : fmt::format("{}:{}", loc.file_name(), loc.line()));
    } else {
      table[key] = value;
      replaced_leaf = true;
    }
  }
  if (!target.as_table().count("source")) return;
  if (overrides.as_table().count("source")) {
    // The user's own source for the values they typed.
    const std::string given = toml_to_text(overrides.as_table().at("source"));
    target.as_table()["source"] = toml::value(fmt::format("{} (input {})", given, origin));
  } else if (replaced_leaf) {
    const std::string before = toml_to_text(target.as_table().at("source"));
    target.as_table()["source"] = toml::value(fmt::format("input {} (overrides database: {})", origin, before));
  }
}

}  // namespace

Material MaterialDatabase::load(const std::string& name, const std::optional<InputTable>& overrides) const {
  const auto file = file_of(name);
  if (!std::filesystem::exists(file)) {
    const auto all = names();
    const auto hint = closest_match(name, std::set<std::string>(all.begin(), all.end()));
    std::string list;
    for (const auto& n : all) list += (list.empty() ? "" : ", ") + n;
    const std::string message = fmt::format("unknown material \"{}\"{}; materials in {}: {}", name,
                                            hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "",
                                            directory_.string(), list);
    if (overrides) overrides->fail("name", message);
    throw InputError(file.string(), 0, "", message);
  }
  std::shared_ptr<toml::value> document;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    auto it = cache_->documents.find(name);
    if (it == cache_->documents.end())
      it = cache_->documents.emplace(name, InputDocument::from_file(file.string()).value()).first;
    document = std::make_shared<toml::value>(it->second);
  }
  if (overrides) {
    toml::value patch = overrides->raw();
    patch.as_table().erase("name");
    const auto loc = overrides->raw().location();
    merge(*document, patch,
          loc.file_name() == "unknown file" ? std::string("command line --set") : fmt::format("{}:{}", loc.file_name(), loc.line()));
  }
  return parse_material(document, file.string());
}

}  // namespace kiln
