// Benchmarks of the lumped flash model (figures in docs/performance.md).
//
//   ./build/bench/bench_flash_lumped                 # all
//   ./build/bench/bench_flash_lumped --benchmark_filter=SingleRun
//
// SingleRun: one run of examples/flash_3ysz_lumped.toml (10 K/min to the flash, 60 s of current
// control), solver only: no files written. OnsetMap100: 100 fields from 20 to 240 V/cm, all cores.
#include "flash/flash_study.hpp"
#include "flash/onset_map.hpp"

#include <benchmark/benchmark.h>

using namespace kiln;

namespace {

const MaterialDatabase& database() {
  static const MaterialDatabase db(std::string(KILN_SOURCE_DIR) + "/data/materials");
  return db;
}

InputDocument example(const char* name) {
  return InputDocument::from_file(std::string(KILN_SOURCE_DIR) + "/examples/" + name);
}

}  // namespace

static void SingleRun(benchmark::State& state) {
  const auto study = FlashStudy::from_input(example("flash_3ysz_lumped.toml"), database());
  long steps = 0;
  for (auto _ : state) {
    const FlashResult r = study.model->run(study.settings);
    steps = r.steps;
    benchmark::DoNotOptimize(r.final.temperature);
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(SingleRun)->Unit(benchmark::kMillisecond);

static void OnsetMap100(benchmark::State& state) {
  InputDocument doc = example("flash_3ysz_onset_map.toml");
  doc.value().as_table().at("sweep").as_table().erase("series");
  doc.set("sweep.count=100");
  SweepOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  options.write = false;
  for (auto _ : state) {
    const auto points = run_onset_map(doc, database(), options);
    benchmark::DoNotOptimize(points.size());
  }
}
BENCHMARK(OnsetMap100)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();



// Reading and validating the input (material file included): the serial part of a sweep.
static void ReadStudy(benchmark::State& state) {
  const auto doc = example("flash_3ysz_lumped.toml");
  for (auto _ : state) {
    const auto study = FlashStudy::from_input(doc, database());
    benchmark::DoNotOptimize(study.settings.end_time);
  }
}
BENCHMARK(ReadStudy)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
