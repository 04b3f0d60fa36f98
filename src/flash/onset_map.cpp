#include "flash/onset_map.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "core/units.hpp"
#include "flash/flash_study.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <optional>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

namespace kiln {

namespace {

SweepAxis read_axis(const InputTable& t) {
  SweepAxis axis;
  axis.parameter = t.string("parameter", "the dotted input key to sweep, e.g. \"process.supply.field\"");
  auto as_text = [&](const toml::value& v, const std::string& key) {
    if (v.is_string()) return v.as_string().str;
    if (v.is_floating() || v.is_integer()) return toml_to_text(v);
    t.fail(key, "expected quantities such as \"100 V/cm\" or numbers");
  };
  auto number_in_unit = [&](const std::string& text, const std::string& key) {
    QuantityText q;
    try {
      q = split_quantity(text);
    } catch (const std::invalid_argument&) {
      t.fail(key, fmt::format("\"{}\" is not a quantity (expected e.g. \"100 V/cm\")", text));
    }
    if (axis.values.empty()) axis.unit = q.unit;
    if (q.unit == axis.unit) return q.value;
    if (q.unit.empty() || axis.unit.empty() || !units_convertible(q.unit, axis.unit))
      t.fail(key, fmt::format("\"{}\" cannot be expressed in the unit of the first value ('{}')", text, axis.unit));
    return convert_units(q.value, q.unit, axis.unit);
  };
  if (t.has("values")) {
    const toml::value& list = t.raw("values");
    if (!list.is_array() || list.as_array().empty()) t.fail("values", "expected a non-empty list, e.g. [\"40 V/cm\", \"80 V/cm\"]");
    for (const auto& v : list.as_array()) {
      const std::string text = as_text(v, "values");
      axis.numbers.push_back(number_in_unit(text, "values"));
      axis.values.push_back(text);
    }
  } else {
    const std::string from = t.has("from") ? as_text(t.raw("from"), "from") : (t.fail_table("needs values = [...] or from, to and count"), "");
    const std::string to = t.has("to") ? as_text(t.raw("to"), "to") : (t.fail_table("missing key 'to' (the last value of the sweep)"), "");
    const double count_number = t.number("count", "the number of values from 'from' to 'to'", Range::closed(2, 100000));
    if (count_number != std::floor(count_number)) t.fail("count", "expected a whole number of values");
    const int count = static_cast<int>(count_number);
    const double a = number_in_unit(from, "from");
    axis.values.push_back(from);  // fixes the unit
    const double b = number_in_unit(to, "to");
    axis.values.clear();
    for (int i = 0; i < count; ++i) {
      const double x = a + (b - a) * i / (count - 1);
      axis.numbers.push_back(x);
      axis.values.push_back(axis.unit.empty() ? fmt::format("{:.10g}", x) : fmt::format("{:.10g} {}", x, axis.unit));
    }
  }
  return axis;
}

// Sets a dotted key of a document to a value as written ("40 V/cm" stays a string, 0.5 a number).
void set_value(InputDocument& doc, const std::string& key, const std::string& text) {
  QuantityText q;
  bool number = false;
  try {
    q = split_quantity(text);
    number = q.unit.empty();
  } catch (const std::invalid_argument&) {
  }
  doc.set(key + "=" + (number ? text : toml::format(toml::value(text))));
}

}  // namespace

std::vector<SweepAxis> read_sweep(const InputDocument& document) {
  const InputTable sweep = document.root().table("sweep", "the parameters an onset map sweeps");
  std::vector<SweepAxis> axes{read_axis(sweep)};
  if (auto series = sweep.optional_table("series", "a second parameter: one curve per value")) {
    axes.push_back(read_axis(*series));
    series->check_unknown_keys();
  }
  sweep.number_or("threads", "the number of parallel runs (0: all cores)", 0, Range::closed(0, 1024));
  sweep.check_unknown_keys();
  return axes;
}

std::vector<OnsetMapPoint> run_onset_map(const InputDocument& document, const MaterialDatabase& database,
                                         const OnsetMapOptions& options) {
  const auto axes = read_sweep(document);
  unsigned threads = options.threads;
  if (threads == 0) threads = static_cast<unsigned>(document.root().table("sweep", "").number_or("threads", "", 0));
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  // The documents of all points first (cheap); the first study is read here so that a mistake in
  // the base input stops the sweep before any run starts. The others are read by the workers:
  // input reading is thread-safe (UDUNITS-2 calls are serialised in core/units.cpp).
  std::vector<OnsetMapPoint> points;
  std::vector<InputDocument> documents;
  const std::size_t n1 = axes[0].values.size(), n2 = axes.size() > 1 ? axes[1].values.size() : 1;
  for (std::size_t j = 0; j < n2; ++j)
    for (std::size_t i = 0; i < n1; ++i) {
      InputDocument doc = document;
      OnsetMapPoint point;
      set_value(doc, axes[0].parameter, axes[0].values[i]);
      point.numbers.push_back(axes[0].numbers[i]);
      point.values.push_back(axes[0].values[i]);
      if (axes.size() > 1) {
        set_value(doc, axes[1].parameter, axes[1].values[j]);
        point.numbers.push_back(axes[1].numbers[j]);
        point.values.push_back(axes[1].values[j]);
      }
      documents.push_back(std::move(doc));
      points.push_back(std::move(point));
    }
  std::vector<std::optional<FlashStudy>> studies(documents.size());
  studies[0] = FlashStudy::from_input(documents[0], database);

  Progress progress(options.show_progress);
  std::atomic<std::size_t> next{0}, finished{0};
  std::mutex mutex;
  std::optional<InputError> input_error;  // a bad value at one sweep point fails the sweep
  auto worker = [&]() {
    for (std::size_t k = next++; k < documents.size(); k = next++) {
      nlohmann::json summary;
      try {
        if (!studies[k]) studies[k] = FlashStudy::from_input(documents[k], database);
        summary = flash_summary(*studies[k], studies[k]->model->run(studies[k]->settings));
      } catch (const InputError& e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!input_error) input_error = e;
        continue;
      } catch (const std::exception& e) {
        summary = {{"error", e.what()}};  // a solver failure at one point is a result of the map
      }
      std::lock_guard<std::mutex> lock(mutex);
      points[k].summary = std::move(summary);
      progress.update(double(++finished) / documents.size(), fmt::format("{} of {} runs", finished.load(), documents.size()));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < std::min<std::size_t>(threads, documents.size()); ++w) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  if (input_error) {
    progress.done();
    throw *input_error;
  }
  progress.done();
  if (!options.write) return points;

  // --- output ---
  const auto& base = *studies.front();
  // The manifest records the sweep's own input, not its first point.
  nlohmann::json resolved = base.resolved_input;
  resolved["input"] = toml_to_json(document.value());
  RunDirectory dir(base.output_directory, resolved, document.file());
  const std::string csv_name = "onset_map.csv";
  {
    std::ofstream csv(dir.path() / csv_name);
    for (const auto& axis : axes) csv << axis.parameter << (axis.unit.empty() ? "" : " [" + axis.unit + "]") << ",";
    csv << "flash,onset furnace temperature [degC],incubation time [s],onset specimen temperature [degC],"
           "onset power density [mW/mm^3],runaway criterion furnace temperature [degC],peak specimen temperature [degC],"
           "final relative density,error\n";
    auto cell = [](const nlohmann::json& j, const char* group, const char* key, double scale, double offset) -> std::string {
      if (!j.contains(group) || !j[group].contains(key) || !j[group][key].is_number()) return "";
      return fmt::format("{:.6g}", j[group][key].get<double>() * scale + offset);
    };
    for (const auto& p : points) {
      for (double x : p.numbers) csv << fmt::format("{:.10g}", x) << ",";
      const auto& s = p.summary;
      if (s.contains("error")) {
        std::string message = s["error"].get<std::string>();
        for (std::size_t q = message.find('"'); q != std::string::npos; q = message.find('"', q + 2)) message.insert(q, "\"");
        csv << ",,,,,,,,\"" << message << "\"\n";
        continue;
      }
      const bool flash = s["flash"]["flash occurred"].get<bool>();
      csv << (flash ? "yes" : "no") << "," << cell(s, "flash", "onset furnace temperature [K]", 1, -273.15) << ","
          << cell(s, "flash", "incubation time [s]", 1, 0) << "," << cell(s, "flash", "onset specimen temperature [K]", 1, -273.15)
          << "," << cell(s, "flash", "onset power density [W/m^3]", 1e-6, 0) << ","
          << cell(s, "runaway criterion (Todd et al. 2015)", "furnace temperature [K]", 1, -273.15) << ","
          << cell(s, "temperature", "peak specimen temperature [K]", 1, -273.15) << ","
          << cell(s, "microstructure", "final relative density", 1, 0) << ",\n";
    }
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& p : points) all.push_back({{"values", p.values}, {"summary", p.summary}});
  dir.write_summary({{"model", "flash.onset_map"}, {"parameters", [&] {
                       nlohmann::json a = nlohmann::json::array();
                       for (const auto& axis : axes) a.push_back(axis.parameter);
                       return a;
                     }()},
                     {"points", all}});
  if (base.plots) {
    const std::string x_label = axes[0].parameter + (axes[0].unit.empty() ? "" : " [" + axes[0].unit + "]");
    const int first_result = static_cast<int>(axes.size()) + 2;  // onset furnace temperature column
    PlotSpec onset{"onset_map", "Flash onset", x_label, "furnace temperature at onset [°C]", "", false, {}};
    PlotSpec incubation{"incubation", "Incubation time", x_label, "incubation time [s]", "", false, {}};
    for (std::size_t j = 0; j < n2; ++j) {
      // One curve per value of the second axis: gnuplot's every selects its block of rows.
      const std::string rows = fmt::format("every ::{}::{}", j * n1, (j + 1) * n1 - 1);
      const std::string title = axes.size() > 1 ? axes[1].values[j] : "kiln, flash.lumped";
      onset.curves.push_back({"../" + csv_name, fmt::format("1:{}", first_result), title, "linespoints", false, rows});
      incubation.curves.push_back({"../" + csv_name, fmt::format("1:{}", first_result + 1), title, "linespoints", false, rows});
      if (axes.size() == 1)
        onset.curves.push_back({"../" + csv_name, fmt::format("1:{}", first_result + 4), "runaway criterion (Todd 2015)", "lines"});
    }
    render_plot(dir.plots(), onset);
    render_plot(dir.plots(), incubation);
  }
  dir.finish("completed");
  return points;
}

}  // namespace kiln
