// Parameter sweeps: one input file with a [sweep] table, run at every combination of the values
// of one or two input keys, the runs in parallel on the available cores. What a run returns (its
// summary) and which figures of it go into the sweep's table and plots depend on the study; the
// study describes that in a SweepKind (flash onset maps, sintering schedule maps, ...).
//
//   [sweep]
//   parameter = "process.supply.field"
//   values = ["40 V/cm", "60 V/cm", "120 V/cm"]     # or from = "20 V/cm", to = "150 V/cm", count = 14
//   threads = 0                                       # 0: all cores
//   [sweep.series]                                    # optional second axis: one curve per value
//   parameter = "process.furnace.heating_rate"
//   values = ["5 K/min", "10 K/min", "20 K/min"]
#pragma once

#include "core/input.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

struct SweepAxis {
  std::string parameter;            // dotted input key
  std::vector<std::string> values;  // as written, e.g. "40 V/cm"
  std::vector<double> numbers;      // the same values in `unit`
  std::string unit;                 // the unit of the first value ("" for bare numbers)
};

struct SweepPoint {
  std::vector<double> numbers;  // axis values in the axes' units
  std::vector<std::string> values;
  nlohmann::json summary;  // the run's summary, or {"error": ...}
};

// A column of the sweep table: a header with its unit and how to read it from a summary
// (empty text when the run has no such figure, e.g. no flash occurred).
struct SweepColumn {
  std::string header;
  std::function<std::string(const nlohmann::json& summary)> cell;
  bool plot = false;      // draw this column against the first axis
  std::string plot_name;  // file stem of that plot (default: from the header)
  std::string key_position = "right top";  // where its legend goes
};

struct SweepKind {
  std::string name;  // "flash.onset_map"
  // What a sweep writes besides its table: where, whether to plot, and the provenance for the
  // manifest.
  struct Output {
    std::filesystem::path directory;
    nlohmann::json resolved_input;
    bool plots = true;
  };
  // Reads and validates one point's document (throws InputError) and says how to write the sweep;
  // called once, on the first point, before any run.
  std::function<Output(const InputDocument&)> describe;
  // Reads and runs one point; returns its summary. Called from worker threads.
  std::function<nlohmann::json(const InputDocument&)> run;
  std::vector<SweepColumn> columns;
  std::string table_name = "sweep.csv";
  // Reads and runs one point and keeps its time series in memory (the numeric columns of its
  // timeseries.csv), for calibration against measured curves. Called from worker threads.
  struct Series {
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
    nlohmann::json summary;
  };
  std::function<Series(const InputDocument&)> series;
};

struct SweepOptions {
  unsigned threads = 0;  // 0: [sweep].threads, else all hardware threads
  bool show_progress = false;
  bool write = true;  // write the sweep directory (benchmarks turn this off)
};

std::vector<SweepAxis> read_sweep(const InputDocument& document);

// Sets a dotted key of a document to a value as written ("40 V/cm" stays a string, 0.5 a number).
void set_input_value(InputDocument& doc, const std::string& key, const std::string& text);

// A quantity as written ("40 V/cm", or a bare number) in `unit`; when `unit` is empty it takes the
// text's own unit. Errors name the key of `table`.
double quantity_in_unit(const InputTable& table, const std::string& key, const std::string& text, std::optional<std::string>& unit);
// The same for the value of `key` in `table` (a quantity string or a bare number), which must exist.
double quantity_key_in_unit(const InputTable& table, const std::string& key, const std::string& what, std::optional<std::string>& unit);

// Runs every point; writes TABLE (one row per point), summary.json, manifest.json and a plot per
// plotted column to the output directory.
std::vector<SweepPoint> run_sweep(const InputDocument& document, const SweepKind& kind, const SweepOptions& options);

// A SweepKind for a study type with the usual shape: Study::from_input(document, database), a
// model->run(settings), output_directory, resolved_input and plots; `summarize(study, result)`
// gives the summary of one run.
template <class Study, class Database, class Summarize>
SweepKind study_sweep_kind(std::string name, std::string table_name, const Database& database, Summarize summarize,
                           std::vector<SweepColumn> columns) {
  SweepKind kind;
  kind.name = std::move(name);
  kind.table_name = std::move(table_name);
  kind.describe = [database](const InputDocument& doc) {
    const Study study = Study::from_input(doc, database);
    return SweepKind::Output{study.output_directory, study.resolved_input, study.plots};
  };
  kind.run = [database, summarize](const InputDocument& doc) {
    const Study study = Study::from_input(doc, database);
    return summarize(study, study.model->run(study.settings));
  };
  kind.series = [database, summarize](const InputDocument& doc) {
    const Study study = Study::from_input(doc, database);
    SweepKind::Series out;
    out.columns = study.timeseries_columns();
    const auto result = study.model->run(study.settings, [&](const auto& o) { out.rows.push_back(Study::timeseries_row(o)); });
    out.summary = summarize(study, result);
    return out;
  };
  kind.columns = std::move(columns);
  kind.columns.push_back({"exit state", [](const nlohmann::json& s) { return "\"" + s["exit state"].get<std::string>() + "\""; }});
  return kind;
}

// Helper for columns: a number at group/key of a summary, scaled and shifted, or "".
std::string summary_cell(const nlohmann::json& summary, const std::string& group, const std::string& key,
                         double scale = 1.0, double offset = 0.0);

}  // namespace kiln
