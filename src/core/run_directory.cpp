#include "core/run_directory.hpp"

#include "kiln/build_info.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace kiln {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string host_name() {
  char buffer[256] = {0};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

// Non-finite numbers become null: a NaN in a results file is worse than a visible gap.
nlohmann::json sanitized(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>()) ? j : nlohmann::json(nullptr);
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = sanitized(it.value());
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : j) out.push_back(sanitized(item));
    return out;
  }
  return j;
}

}  // namespace

std::string kiln_banner() {
  return fmt::format("kiln {} (git {}, {} build, {})", build_info::version, build_info::git_revision,
                     build_info::build_type, build_info::compiler);
}

void write_json_file(const std::filesystem::path& file, const nlohmann::json& content) {
  const auto temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary);
    if (!out) throw std::runtime_error("cannot write " + temporary);
    out << sanitized(content).dump(2) << '\n';
  }
  std::filesystem::rename(temporary, file);  // readers never see a half-written file
}

TimeSeriesWriter::TimeSeriesWriter(const std::filesystem::path& file, std::vector<std::string> columns)
    : name_(file.filename().string()), column_names_(columns), columns_(columns.size()) {
  file_ = std::fopen(file.c_str(), "w");
  if (!file_) throw std::runtime_error("cannot write " + file.string());
  std::string header;
  for (const auto& c : columns) {
    std::string cell = c;
    if (c.find_first_of(",\"") != std::string::npos) {  // RFC 4180: quote, double the quotes
      cell = "\"";
      for (const char ch : c) cell += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      cell += "\"";
    }
    header += (header.empty() ? "" : ",") + cell;
  }
  std::fprintf(file_, "%s\n", header.c_str());
  std::fflush(file_);
}

TimeSeriesWriter::~TimeSeriesWriter() {
  if (file_) std::fclose(file_);
}

TimeSeriesWriter::TimeSeriesWriter(TimeSeriesWriter&& other) noexcept
    : file_(other.file_), name_(std::move(other.name_)), column_names_(std::move(other.column_names_)),
      columns_(other.columns_), rows_(other.rows_) {
  other.file_ = nullptr;
}

TimeSeriesWriter& TimeSeriesWriter::operator=(TimeSeriesWriter&& other) noexcept {
  if (this != &other) {
    if (file_) std::fclose(file_);
    file_ = other.file_;
    name_ = std::move(other.name_);
    column_names_ = std::move(other.column_names_);
    columns_ = other.columns_;
    rows_ = other.rows_;
    other.file_ = nullptr;
  }
  return *this;
}

void TimeSeriesWriter::write_cells(const std::vector<std::optional<double>>& values, const std::string& text_column) {
  if (!file_) return;
  std::string line;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) line += ',';
    if (values[i] && std::isfinite(*values[i])) line += fmt::format("{:.9g}", *values[i]);
  }
  std::string quoted = "\"";
  for (const char c : text_column) quoted += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  line += "," + quoted + "\"\n";
  std::fputs(line.c_str(), file_);
  std::fflush(file_);
  ++rows_;
}

void TimeSeriesWriter::write_row(const std::vector<double>& values, const std::string& text_column) {
  if (!file_) return;
  std::string line;
  line.reserve(16 * values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]))
      throw std::runtime_error(fmt::format(
          "the result '{}' is not a finite number in row {} of {}: the model left its physical range (check the "
          "material's values); kiln does not write NaN or infinity as a result",
          i < column_names_.size() ? column_names_[i] : std::to_string(i + 1), rows_ + 1, name_));
    if (i) line += ',';
    line += fmt::format("{:.9g}", values[i]);
  }
  if (!text_column.empty()) line += "," + text_column;
  line += '\n';
  std::fputs(line.c_str(), file_);
  std::fflush(file_);
  ++rows_;
}

RunDirectory::RunDirectory(std::filesystem::path path, nlohmann::json resolved_input, std::string input_file)
    : path_(std::move(path)),
      resolved_input_(std::move(resolved_input)),
      input_file_(std::move(input_file)),
      start_time_(utc_now()),
      start_(std::chrono::steady_clock::now()) {
  std::filesystem::create_directories(path_);
  write_manifest("running", 0.0);
}

TimeSeriesWriter RunDirectory::open_timeseries(std::vector<std::string> columns, const std::string& name) const {
  return TimeSeriesWriter(path_ / name, std::move(columns));
}

void RunDirectory::write_summary(const nlohmann::json& summary) const { write_json("summary.json", summary); }

void RunDirectory::write_json(const std::string& name, const nlohmann::json& content) const {
  write_json_file(path_ / name, content);
}

void RunDirectory::finish(const std::string& exit_state) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  write_manifest(exit_state, wall);
}

void RunDirectory::write_manifest(const std::string& exit_state, double wall_seconds) const {
  nlohmann::json manifest;
  manifest["kiln"] = {{"version", build_info::version},
                      {"git_revision", build_info::git_revision},
                      {"build_type", build_info::build_type},
                      {"compiler", build_info::compiler}};
  manifest["machine"] = {{"host", host_name()}, {"hardware_threads", std::thread::hardware_concurrency()}};
  manifest["input_file"] = input_file_;
  manifest["start_time_utc"] = start_time_;
  manifest["wall_time_s"] = wall_seconds;
  manifest["exit_state"] = exit_state;
  manifest["resolved_input"] = resolved_input_;
  write_json("manifest.json", manifest);
}

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
  try {
    return nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file.string(), e.what()));
  }
}

}  // namespace kiln
