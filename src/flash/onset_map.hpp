// Onset maps: the flash-onset furnace temperature and incubation time over a sweep of one or two
// input keys (the field, and optionally the heating rate or the current limit), as in the
// onset-vs-field figures of the flash-sintering literature (e.g. Cologna et al. 2010, Fig. 1;
// Todd et al. 2015). The runs are independent and run in parallel on the available cores.
//
//   [sweep]
//   parameter = "process.supply.field"
//   values = ["40 V/cm", "60 V/cm", "120 V/cm"]     # or from = "20 V/cm", to = "150 V/cm", count = 14
//   [sweep.series]                                    # optional second axis: one curve per value
//   parameter = "process.furnace.heating_rate"
//   values = ["5 K/min", "10 K/min", "20 K/min"]
#pragma once

#include "core/input.hpp"
#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kiln {

struct SweepAxis {
  std::string parameter;            // dotted input key
  std::vector<std::string> values;  // as written, e.g. "40 V/cm"
  std::vector<double> numbers;      // the same values in `unit`
  std::string unit;                 // the unit of the first value ("" for bare numbers)
};

struct OnsetMapPoint {
  std::vector<double> numbers;  // axis values in the axes' units
  std::vector<std::string> values;
  nlohmann::json summary;  // flash_summary of the run, or {"error": ...}
};

struct OnsetMapOptions {
  unsigned threads = 0;  // 0: all hardware threads
  bool show_progress = false;
  bool write = true;  // write the sweep directory (benchmarks turn this off)
};

// Reads [sweep] of `document`; the rest of the document is the base study.
std::vector<SweepAxis> read_sweep(const InputDocument& document);

// Runs every point; writes onset_map.csv, summary.json, manifest.json and plots to the study's
// output directory.
std::vector<OnsetMapPoint> run_onset_map(const InputDocument& document, const MaterialDatabase& database,
                                         const OnsetMapOptions& options);

}  // namespace kiln
