#include "ml/summary_expression.hpp"

#include "core/input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <muParser.h>

#include <cctype>
#include <set>
#include <stdexcept>

namespace kiln::ml {

namespace {

const char* kNameChars = "0123456789_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string expression_name(const std::string& key) {
  std::string k = key.substr(0, key.find('['));
  std::string out;
  for (const char c : k) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string unit_suffix(const std::string& key) {
  const auto open = key.find('[');
  if (open == std::string::npos) return "";
  std::string out;
  for (const char c : key.substr(open + 1, key.find(']', open) - open - 1))
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(c) : '_';
  return out;
}

void collect(const nlohmann::json& j, const std::string& group, std::map<std::string, double>& qualified,
             std::map<std::string, int>& short_count, std::map<std::string, double>& short_value) {
  // Two keys of one group that differ only in their unit ("onset temperature [K]" and "[degC]")
  // keep the unit in their names: onset_temperature_K, onset_temperature_degC.
  std::map<std::string, int> in_group;
  for (auto it = j.begin(); it != j.end(); ++it) ++in_group[expression_name(it.key())];
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string name = expression_name(it.key());
    if (name.empty()) continue;
    if (in_group[name] > 1 && !unit_suffix(it.key()).empty()) name += "_" + unit_suffix(it.key());
    const std::string full = group.empty() ? name : group + "." + name;
    if (it->is_object()) {
      collect(*it, full, qualified, short_count, short_value);
      continue;
    }
    double v;
    if (it->is_boolean())
      v = it->get<bool>() ? 1.0 : 0.0;
    else if (it->is_number())
      v = it->get<double>();
    else
      continue;
    qualified[full] = v;
    ++short_count[name];
    short_value[name] = v;
  }
}

// Records the names an expression uses while parsing (muParser asks the factory for each).
struct NameCollector {
  std::vector<std::string> names;
  std::vector<std::unique_ptr<double>> storage;
};
double* collect_name(const char* name, void* data) {
  auto* c = static_cast<NameCollector*>(data);
  c->names.emplace_back(name);
  c->storage.push_back(std::make_unique<double>(0.0));
  return c->storage.back().get();
}

}  // namespace

std::map<std::string, double> summary_variables(const nlohmann::json& summary) {
  std::map<std::string, double> qualified, short_value;
  std::map<std::string, int> count;
  collect(summary, "", qualified, count, short_value);
  for (const auto& [name, n] : count)
    if (n == 1 && !qualified.count(name)) qualified[name] = short_value[name];
  return qualified;
}

SummaryExpression::SummaryExpression(std::string text) : text_(std::move(text)) {
  if (text_.find_first_not_of(" \t") == std::string::npos) throw std::invalid_argument("empty expression");
  mu::Parser p;
  NameCollector names;
  p.DefineNameChars(kNameChars);
  p.SetVarFactory(&collect_name, &names);
  try {
    p.SetExpr(text_);
    p.Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw std::invalid_argument(fmt::format("expression \"{}\": {} (at position {})", text_, e.GetMsg(), e.GetPos() + 1));
  }
  variables_ = names.names;
}

double SummaryExpression::evaluate(const std::map<std::string, double>& vars) const {
  mu::Parser p;
  p.DefineNameChars(kNameChars);
  std::vector<double> values(variables_.size());
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    const auto it = vars.find(variables_[i]);
    if (it == vars.end()) {
      std::set<std::string> known;
      for (const auto& [k, v] : vars) known.insert(k);
      const auto hint = closest_match(variables_[i], known);
      throw std::invalid_argument(fmt::format("expression \"{}\": the run's summary has no '{}'{} (it has: {})", text_, variables_[i],
                                              hint ? fmt::format(" (did you mean '{}'?)", *hint) : "", fmt::join(known, ", ")));
    }
    values[i] = it->second;
    p.DefineVar(variables_[i], &values[i]);
  }
  p.SetExpr(text_);
  return p.Eval();
}

double SummaryExpression::evaluate(const nlohmann::json& summary) const { return evaluate(summary_variables(summary)); }

namespace {
struct Split {
  std::string lhs, rhs;
  bool less;
};
Split split_comparison(const std::string& text) {
  const auto pos = text.find_first_of("<>");
  if (pos == std::string::npos || text.find_first_of("<>", pos + 2) != std::string::npos)
    throw std::invalid_argument(fmt::format("constraint \"{}\": expected one comparison, e.g. \"peak_specimen_temperature < 1473\"", text));
  const bool less = text[pos] == '<';
  const std::size_t after = pos + 1 + (pos + 1 < text.size() && text[pos + 1] == '=' ? 1 : 0);
  return {text.substr(0, pos), text.substr(after), less};
}
}  // namespace

SummaryConstraint::SummaryConstraint(const std::string& text)
    : text_(text), lhs_(split_comparison(text).lhs), rhs_(split_comparison(text).rhs), less_(split_comparison(text).less) {}

double SummaryConstraint::violation(const nlohmann::json& summary) const {
  const auto vars = summary_variables(summary);
  const double a = lhs_.evaluate(vars), b = rhs_.evaluate(vars);
  return less_ ? a - b : b - a;
}

}  // namespace kiln::ml
