// Progress of a long run: a single updating line on a terminal, silence in logs and pipes.
#pragma once

#include <chrono>
#include <string>

namespace kiln {

class Progress {
 public:
  // `enabled` is usually "stderr is a terminal and the user did not ask for --quiet".
  explicit Progress(bool enabled);
  ~Progress();
  // fraction in [0, 1]; `status` is a short text such as "t = 120 s, T = 1034 K".
  void update(double fraction, const std::string& status);
  void done();
  static bool stderr_is_terminal();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace kiln
