// Pictures of results, drawn by gnuplot (Debian's gnuplot-nox) from the CSV files a run writes.
// Each plot leaves its script (NAME.gp) beside NAME.png and NAME.svg, so a user can restyle it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kiln {

struct PlotCurve {
  std::string data_file;   // CSV with one header row, relative to the plot directory or absolute
  std::string columns;     // gnuplot "using" expression, e.g. "($1/60):($3-273.15)"
  std::string title;
  std::string style = "lines";  // "lines", "linespoints", "points"
  bool second_axis = false;     // plot against the right-hand y axis
  std::string select;           // gnuplot row selection, e.g. "every ::0::9" or "index 2"
};

struct PlotSpec {
  std::string name;  // file stem
  std::string title;
  std::string x_label;
  std::string y_label;
  std::string y2_label;  // non-empty enables the right-hand axis
  bool log_y = false;
  std::vector<PlotCurve> curves;
  std::string key_position = "right top";  // gnuplot "set key" position
  bool log_x = false;
  std::string color_label;  // non-empty: a colour map (curves "with image") with this colour-bar label
};

// Writes DIR/NAME.gp and runs gnuplot to make DIR/NAME.png and DIR/NAME.svg.
// Returns false (after a warning on stderr) when gnuplot is missing or fails: a missing picture
// must not lose the results of a run.
bool render_plot(const std::filesystem::path& directory, const PlotSpec& spec);

// Writes DIR/NAME.gp (a header comment, then `script`, which sets its own terminal and output) and
// runs gnuplot in DIR. Returns false after a warning on stderr, as render_plot.
bool run_gnuplot_script(const std::filesystem::path& directory, const std::string& name, const std::string& script);

}  // namespace kiln
