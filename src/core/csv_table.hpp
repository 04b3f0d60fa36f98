// Comma-separated tables as kiln reads them back: sweep tables, optimisation histories, measured
// curves, public data sets. RFC 4180 quoting ("a, b" is one cell; "" is a quote), '#' comment lines
// skipped, first non-comment line the header. Cells stay text; number() converts with a message
// that names file, line and column.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

struct CsvTable {
  std::filesystem::path file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // file line of each row

  // Index of a column by its header; throws naming the file and the closest header.
  std::size_t column(const std::string& name) const;
  std::optional<std::size_t> find_column(const std::string& name) const;
  // Cell as a number; throws std::runtime_error "file:line: column 'x': 'abc' is not a number".
  double number(std::size_t row, std::size_t column) const;
};

CsvTable read_csv_table(const std::filesystem::path& file);
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace kiln
