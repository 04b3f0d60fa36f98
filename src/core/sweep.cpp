#include "core/sweep.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "core/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <fstream>
#include <mutex>
#include <optional>
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
    std::optional<std::string> unit;
    if (!axis.values.empty()) unit = axis.unit;
    const double v = quantity_in_unit(t, key, text, unit);
    if (axis.values.empty()) axis.unit = *unit;
    return v;
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

}  // namespace

double quantity_in_unit(const InputTable& t, const std::string& key, const std::string& text, std::optional<std::string>& unit) {
  QuantityText q;
  try {
    q = split_quantity(text);
  } catch (const std::invalid_argument&) {
    t.fail(key, fmt::format("\"{}\" is not a quantity (expected e.g. \"100 V/cm\")", text));
  }
  if (!unit) unit = q.unit;
  if (q.unit == *unit) return q.value;
  if (q.unit.empty() || unit->empty() || !units_convertible(q.unit, *unit))
    t.fail(key, fmt::format("\"{}\" cannot be expressed in the unit of the first value ('{}')", text, *unit));
  return convert_units(q.value, q.unit, *unit);
}

double quantity_key_in_unit(const InputTable& t, const std::string& key, const std::string& what, std::optional<std::string>& unit) {
  if (!t.has(key)) t.fail_table(fmt::format("missing key '{}' ({})", key, what));
  const toml::value& v = t.raw(key);
  std::string text;
  if (v.is_string()) text = v.as_string().str;
  else if (v.is_floating() || v.is_integer()) text = toml_to_text(v);
  else t.fail(key, fmt::format("expected a quantity such as \"100 V/cm\" or a number ({})", what));
  return quantity_in_unit(t, key, text, unit);
}

void set_input_value(InputDocument& doc, const std::string& key, const std::string& text) {
  QuantityText q;
  bool number = false;
  try {
    q = split_quantity(text);
    number = q.unit.empty();
  } catch (const std::invalid_argument&) {
  }
  doc.set(key + "=" + (number ? text : toml::format(toml::value(text))));
}

std::vector<SweepAxis> read_sweep(const InputDocument& document) {
  const InputTable sweep = document.root().table("sweep", "the parameters an onset map sweeps");
  std::vector<SweepAxis> axes{read_axis(sweep)};
  if (auto series = sweep.optional_table("series", "a second parameter: one curve per value")) {
    axes.push_back(read_axis(*series));
    series->check_unknown_keys();
  }
  const double threads = sweep.number_or("threads", "the number of parallel runs (0: all cores)", 0, Range::closed(0, 1024));
  if (threads != std::floor(threads)) sweep.fail("threads", "expected a whole number of parallel runs");
  sweep.check_unknown_keys();
  return axes;
}

std::string summary_cell(const nlohmann::json& s, const std::string& group, const std::string& key, double scale,
                         double offset) {
  if (!s.contains(group) || !s[group].contains(key) || !s[group][key].is_number()) return "";
  return fmt::format("{:.6g}", s[group][key].get<double>() * scale + offset);
}

