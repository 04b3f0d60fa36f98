#include "core/plot.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace kiln {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string plot_commands(const PlotSpec& spec) {
  std::string script;
  script += "set datafile separator ','\n";
  script += fmt::format("set title {} noenhanced\nset xlabel {} noenhanced\nset ylabel {} noenhanced\n", quoted(spec.title), quoted(spec.x_label),
                        quoted(spec.y_label));
  script += fmt::format("set grid\nset key {}\n", spec.key_position);
  if (spec.log_x) script += "set logscale x\nset format x '10^{%L}'\n";
  if (spec.log_y) script += "set logscale y\nset format y '10^{%L}'\n";
  if (!spec.y2_label.empty()) script += fmt::format("set y2label {} noenhanced\nset y2tics\nset ytics nomirror\n", quoted(spec.y2_label));
  if (!spec.color_label.empty())
    script += fmt::format("set cblabel {} noenhanced\nset palette rgbformulae 33,13,10\nset autoscale xfix\nset autoscale yfix\n",
                          quoted(spec.color_label));
  std::string plot = "plot ";
  for (std::size_t i = 0; i < spec.curves.size(); ++i) {
    const auto& c = spec.curves[i];
    // Line width applies to lines and points, not to images and labels.
    const bool has_width = c.style.rfind("image", 0) != 0 && c.style.rfind("labels", 0) != 0;
    plot += fmt::format("{}{} skip 1 {}using {} with {}{} title {} noenhanced{}", i ? ", \\\n     " : "",
                        quoted(c.data_file), c.select.empty() ? "" : c.select + " ", c.columns, c.style, has_width ? " lw 2" : "",
                        quoted(c.title),
                        c.second_axis ? " axes x1y2" : "");
  }
  return script + plot + "\n";
}

}  // namespace

bool run_gnuplot_script(const std::filesystem::path& directory, const std::string& name, const std::string& script) {
  std::error_code ignored;
  std::filesystem::create_directories(directory, ignored);
  const auto script_file = directory / (name + ".gp");
  {
    std::ofstream out(script_file);
    if (!out) {
      std::cerr << "kiln: warning: cannot write " << script_file << "\n";
      return false;
    }
    out << "# gnuplot script written by kiln; rerun with: gnuplot " << name << ".gp\n" << script;
  }
  const std::string command =
      fmt::format("cd {} && gnuplot {} > /dev/null 2>&1", quoted(directory.string()), quoted(name + ".gp"));
  if (std::system(command.c_str()) != 0) {
    std::cerr << "kiln: warning: gnuplot could not draw " << script_file
              << " (run 'gnuplot " << name << ".gp' there to see why; is gnuplot-nox installed?); the data files are complete\n";
    return false;
  }
  return true;
}

bool render_plot(const std::filesystem::path& directory, const PlotSpec& spec) {
  std::string script = fmt::format("set terminal pngcairo size 900,600 enhanced font 'Sans,11'\nset output '{}.png'\n", spec.name);
  script += plot_commands(spec);
  script += fmt::format("set terminal svg size 900,600 enhanced font 'Sans,11'\nset output '{}.svg'\nreplot\n", spec.name);
  return run_gnuplot_script(directory, spec.name, script);
}

}  // namespace kiln
