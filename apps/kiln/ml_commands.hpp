// The machine-learning subcommands of kiln: they parse options and call src/ml.
#pragma once

#include <string>
#include <vector>

namespace kiln::app {

struct ConductivityTrainCommand {
  std::string data;  // default: data/obelix/train.csv
  std::string learner = "gp";
  int folds = 5;
  std::string model;  // default: <output>/model.json (data/models/conductivity_gp.json is the shipped one)
  std::string output = "runs/conductivity_model";
  bool quiet = false;
};
int conductivity_train(const ConductivityTrainCommand& c);

struct PredictConductivityCommand {
  std::vector<std::string> formulas;
  std::string model;  // default: data/models/conductivity_gp.json
};
int predict_conductivity(const PredictConductivityCommand& c);

struct SurrogateCommand {
  std::string table;
  std::vector<std::string> inputs;
  std::string output_column;
  std::string learner = "gp";
  std::vector<std::string> log_inputs;  // input columns to take on a log scale
  int grid = 60;
  int folds = 5;
  std::string output;  // default: <table directory>/surrogate_<column>
  bool quiet = false;
};
int surrogate_command(const SurrogateCommand& c);

}  // namespace kiln::app
