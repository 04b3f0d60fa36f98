#include "ml/composition.hpp"

#include "core/provenance.hpp"

#include <fmt/format.h>
#include <toml.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace kiln::ml {

namespace {

// Recursive descent over formula := group*, group := (Element | '(' formula ')') number?
class FormulaReader {
 public:
  explicit FormulaReader(const std::string& text) : s_(text) {}
  std::map<std::string, double> read() {
    auto m = sequence();
    if (pos_ != s_.size()) fail("unexpected character");
    if (m.empty()) fail("no element");
    return m;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(fmt::format("formula \"{}\": {} at position {}", s_, what, pos_ + 1));
  }
  double number() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
    if (start == pos_) return 1.0;
    try {
      std::size_t used = 0;
      const double v = std::stod(s_.substr(start, pos_ - start), &used);
      if (used != pos_ - start) throw std::invalid_argument("");
      return v;
    } catch (const std::exception&) {
      pos_ = start;
      fail("bad number");
    }
  }
  std::map<std::string, double> sequence() {
    std::map<std::string, double> m;
    while (pos_ < s_.size() && s_[pos_] != ')') {
      std::map<std::string, double> part;
      if (s_[pos_] == '(' || s_[pos_] == '[') {
        const char close = s_[pos_] == '(' ? ')' : ']';
        ++pos_;
        part = sequence();
        if (pos_ >= s_.size() || s_[pos_] != close) fail(fmt::format("missing '{}'", close));
        ++pos_;
      } else if (std::isupper(static_cast<unsigned char>(s_[pos_]))) {
        std::string symbol(1, s_[pos_++]);
        while (pos_ < s_.size() && std::islower(static_cast<unsigned char>(s_[pos_]))) symbol += s_[pos_++];
        part[symbol] = 1.0;
      } else if (std::isspace(static_cast<unsigned char>(s_[pos_]))) {
        ++pos_;
        continue;
      } else {
        fail(fmt::format("'{}' is not an element symbol (symbols start with a capital letter)", s_[pos_]));
      }
      const double n = number();
      for (const auto& [e, a] : part) m[e] += a * n;
    }
    return m;
  }
  const std::string& s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::map<std::string, double> parse_formula(const std::string& formula) {
  auto m = FormulaReader(formula).read();
  for (const auto& [e, a] : m)
    if (!(a > 0)) throw std::invalid_argument(fmt::format("formula \"{}\": amount of {} must be positive", formula, e));
  return m;
}

ElementTable ElementTable::load(const std::filesystem::path& file) {
  ElementTable t;
  t.file_ = file;
  toml::value doc;
  try {
    doc = toml::parse(file.string());
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("cannot read the element table {}: {}", file.string(), e.what()));
  }
  for (const auto& [name, _] : toml::find(doc, "properties").as_table()) t.properties_.push_back(name);
  std::sort(t.properties_.begin(), t.properties_.end());
  for (const auto& [symbol, entry] : toml::find(doc, "elements").as_table()) {
    std::vector<double> v;
    for (const auto& p : t.properties_) {
      if (!entry.contains(p))
        throw std::runtime_error(fmt::format("{}: element {} has no '{}'", file.string(), symbol, p));
      const auto& x = entry.at(p);
      v.push_back(x.is_integer() ? static_cast<double>(x.as_integer()) : x.as_floating());
    }
    t.values_[symbol] = v;
  }
  return t;
}

const ElementTable& ElementTable::default_table() {
  static const ElementTable table = load(data_directory() / "elements" / "elements.toml");
  return table;
}

double ElementTable::value(const std::string& symbol, std::size_t property) const {
  const auto it = values_.find(symbol);
  if (it == values_.end()) throw std::invalid_argument(fmt::format("element {} is not in the element table {}", symbol, file_.string()));
  return it->second.at(property);
}

std::vector<std::string> composition_descriptor_names(const ElementTable& table) {
  std::vector<std::string> names;
  for (const auto& p : table.properties())
    for (const char* stat : {"mean", "deviation", "min", "max"}) names.push_back(p + " " + stat);
  for (const char* extra : {"element count", "fraction L2 norm", "fraction L3 norm", "Li fraction"}) names.push_back(extra);
  return names;
}

std::vector<double> composition_descriptors(const std::map<std::string, double>& composition, const ElementTable& table) {
  double total = 0;
  for (const auto& [e, a] : composition) total += a;
  if (!(total > 0)) throw std::invalid_argument("empty composition");
  std::vector<double> out;
  for (std::size_t p = 0; p < table.properties().size(); ++p) {
    double mean = 0, lo = INFINITY, hi = -INFINITY;
    for (const auto& [e, a] : composition) {
      const double v = table.value(e, p);
      mean += a / total * v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    double deviation = 0;
    for (const auto& [e, a] : composition) deviation += a / total * std::abs(table.value(e, p) - mean);
    out.insert(out.end(), {mean, deviation, lo, hi});
  }
  double l2 = 0, l3 = 0;
  for (const auto& [e, a] : composition) {
    l2 += std::pow(a / total, 2);
    l3 += std::pow(a / total, 3);
  }
  const auto li = composition.find("Li");
  out.insert(out.end(), {static_cast<double>(composition.size()), std::sqrt(l2), std::cbrt(l3),
                         li == composition.end() ? 0.0 : li->second / total});
  return out;
}

}  // namespace kiln::ml
