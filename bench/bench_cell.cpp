// Benchmarks of the cell models (figures in docs/performance.md).
//
//   ./build/bench/bench_cell
//   /usr/bin/python3 bench/scipy_thin_film.py      # the same 1C discharge with scipy solve_ivp (BDF)
//
// ThinFilm1C: the Raijmakers 2020 cell, 1C from the charged state to 3.0 V, 40 finite volumes,
// relative tolerance 1e-6 as the scipy peer, no output. ThinFilm20Cycles: 20 cycles of 1C discharge
// to 3.0 V, C/2 charge to 4.2 V, hold at 4.2 V until C/50.
#include "cell/cell_study.hpp"

#include <benchmark/benchmark.h>

using namespace kiln;

namespace {
CellStudy study(const std::string& steps, int cycles) {
  return CellStudy::from_input(InputDocument::from_string(
      "[cell]\nparameters = \"LiCoO2_LiPON_Raijmakers2020\"\n[experiment]\nsteps = " + steps + "\ncycles = " + std::to_string(cycles) +
          "\n[solver]\nmodel = \"cell.thin_film\"\ncells = 40\nrelative_tolerance = 1e-6\n",
      "bench"));
}
}  // namespace

static void ThinFilm1C(benchmark::State& state) {
  const CellStudy s = study("[\"Discharge at 1C until 3.0 V\"]", 1);
  double q = 0;
  for (auto _ : state) q = s.model->run(s.steps, s.cycles, s.settings).steps[0].capacity;
  state.counters["capacity_uAh"] = q * 1e6;
}
BENCHMARK(ThinFilm1C)->Unit(benchmark::kMillisecond);

static void ThinFilm20Cycles(benchmark::State& state) {
  const CellStudy s = study("[\"Discharge at 1C until 3.0 V\", \"Charge at C/2 until 4.2 V\", \"Hold at 4.2 V until C/50\"]", 20);
  long steps = 0;
  for (auto _ : state) steps = s.model->run(s.steps, s.cycles, s.settings).solver_steps;
  state.counters["ida_steps"] = static_cast<double>(steps);
}
BENCHMARK(ThinFilm20Cycles)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
