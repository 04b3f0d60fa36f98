#include "core/input.hpp"

#include "core/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

namespace kiln {

namespace {

std::string type_name(const toml::value& v) {
  switch (v.type()) {
    case toml::value_t::boolean: return "a boolean";
    case toml::value_t::integer: return "an integer";
    case toml::value_t::floating: return "a number";
    case toml::value_t::string: return "a string";
    case toml::value_t::array: return "an array";
    case toml::value_t::table: return "a table";
    case toml::value_t::empty: return "nothing";
    default: return "a date/time";
  }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string join(const std::set<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string format_number(double x) { return fmt::format("{:.6g}", x); }

}  // namespace

InputError::InputError(std::string file, int line, std::string key_path, const std::string& message)
    : std::runtime_error(fmt::format("{}{}: {}{}", file, line > 0 ? fmt::format(":{}", line) : "",
                                     key_path.empty() ? "" : fmt::format("key '{}': ", key_path),
                                     message)),
      file_(std::move(file)),
      line_(line),
      key_path_(std::move(key_path)) {}

bool Range::contains(double x) const {
  if (!std::isfinite(x)) return false;
  const bool above = min_inclusive ? x >= min : x > min;
  const bool below = max_inclusive ? x <= max : x < max;
  return above && below;
}

std::string Range::describe(const std::string& unit) const {
  const std::string u = (unit.empty() || unit == "1") ? "" : " " + unit;
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max)
    return fmt::format("{} {} value {} {}{}", format_number(min), min_inclusive ? "<=" : "<",
                       max_inclusive ? "<=" : "<", format_number(max), u);
  if (has_min) return fmt::format("value {} {}{}", min_inclusive ? ">=" : ">", format_number(min), u);
  if (has_max) return fmt::format("value {} {}{}", max_inclusive ? "<=" : "<", format_number(max), u);
  return "any finite value";
}

std::optional<std::string> closest_match(const std::string& word, const std::set<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  auto lower = [](std::string text) {
    for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return text;
  };
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(lower(word), lower(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string toml_to_text(const toml::value& v) {
  if (v.is_string()) return v.as_string().str;
  if (v.is_floating()) return fmt::format("{}", v.as_floating());  // shortest text that reads back the same
  if (v.is_integer()) return std::to_string(v.as_integer());
  std::ostringstream os;
  os << toml::format(v, 0);
  std::string text = os.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// ---------------------------------------------------------------------------------------------

InputTable::InputTable(const toml::value& value, std::string path, std::string fallback_file)
    : value_(&value),
      path_(std::move(path)),
      fallback_file_(std::move(fallback_file)),
      known_(std::make_shared<std::set<std::string>>()) {}

std::string InputTable::key_path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

bool InputTable::has(const std::string& key) const {
  known_->insert(key);
  return value_->is_table() && value_->as_table().count(key) > 0;
}

const toml::value& InputTable::raw(const std::string& key) const { return value_->as_table().at(key); }

int InputTable::line_of(const std::string& key) const {
  const toml::value& v = has(key) ? raw(key) : *value_;
  const auto loc = v.location();
  // Values from --set have no line worth showing; their "file" names the command line.
  const bool no_line = loc.file_name() == "unknown file" || loc.file_name().rfind("command line", 0) == 0;
  return no_line ? 0 : static_cast<int>(loc.line());
}

std::string InputTable::file_of(const std::string& key) const {
  const toml::value& v = has(key) ? raw(key) : *value_;
  const auto loc = v.location();
  return loc.file_name() == "unknown file" ? fallback_file_ : loc.file_name();
}

void InputTable::fail(const std::string& key, const std::string& message) const {
  throw InputError(file_of(key), line_of(key), key_path(key), message);
}

void InputTable::fail_table(const std::string& message) const {
  const auto loc = value_->location();
  const bool known = loc.file_name() != "unknown file";
  throw InputError(known ? loc.file_name() : fallback_file_, known ? static_cast<int>(loc.line()) : 0, "",
                   fmt::format("{}{}", path_.empty() ? "" : fmt::format("[{}]: ", path_), message));
}

double InputTable::convert(const std::string& key, const toml::value& v, const QuantitySpec& spec) const {
  const std::string expected =
      fmt::format("{} in {} (a string such as \"{}\", or a bare number in {})", spec.description,
                  spec.si_unit, spec.example, spec.si_unit);
  double si = 0.0;
  if (v.is_floating() || v.is_integer()) {
    si = v.is_floating() ? v.as_floating() : static_cast<double>(v.as_integer());
  } else if (v.is_string()) {
    const std::string& text = v.as_string().str;
    QuantityText q;
    try {
      q = split_quantity(text);
    } catch (const std::invalid_argument&) {
      fail(key, fmt::format("\"{}\" is not a quantity: expected {}", text, expected));
    }
    if (q.unit.empty()) {
      si = q.value;
    } else if (!unit_parses(q.unit)) {
      fail(key, fmt::format("unknown unit '{}' in \"{}\": expected {}", q.unit, text, expected));
    } else if (!units_convertible(q.unit, spec.si_unit)) {
      fail(key, fmt::format("\"{}\" has the wrong dimension: '{}' cannot be converted to {}; expected {}", text,
                            q.unit, spec.si_unit, expected));
    } else {
      si = convert_units(q.value, q.unit, spec.si_unit);
    }
  } else {
    fail(key, fmt::format("expected {}, got {}", expected, type_name(v)));
  }
  const std::string shown_unit = spec.si_unit == "1" ? "" : " " + spec.si_unit;
  if (!spec.range.contains(si))
    fail(key, fmt::format("{}{} is out of range for {}: expected {}", format_number(si), shown_unit,
                          spec.description, spec.range.describe(spec.si_unit)));
  return si;
}

double InputTable::quantity(const std::string& key, const QuantitySpec& spec) const {
  if (!has(key))
    fail_table(fmt::format("missing key '{}': expected {} in {} (e.g. {} = \"{}\")", key, spec.description,
                           spec.si_unit, key, spec.example));
  return convert(key, raw(key), spec);
}

double InputTable::quantity_or(const std::string& key, const QuantitySpec& spec, double default_si) const {
  return has(key) ? convert(key, raw(key), spec) : default_si;
}

std::optional<double> InputTable::optional_quantity(const std::string& key, const QuantitySpec& spec) const {
  if (!has(key)) return std::nullopt;
  return convert(key, raw(key), spec);
}

double InputTable::number(const std::string& key, const std::string& description, Range range) const {
  if (!has(key)) fail_table(fmt::format("missing key '{}': expected {} (a dimensionless number)", key, description));
  const toml::value& v = raw(key);
  if (!v.is_floating() && !v.is_integer())
    fail(key, fmt::format("expected {} (a dimensionless number), got {}", description, type_name(v)));
  const double x = v.is_floating() ? v.as_floating() : static_cast<double>(v.as_integer());
  if (!range.contains(x))
    fail(key, fmt::format("{} is out of range for {}: expected {}", format_number(x), description,
                          range.describe("")));
  return x;
}

double InputTable::number_or(const std::string& key, const std::string& description, double default_value,
                             Range range) const {
  return has(key) ? number(key, description, range) : default_value;
}

std::string InputTable::string(const std::string& key, const std::string& description) const {
  if (!has(key)) fail_table(fmt::format("missing key '{}': expected {} (a string)", key, description));
  const toml::value& v = raw(key);
  if (!v.is_string()) fail(key, fmt::format("expected {} (a string), got {}", description, type_name(v)));
  return v.as_string().str;
}

std::string InputTable::string_or(const std::string& key, const std::string& description,
                                  const std::string& default_value) const {
  return has(key) ? string(key, description) : default_value;
}

std::string InputTable::choice(const std::string& key, const std::vector<std::string>& options,
                               const std::string& description, std::optional<std::string> default_value) const {
  const std::set<std::string> allowed(options.begin(), options.end());
  std::string list;
  for (const auto& o : options) list += (list.empty() ? "\"" : ", \"") + o + "\"";
  if (!has(key)) {
    if (default_value) return *default_value;
    fail_table(fmt::format("missing key '{}': expected {}, one of {}", key, description, list));
  }
  const toml::value& v = raw(key);
  if (!v.is_string()) fail(key, fmt::format("expected {}, one of {}; got {}", description, list, type_name(v)));
  const std::string word = v.as_string().str;
  if (!allowed.count(word)) {
    const auto hint = closest_match(word, allowed);
    fail(key, fmt::format("\"{}\" is not {}: expected one of {}{}", word, description, list,
                          hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : ""));
  }
  return word;
}

bool InputTable::boolean_or(const std::string& key, const std::string& description, bool default_value) const {
  if (!has(key)) return default_value;
  const toml::value& v = raw(key);
  if (!v.is_boolean()) fail(key, fmt::format("expected {} (true or false), got {}", description, type_name(v)));
  return v.as_boolean();
}

InputTable InputTable::table(const std::string& key, const std::string& description) const {
  if (!has(key)) fail_table(fmt::format("missing table [{}]: {}", key_path(key), description));
  const toml::value& v = raw(key);
  if (!v.is_table()) fail(key, fmt::format("expected a table ({}), got {}", description, type_name(v)));
  return InputTable(v, key_path(key), fallback_file_);
}

std::optional<InputTable> InputTable::optional_table(const std::string& key, const std::string& description) const {
  if (!has(key)) return std::nullopt;
  return table(key, description);
}

std::vector<InputTable> InputTable::array_of_tables(const std::string& key, const std::string& description) const {
  if (!has(key)) fail_table(fmt::format("missing [[{}]]: {}", key_path(key), description));
  const toml::value& v = raw(key);
  if (!v.is_array()) fail(key, fmt::format("expected an array of tables ({}), got {}", description, type_name(v)));
  std::vector<InputTable> tables;
  std::size_t i = 0;
  for (const auto& item : v.as_array()) {
    if (!item.is_table())
      fail(key, fmt::format("item {} must be a table ({}), got {}", i + 1, description, type_name(item)));
    tables.emplace_back(item, fmt::format("{}[{}]", key_path(key), i + 1), fallback_file_);
    ++i;
  }
  return tables;
}

std::vector<double> InputTable::quantity_list(const std::string& key, const QuantitySpec& spec) const {
  if (!has(key))
    fail_table(fmt::format("missing key '{}': expected a list of {} (e.g. [\"{}\"])", key, spec.description,
                           spec.example));
  const toml::value& v = raw(key);
  if (!v.is_array())
    fail(key, fmt::format("expected a list of {} (e.g. [\"{}\"]), got {}", spec.description, spec.example,
                          type_name(v)));
  std::vector<double> out;
  for (const auto& item : v.as_array()) out.push_back(convert(key, item, spec));
  if (out.empty()) fail(key, fmt::format("the list of {} is empty", spec.description));
  return out;
}

void InputTable::check_unknown_keys() const {
  if (!value_->is_table()) return;
  for (const auto& [key, v] : value_->as_table()) {
    if (known_->count(key)) continue;
    const auto hint = closest_match(key, *known_);
    fail(key, fmt::format("unknown key{}{}; accepted keys here: {}",
                          path_.empty() ? "" : fmt::format(" in [{}]", path_),
                          hint ? fmt::format(" (did you mean '{}'?)", *hint) : "",
                          known_->empty() ? "none" : join(*known_)));
  }
}

// ---------------------------------------------------------------------------------------------

namespace {

InputError syntax_error(const toml::exception& e, const std::string& file) {
  const auto loc = e.location();
  std::string message = e.what();
  // toml11 formats its own multi-line report; keep it, prefixed by our file:line.
  if (message.rfind("[error] ", 0) == 0) message = message.substr(8);
  return InputError(loc.file_name() == "unknown file" ? file : loc.file_name(), static_cast<int>(loc.line()), "",
                    "TOML syntax error: " + message);
}

}  // namespace

InputDocument InputDocument::from_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, 0, "", "cannot open the input file");
  InputDocument doc;
  doc.file_ = file;
  try {
    doc.value_ = toml::parse(in, file);
  } catch (const toml::exception& e) {
    throw syntax_error(e, file);
  }
  return doc;
}

InputDocument InputDocument::from_string(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  InputDocument doc;
  doc.file_ = name;
  try {
    doc.value_ = toml::parse(in, name);
  } catch (const toml::exception& e) {
    throw syntax_error(e, name);
  }
  return doc;
}

void InputDocument::set(const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string origin = "command line --set " + assignment;
  if (eq == std::string::npos || eq == 0)
    throw InputError(origin, 0, "", "expected --set dotted.key=value, e.g. --set process.supply.field=\"120 V/cm\"");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);

  // The value is TOML when it parses as such (0.6, true, "a b", [1, 2]); otherwise a string,
  // so that --set process.supply.field=120 V/cm works without shell quoting of the TOML quotes.
  toml::value parsed;
  try {
    std::istringstream in("x = " + text);
    parsed = toml::parse(in, origin).as_table().at("x");
  } catch (const toml::exception&) {
    std::istringstream in("x = " + toml::format(toml::value(text)));
    parsed = toml::parse(in, origin).as_table().at("x");
  }

  toml::value* node = &value_;
  std::string::size_type start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw InputError(origin, 0, key, "empty part in the dotted key");
    if (!node->is_table()) throw InputError(origin, 0, key, "'" + part + "' is inside a value that is not a table");
    auto& table = node->as_table();
    if (dot == std::string::npos) {
      table[part] = parsed;
      return;
    }
    if (!table.count(part)) table[part] = toml::table{};
    node = &table[part];
    start = dot + 1;
  }
}

}  // namespace kiln

namespace kiln {
nlohmann::json toml_to_json(const toml::value& v) {
  switch (v.type()) {
    case toml::value_t::boolean: return v.as_boolean();
    case toml::value_t::integer: return v.as_integer();
    case toml::value_t::floating: return v.as_floating();
    case toml::value_t::string: return v.as_string().str;
    case toml::value_t::array: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : v.as_array()) out.push_back(toml_to_json(item));
      return out;
    }
    case toml::value_t::table: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, item] : v.as_table()) out[key] = toml_to_json(item);
      return out;
    }
    default: return toml_to_text(v);
  }
}
namespace {
toml::value to_toml(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      toml::table t;
      for (auto it = j.begin(); it != j.end(); ++it) t[it.key()] = to_toml(it.value());
      return toml::value(t);
    }
    case nlohmann::json::value_t::array: {
      toml::array a;
      for (const auto& v : j) a.push_back(to_toml(v));
      return toml::value(a);
    }
    case nlohmann::json::value_t::string: return toml::value(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return toml::value(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return toml::value(j.get<std::int64_t>());
    case nlohmann::json::value_t::number_float: return toml::value(j.get<double>());
    default: throw std::invalid_argument(fmt::format("a study cannot hold {} values", j.type_name()));
  }
}
}  // namespace

InputDocument input_from_json(const nlohmann::json& object, const std::string& name) {
  if (!object.is_object()) throw InputError(name, 0, "", "a study is a table of tables, e.g. {\"material\": {\"name\": \"3YSZ\"}, ...}");
  toml::value value;
  try {
    value = to_toml(object);
  } catch (const std::invalid_argument& e) {
    throw InputError(name, 0, "", e.what());
  }
  return InputDocument::from_string(toml::format(value), name);
}

}  // namespace kiln