std::vector<SweepPoint> run_sweep(const InputDocument& document, const SweepKind& kind, const SweepOptions& options) {
  const auto axes = read_sweep(document);
  unsigned threads = options.threads;
  if (threads == 0) threads = static_cast<unsigned>(document.root().table("sweep", "").number_or("threads", "", 0));
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  // The documents of all points first (cheap); the first is read here so that a mistake in the
  // base input stops the sweep before any run starts. The others are read by the workers: input
  // reading is thread-safe (UDUNITS-2 calls are serialised in core/units.cpp).
  std::vector<SweepPoint> points;
  std::vector<InputDocument> documents;
  const std::size_t n1 = axes[0].values.size(), n2 = axes.size() > 1 ? axes[1].values.size() : 1;
  for (std::size_t j = 0; j < n2; ++j)
    for (std::size_t i = 0; i < n1; ++i) {
      InputDocument doc = document;
      SweepPoint point;
      set_input_value(doc, axes[0].parameter, axes[0].values[i]);
      point.numbers.push_back(axes[0].numbers[i]);
      point.values.push_back(axes[0].values[i]);
      if (axes.size() > 1) {
        set_input_value(doc, axes[1].parameter, axes[1].values[j]);
        point.numbers.push_back(axes[1].numbers[j]);
        point.values.push_back(axes[1].values[j]);
      }
      documents.push_back(std::move(doc));
      points.push_back(std::move(point));
    }
  const SweepKind::Output output = kind.describe(documents[0]);

  Progress progress(options.show_progress);
  std::atomic<std::size_t> next{0}, finished{0};
  std::mutex mutex;
  std::optional<InputError> input_error;  // a bad value at one sweep point fails the sweep
  std::atomic<bool> stop{false};
  auto worker = [&]() {
    for (std::size_t k = next++; k < documents.size() && !stop; k = next++) {
      nlohmann::json summary;
      try {
        summary = kind.run(documents[k]);
      } catch (const InputError& e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!input_error) input_error = e;
        stop = true;  // the sweep fails: no point in running the rest
        continue;
      } catch (const std::exception& e) {
        summary = {{"error", e.what()}};  // a solver failure at one point is a result of the sweep
      }
      std::lock_guard<std::mutex> lock(mutex);
      points[k].summary = std::move(summary);
      progress.update(double(++finished) / documents.size(), fmt::format("{} of {} runs", finished.load(), documents.size()));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < std::min<std::size_t>(threads, documents.size()); ++w) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  progress.done();
  if (input_error) throw *input_error;
  if (!options.write) return points;

  // --- output ---
  nlohmann::json resolved = output.resolved_input;
  resolved["input"] = toml_to_json(document.value());  // the sweep's own input, not its first point
  RunDirectory dir(output.directory, resolved, document.file());
  {
    std::ofstream csv(dir.path() / kind.table_name);
    for (const auto& axis : axes) csv << axis.parameter << (axis.unit.empty() ? "" : " [" + axis.unit + "]") << ",";
    for (const auto& c : kind.columns) csv << c.header << ",";
    csv << "error\n";
    for (const auto& p : points) {
      for (double x : p.numbers) csv << fmt::format("{:.10g}", x) << ",";
      if (p.summary.contains("error")) {
        std::string message = p.summary["error"].get<std::string>();
        for (std::size_t q = message.find('"'); q != std::string::npos; q = message.find('"', q + 2)) message.insert(q, "\"");
        csv << std::string(kind.columns.size(), ',') << "\"" << message << "\"\n";
        continue;
      }
      for (const auto& c : kind.columns) csv << c.cell(p.summary) << ",";
      csv << "\n";
    }
  }
  nlohmann::json all = nlohmann::json::array();
  for (const auto& p : points) all.push_back({{"values", p.values}, {"summary", p.summary}});
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& axis : axes) parameters.push_back(axis.parameter);
  dir.write_summary({{"model", kind.name}, {"parameters", parameters}, {"points", all}});
  if (output.plots) {
    const std::string x_label = axes[0].parameter + (axes[0].unit.empty() ? "" : " [" + axes[0].unit + "]");
    for (std::size_t c = 0; c < kind.columns.size(); ++c) {
      if (!kind.columns[c].plot) continue;
      // A figure no run produced (no lithium-loss law, no flash) has nothing to draw.
      const bool any = std::any_of(points.begin(), points.end(), [&](const SweepPoint& p) {
        return !p.summary.contains("error") && !kind.columns[c].cell(p.summary).empty();
      });
      if (!any) continue;
      const int column = static_cast<int>(axes.size() + c + 1);
      const std::string header = kind.columns[c].header;
      std::string stem = kind.columns[c].plot_name;
      if (stem.empty())
        for (char ch : header.substr(0, header.find(" ["))) stem += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      PlotSpec spec{stem, header, x_label, header, "", false, {}, kind.columns[c].key_position};
      for (std::size_t j = 0; j < n2; ++j) {
        // One curve per value of the second axis: its block of rows.
        const std::string rows = fmt::format("every ::{}::{}", j * n1, (j + 1) * n1 - 1);
        const std::string title = axes.size() > 1 ? axes[1].values[j] : "kiln";
        spec.curves.push_back({"../" + kind.table_name, fmt::format("1:{}", column), title, "linespoints", false, rows});
      }
      render_plot(dir.plots(), spec);
    }
  }
  dir.finish("completed");
  return points;
}

}  // namespace kiln
