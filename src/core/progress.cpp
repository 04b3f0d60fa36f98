#include "core/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace kiln {

Progress::Progress(bool enabled) : enabled_(enabled), last_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { done(); }

bool Progress::stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

void Progress::update(double fraction, const std::string& status) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;  // a terminal needs no more
  last_ = now;
  shown_ = true;
  const int percent = static_cast<int>(100.0 * std::clamp(fraction, 0.0, 1.0));
  std::fprintf(stderr, "\r  [%3d%%] %-60s", percent, status.c_str());
  std::fflush(stderr);
}

void Progress::done() {
  if (enabled_ && shown_) {
    std::fprintf(stderr, "\r%80s\r", "");
    std::fflush(stderr);
  }
  shown_ = false;
}

}  // namespace kiln
