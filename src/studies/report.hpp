// `kiln report RUN_DIR`: one self-contained HTML page for a run, a sweep, an optimisation or a fit
// directory: what was run (the input, every material value with its source), the headline
// figures, every plot (inline SVG), the exit state and warnings, and what to cite. No scripts, no
// external files: the page can be mailed or archived as it is.
#pragma once

#include <filesystem>

namespace kiln {

// Writes RUN_DIR/report.html (or `output`) and returns its path.
std::filesystem::path write_report(const std::filesystem::path& run_dir, const std::filesystem::path& output = {});

}  // namespace kiln
