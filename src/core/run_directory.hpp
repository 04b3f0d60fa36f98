// The directory one run writes: manifest.json (provenance), timeseries.csv (written row by row,
// so a crash keeps every finished row), summary.json (headline figures) and plots/.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

// A CSV time series whose columns carry their units in the name, as in "time [s]".
// Each row is flushed as soon as it is written. Non-finite values are refused: kiln never
// writes NaN as a result.
class TimeSeriesWriter {
 public:
  TimeSeriesWriter() = default;
  TimeSeriesWriter(const std::filesystem::path& file, std::vector<std::string> columns);
  ~TimeSeriesWriter();
  TimeSeriesWriter(const TimeSeriesWriter&) = delete;
  TimeSeriesWriter& operator=(const TimeSeriesWriter&) = delete;
  TimeSeriesWriter(TimeSeriesWriter&& other) noexcept;
  TimeSeriesWriter& operator=(TimeSeriesWriter&& other) noexcept;

  // `text_column` (optional) is appended as a last, quoted column, e.g. the supply mode.
  void write_row(const std::vector<double>& values, const std::string& text_column = "");
  // A row where some figures do not exist (a failed run of a study): those cells stay empty.
  // The text column is quoted (it may hold an error message with commas).
  void write_cells(const std::vector<std::optional<double>>& values, const std::string& text_column);
  std::size_t rows() const { return rows_; }
  bool is_open() const { return file_ != nullptr; }

 private:
  std::FILE* file_ = nullptr;
  std::string name_;
  std::vector<std::string> column_names_;
  std::size_t columns_ = 0;
  std::size_t rows_ = 0;
};

class RunDirectory {
 public:
  // Creates `path` (and plots/); writes a first manifest with exit state "running".
  RunDirectory(std::filesystem::path path, nlohmann::json resolved_input, std::string input_file);

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path plots() const { return path_ / "plots"; }
  TimeSeriesWriter open_timeseries(std::vector<std::string> columns, const std::string& name = "timeseries.csv") const;

  void write_summary(const nlohmann::json& summary) const;
  void write_json(const std::string& name, const nlohmann::json& content) const;
  // Final manifest: exit state ("completed", "failed: why"), wall time.
  void finish(const std::string& exit_state);

 private:
  void write_manifest(const std::string& exit_state, double wall_seconds) const;

  std::filesystem::path path_;
  nlohmann::json resolved_input_;
  std::string input_file_;
  std::string start_time_;
  std::chrono::steady_clock::time_point start_;
};

// The banner of every run: version, git revision, build type (users paste it into papers).
std::string kiln_banner();

// Writes JSON replacing non-finite numbers by null (kiln never writes NaN as a result).
void write_json_file(const std::filesystem::path& file, const nlohmann::json& content);
// Reads a JSON file; errors name the file.
nlohmann::json read_json_file(const std::filesystem::path& file);

// Runs `integrate` (a model's run with its observer) for a study writing into `dir`: when it throws,
// the progress line is closed and the manifest records "failed: why" before the error goes on;
// the rows already written stay. Returns what `integrate` returns.
template <class Integrate, class Progress>
auto record_run(RunDirectory& dir, Progress& progress, Integrate integrate) -> decltype(integrate()) {
  try {
    auto result = integrate();
    progress.done();
    return result;
  } catch (const std::exception& e) {
    progress.done();
    dir.finish(std::string("failed: ") + e.what());
    throw;
  }
}

}  // namespace kiln
