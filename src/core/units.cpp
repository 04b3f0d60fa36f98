#include "core/units.hpp"

#include <udunits2.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace kiln {

namespace {

// UDUNITS-2 keeps global state and is not thread-safe: one system, one lock.
struct UnitSystem {
  ut_system* system = nullptr;
  std::mutex mutex;
  UnitSystem() {
    ut_set_error_message_handler(ut_ignore);
    system = ut_read_xml(nullptr);  // $UDUNITS2_XML_PATH or the packaged database
    if (!system)
      throw std::runtime_error(
          "cannot read the UDUNITS-2 unit database (is the Debian package udunits-bin / "
          "libudunits2-data installed? UDUNITS2_XML_PATH may point to udunits2.xml)");
  }
  ~UnitSystem() { ut_free_system(system); }
};

UnitSystem& unit_system() {
  static UnitSystem instance;
  return instance;
}

struct UnitDeleter {
  void operator()(ut_unit* u) const { ut_free(u); }
};
using UnitPtr = std::unique_ptr<ut_unit, UnitDeleter>;

UnitPtr parse_locked(const std::string& unit) {
  // UDUNITS writes the dimensionless unit as "1"; an empty text means the same.
  const std::string text = unit.empty() ? std::string("1") : unit;
  return UnitPtr(ut_parse(unit_system().system, text.c_str(), UT_UTF8));
}

}  // namespace

QuantityText split_quantity(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin) throw std::invalid_argument("no number at the start of \"" + text + "\"");
  std::string unit(end);
  const auto first = unit.find_first_not_of(" \t");
  const auto last = unit.find_last_not_of(" \t");
  unit = (first == std::string::npos) ? std::string() : unit.substr(first, last - first + 1);
  return {value, unit};
}

bool unit_parses(const std::string& unit) {
  std::lock_guard<std::mutex> lock(unit_system().mutex);
  return parse_locked(unit) != nullptr;
}

bool units_convertible(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(unit_system().mutex);
  auto a = parse_locked(from);
  auto b = parse_locked(to);
  return a && b && ut_are_convertible(a.get(), b.get());
}

double convert_units(double value, const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(unit_system().mutex);
  auto a = parse_locked(from);
  if (!a) throw UnitError("unknown unit '" + from + "'");
  auto b = parse_locked(to);
  if (!b) throw UnitError("unknown unit '" + to + "'");
  if (!ut_are_convertible(a.get(), b.get()))
    throw UnitError("unit '" + from + "' cannot be converted to '" + to + "'");
  cv_converter* converter = ut_get_converter(a.get(), b.get());
  const double result = cv_convert_double(converter, value);
  cv_free(converter);
  return result;
}

double quantity_to_si(const std::string& text, const std::string& si_unit) {
  const QuantityText q = split_quantity(text);
  if (q.unit.empty()) return q.value;
  return convert_units(q.value, q.unit, si_unit);
}

}  // namespace kiln
