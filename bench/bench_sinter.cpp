// Benchmarks of furnace sintering and the master-curve fit (figures in docs/performance.md).
//
//   ./build/bench/bench_sinter
//
// SingleRun: examples/sinter_llzo_conventional.toml (5 K/min to 1250 degC, 6 h hold, with lithium
// loss), solver only. ScheduleMap1000: 1000 sintering temperatures from 1100 to 1300 degC, all
// cores, no files. FitMasterCurve: kiln fit msc on the three 500-point example curves.
// ColdSinterRun, ColdProcessMap50x50: cold sintering of ZnO.
#include "core/sweep.hpp"
#include "sinter/master_curve_fit.hpp"
#include "sinter/sinter_study.hpp"
#include "sinter/sinter_sweep.hpp"

#include <benchmark/benchmark.h>

using namespace kiln;

namespace {
const MaterialDatabase& database() {
  static const MaterialDatabase db(std::string(KILN_SOURCE_DIR) + "/data/materials");
  return db;
}
std::string source(const std::string& path) { return std::string(KILN_SOURCE_DIR) + "/" + path; }
}  // namespace

static void SingleRun(benchmark::State& state) {
  const auto study = SinterStudy::from_input(InputDocument::from_file(source("examples/sinter_llzo_conventional.toml")), database());
  long steps = 0;
  for (auto _ : state) {
    const SinterResult r = study.model->run(study.settings);
    steps = r.steps;
    benchmark::DoNotOptimize(r.final.relative_density);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(SingleRun)->Unit(benchmark::kMillisecond);

static void ScheduleMap1000(benchmark::State& state) {
  InputDocument doc = InputDocument::from_file(source("examples/sinter_llzo_schedule_map.toml"));
  doc.value().as_table().at("sweep").as_table().erase("series");
  doc.set("sweep.count=1000");
  SweepOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  options.write = false;
  for (auto _ : state) benchmark::DoNotOptimize(run_sweep(doc, sinter_sweep_kind(database()), options).size());
}
BENCHMARK(ScheduleMap1000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

static void FitMasterCurve(benchmark::State& state) {
  std::vector<DilatometryCurve> curves;
  for (const char* rate : {"2", "5", "20"})
    curves.push_back(read_dilatometry_csv(source(std::string("examples/data/3ysz_dilatometry_") + rate + "Kmin.csv")));
  for (auto _ : state) benchmark::DoNotOptimize(fit_master_curve(curves, 200e3, 1000e3).activation_energy);
}
BENCHMARK(FitMasterCurve)->Unit(benchmark::kMillisecond);

// Cold sintering: one run of examples/cold_sinter_zno.toml, and a 50 x 50 pressure-temperature
// process map (10-500 MPa x 25-150 degC), both cores, no files.
static void ColdSinterRun(benchmark::State& state) {
  const auto study = SinterStudy::from_input(InputDocument::from_file(source("examples/cold_sinter_zno.toml")), database());
  for (auto _ : state) benchmark::DoNotOptimize(study.model->run(study.settings).final.relative_density);
}
BENCHMARK(ColdSinterRun)->Unit(benchmark::kMillisecond);

static void ColdProcessMap50x50(benchmark::State& state) {
  InputDocument doc = InputDocument::from_file(source("examples/cold_sinter_zno_process_map.toml"));
  doc.set("sweep.count=50");
  doc.value().as_table().at("sweep").as_table().at("series").as_table().erase("values");
  doc.set("sweep.series.from=25 degC");
  doc.set("sweep.series.to=150 degC");
  doc.set("sweep.series.count=50");
  SweepOptions options;
  options.write = false;
  for (auto _ : state) benchmark::DoNotOptimize(run_sweep(doc, sinter_sweep_kind(database()), options).size());
}
BENCHMARK(ColdProcessMap50x50)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
