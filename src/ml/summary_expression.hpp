// Expressions of a run's summary, as a user writes objectives and constraints of an optimisation:
//   maximize = "final_relative_density"
//   constraints = ["peak_specimen_temperature < 1473", "electrical_energy / 1000 < 2"]
// Names are the summary's keys in lower case with spaces as underscores and the unit dropped
// ("peak specimen temperature [K]" -> peak_specimen_temperature, in the unit the key gave, here K);
// a name that two groups share is written group.key (temperature.peak_specimen_temperature); two
// keys of one group that differ only in unit keep it (onset_furnace_temperature_K, ..._degC).
// True/false figures are 1/0. Arithmetic and functions are muParser's (muparser.beltoforion.de).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace kiln::ml {

// Every number of a summary under its expression names (short and group-qualified).
std::map<std::string, double> summary_variables(const nlohmann::json& summary);

class SummaryExpression {
 public:
  // Parses `text`; throws std::invalid_argument with muParser's message and position.
  explicit SummaryExpression(std::string text);
  // Throws std::invalid_argument naming a variable the summary lacks (with a close match and the
  // list of names), e.g. onset_time in a run that did not flash.
  double evaluate(const nlohmann::json& summary) const;
  double evaluate(const std::map<std::string, double>& variables) const;
  const std::string& text() const { return text_; }
  const std::vector<std::string>& variables() const { return variables_; }

 private:
  std::string text_;
  std::vector<std::string> variables_;
};

// A constraint "lhs < rhs" (or <=, >, >=) as g = lhs - rhs ≤ 0 (or rhs - lhs), so that its size
// says how far a run is from the bound, as Bayesian optimisation needs.
class SummaryConstraint {
 public:
  explicit SummaryConstraint(const std::string& text);
  double violation(const nlohmann::json& summary) const;  // ≤ 0: met
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  SummaryExpression lhs_, rhs_;
  bool less_ = true;
};

}  // namespace kiln::ml
