#include "core/csv_table.hpp"

#include "core/input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <set>
#include <stdexcept>

namespace kiln {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

CsvTable read_csv_table(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open the file", file.string()));
  CsvTable t;
  t.file = file;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto cells = split_csv_line(line);
    if (t.header.empty()) {
      t.header = cells;
      continue;
    }
    if (cells.size() != t.header.size())
      throw std::runtime_error(fmt::format("{}:{}: {} cells, but the header has {} columns", file.string(), number,
                                           cells.size(), t.header.size()));
    t.rows.push_back(std::move(cells));
    t.lines.push_back(number);
  }
  if (t.header.empty()) throw std::runtime_error(fmt::format("{}: the file has no header line", file.string()));
  return t;
}

std::optional<std::size_t> CsvTable::find_column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

std::size_t CsvTable::column(const std::string& name) const {
  if (auto i = find_column(name)) return *i;
  const auto hint = closest_match(name, std::set<std::string>(header.begin(), header.end()));
  throw std::runtime_error(fmt::format("{}: no column \"{}\"{} (columns: {})", file.string(), name,
                                       hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "", fmt::join(header, ", ")));
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  const std::string& text = rows.at(row).at(col);
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (text.find_first_not_of(" \t", used) != std::string::npos) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw std::runtime_error(
        fmt::format("{}:{}: column \"{}\": \"{}\" is not a number", file.string(), lines.at(row), header.at(col), text));
  }
}

}  // namespace kiln
