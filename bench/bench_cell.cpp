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

static void Bulk1C(benchmark::State& state) {
  // Li | Li6PS5Cl | NCM811 composite (Bielefeld 2022 set): 1C discharge from a charged state to
  // 3.5 V, 20 cells across the cathode x 10 shells per particle (243 unknowns), rtol 1e-6.
  const CellStudy s = CellStudy::from_input(InputDocument::from_string(
      "[cell]\nparameters = \"NMC811_Li6PS5Cl_Bielefeld2022\"\ntheta_initial = 0.31\n[experiment]\nsteps = [\"Discharge at 1C until 3.5 V\"]\n"
      "[solver]\nmodel = \"cell.bulk\"\nrelative_tolerance = 1e-6\n",
      "bench"));
  double q = 0;
  for (auto _ : state) q = s.model->run(s.steps, s.cycles, s.settings).steps[0].capacity;
  state.counters["capacity_uAh"] = q * 1e6;
}
BENCHMARK(Bulk1C)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
