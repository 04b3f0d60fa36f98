// Reading and validating TOML input files.
//
// An InputTable is one TOML table ([process.supply]) seen through the keys a model declares by
// reading them. Every read names what it expects (a quantity in a unit, a range, a choice), so
// that every mistake in an input file becomes one precise message: file, line, key, what was
// expected and in which unit, and for a misspelt key the closest accepted one. Tables remember
// which keys were read; check_unknown_keys() then rejects everything else.
#pragma once

#include <nlohmann/json.hpp>
#include <toml.hpp>

#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln {

// An error in an input: formatted "file:line: [table] key 'k': message".
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string key_path, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key_path() const { return key_path_; }

 private:
  std::string file_;
  int line_;
  std::string key_path_;
};

// Allowed interval of a value (in SI).
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_inclusive = true;
  bool max_inclusive = true;

  static Range any() { return {}; }
  static Range positive() { return {0.0, std::numeric_limits<double>::infinity(), false, true}; }
  static Range non_negative() { return {0.0, std::numeric_limits<double>::infinity(), true, true}; }
  // Relative density, volume fractions: 0 < x <= 1.
  static Range fraction() { return {0.0, 1.0, false, true}; }
  static Range closed(double lo, double hi) { return {lo, hi, true, true}; }
  bool contains(double x) const;
  std::string describe(const std::string& unit) const;
};

// What a quantity key expects: its SI unit, a phrase for messages, an example as users write it.
struct QuantitySpec {
  std::string si_unit;      // "V/m"; "1" for dimensionless
  std::string description;  // "the applied electric field"
  std::string example;      // "100 V/cm"
  Range range = Range::any();
};

// Closest string by edit distance, if it is close enough to be a likely misspelling.
std::optional<std::string> closest_match(const std::string& word, const std::set<std::string>& candidates);

class InputTable {
 public:
  // `value` must outlive the table (the parsed document owns it). `path` is the dotted name of
  // the table ("" for the root); `fallback_file` names the file when a value has no location.
  InputTable(const toml::value& value, std::string path, std::string fallback_file);

  const std::string& path() const { return path_; }
  bool has(const std::string& key) const;

  // Quantities: a string "number unit" or a bare number meaning SI; returned in SI.
  double quantity(const std::string& key, const QuantitySpec& spec) const;
  double quantity_or(const std::string& key, const QuantitySpec& spec, double default_si) const;
  std::optional<double> optional_quantity(const std::string& key, const QuantitySpec& spec) const;

  // Dimensionless numbers (TOML integer or float).
  double number(const std::string& key, const std::string& description, Range range = Range::any()) const;
  double number_or(const std::string& key, const std::string& description, double default_value,
                   Range range = Range::any()) const;

  std::string string(const std::string& key, const std::string& description) const;
  std::string string_or(const std::string& key, const std::string& description,
                        const std::string& default_value) const;
  // One of a fixed set of words, e.g. mode = "voltage" | "current_ramp" | "power".
  std::string choice(const std::string& key, const std::vector<std::string>& options,
                     const std::string& description, std::optional<std::string> default_value = {}) const;
  bool boolean_or(const std::string& key, const std::string& description, bool default_value) const;

  InputTable table(const std::string& key, const std::string& description) const;
  std::optional<InputTable> optional_table(const std::string& key, const std::string& description) const;
  std::vector<InputTable> array_of_tables(const std::string& key, const std::string& description) const;
  // A list of quantities, e.g. values = ["20 V/cm", "40 V/cm"].
  std::vector<double> quantity_list(const std::string& key, const QuantitySpec& spec) const;

  // Declares a key as known without reading it (read elsewhere, e.g. by a nested factory).
  void accept(const std::string& key) const { known_->insert(key); }
  // Rejects keys that no read declared, naming the closest accepted key.
  void check_unknown_keys() const;

  // Error helpers for checks a model makes itself (consistency between keys).
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  [[noreturn]] void fail_table(const std::string& message) const;
  int line_of(const std::string& key) const;
  std::string file_of(const std::string& key) const;

  const toml::value& raw() const { return *value_; }
  const toml::value& raw(const std::string& key) const;

 private:
  std::string key_path(const std::string& key) const;
  double convert(const std::string& key, const toml::value& v, const QuantitySpec& spec) const;

  const toml::value* value_;
  std::string path_;
  std::string fallback_file_;
  std::shared_ptr<std::set<std::string>> known_;
};

// A parsed input document with its command-line overrides applied.
class InputDocument {
 public:
  // Parses `file`; syntax errors become InputError with the file and line.
  static InputDocument from_file(const std::string& file);
  static InputDocument from_string(const std::string& text, const std::string& name);

  // Applies "dotted.key=value" (value parsed as TOML, else taken as a string).
  void set(const std::string& assignment);

  InputTable root() const { return InputTable(value_, "", file_); }
  const toml::value& value() const { return value_; }
  toml::value& value() { return value_; }
  const std::string& file() const { return file_; }

 private:
  toml::value value_;
  std::string file_;
};

// A toml value as plain text for messages and manifests ("100 V/cm", "0.6", "[...]").
std::string toml_to_text(const toml::value& v);

}  // namespace kiln

namespace kiln {
// The document as JSON, for manifests (strings stay as written: "100 V/cm").
nlohmann::json toml_to_json(const toml::value& v);
// A document from a JSON object (the Python module's dicts, a manifest's resolved input): the same
// keys and values a TOML input has; `name` stands for the file in messages.
InputDocument input_from_json(const nlohmann::json& object, const std::string& name);

}  // namespace kiln
