#include "ml/surrogate.hpp"

#include "core/csv_table.hpp"
#include "core/plot.hpp"
#include "core/run_directory.hpp"
#include "ml/support_vector_regression.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <random>

namespace kiln::ml {

namespace {

struct Learner {
  std::string kind;
  GaussianProcess gp;
  SupportVectorRegression svr;
  void fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
    if (kind == "gp") {
      GaussianProcessOptions o;
      o.kernel = KernelFamily::matern52;
      o.restarts = 3;
      gp = GaussianProcess::fit(X, y, o);
    } else {
      svr = SupportVectorRegression::fit(X, y, SupportVectorOptions{});
    }
  }
  GaussianProcessPrediction predict(const Eigen::MatrixXd& X) const {
    if (kind == "gp") return gp.predict(X);
    return {svr.predict(X), Eigen::VectorXd::Zero(X.rows())};
  }
};

}  // namespace

SurrogateResult build_surrogate(const SurrogateSetup& setup, const std::filesystem::path& directory) {
  if (setup.inputs.empty()) throw std::invalid_argument("a surrogate needs at least one input column (--x)");
  if (setup.learner != "gp" && setup.learner != "svr") throw std::invalid_argument("learner must be gp or svr");
  const CsvTable table = read_csv_table(setup.table);
  std::vector<std::size_t> xi;
  for (const auto& name : setup.inputs) xi.push_back(table.column(name));
  const std::size_t yi = table.column(setup.output);
  std::vector<bool> log_in = setup.log_inputs;
  log_in.resize(setup.inputs.size(), false);

  // Rows where the figure exists (a run that did not flash has no onset time; a failed run none).
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    if (!table.rows[r][yi].empty()) rows.push_back(r);
  std::mt19937 rng(1);
  if (static_cast<int>(rows.size()) > setup.max_points) {
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(static_cast<std::size_t>(setup.max_points));
    std::sort(rows.begin(), rows.end());
  }
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto d = static_cast<Eigen::Index>(xi.size());
  if (n < 3) throw std::runtime_error(fmt::format("{}: only {} rows have a value of \"{}\"; a surrogate needs at least 3",
                                                  setup.table.string(), n, setup.output));
  Eigen::MatrixXd X(n, d);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) {
      const double v = table.number(rows[i], xi[j]);
      if (log_in[j] && !(v > 0))
        throw std::runtime_error(fmt::format("{}: column \"{}\" has {} <= 0, which a log scale cannot take", setup.table.string(),
                                             setup.inputs[j], v));
      X(i, j) = log_in[j] ? std::log10(v) : v;
    }
    y(i) = table.number(rows[i], yi);
  }

  SurrogateResult result;
  result.points = static_cast<int>(n);
  result.directory = directory;
  std::filesystem::create_directories(directory);
  nlohmann::json summary = {{"table", setup.table.string()}, {"inputs", setup.inputs}, {"output", setup.output},
                            {"learner", setup.learner}, {"points", n}};

  // k-fold cross-validation: how far the map is from runs it has not seen.
  if (setup.folds > 1 && n >= setup.folds) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    Eigen::VectorXd predicted(n), baseline(n);
    for (int f = 0; f < setup.folds; ++f) {
      std::vector<Eigen::Index> train, test;
      for (std::size_t k = 0; k < order.size(); ++k) (static_cast<int>(k % setup.folds) == f ? test : train).push_back(order[k]);
      Eigen::MatrixXd Xt(static_cast<Eigen::Index>(train.size()), d), Xv(static_cast<Eigen::Index>(test.size()), d);
      Eigen::VectorXd yt(static_cast<Eigen::Index>(train.size()));
      for (std::size_t k = 0; k < train.size(); ++k) {
        Xt.row(static_cast<Eigen::Index>(k)) = X.row(train[k]);
        yt(static_cast<Eigen::Index>(k)) = y(train[k]);
      }
      for (std::size_t k = 0; k < test.size(); ++k) Xv.row(static_cast<Eigen::Index>(k)) = X.row(test[k]);
      Learner l{setup.learner};
      l.fit(Xt, yt);
      const auto p = l.predict(Xv);
      for (std::size_t k = 0; k < test.size(); ++k) {
        predicted(test[k]) = p.mean(static_cast<Eigen::Index>(k));
        baseline(test[k]) = yt.mean();
      }
    }
    result.cv_mae = (predicted - y).cwiseAbs().mean();
    result.cv_baseline_mae = (baseline - y).cwiseAbs().mean();
    summary["cross-validation"] = {{"folds", setup.folds}, {"MAE", result.cv_mae}, {"mean-predictor MAE", result.cv_baseline_mae}};
    TimeSeriesWriter cv(directory / "cross_validation.csv", {setup.output + " (run)", setup.output + " (surrogate, out of fold)"});
    for (Eigen::Index i = 0; i < n; ++i) cv.write_row({y(i), predicted(i)});
  }

  Learner model{setup.learner};
  model.fit(X, y);
  if (setup.learner == "gp") {
    model.gp.save((directory / "model.json").string());
    summary["log marginal likelihood"] = model.gp.log_marginal_likelihood();
  } else {
    model.svr.save((directory / "model.json").string());
  }

  // The map over the first one or two inputs (others at their mean).
  const int g = std::max(setup.grid, 2);
  const Eigen::RowVectorXd lo = X.colwise().minCoeff(), hi = X.colwise().maxCoeff(), mean = X.colwise().mean();
  const bool two = d >= 2;
  const Eigen::Index m = two ? g * g : g;
  Eigen::MatrixXd G(m, d);
  for (Eigen::Index k = 0; k < m; ++k) {
    G.row(k) = mean;
    const Eigen::Index a = two ? k % g : k, b = two ? k / g : 0;
    G(k, 0) = lo(0) + (hi(0) - lo(0)) * a / (g - 1);
    if (two) G(k, 1) = lo(1) + (hi(1) - lo(1)) * b / (g - 1);
  }
  const auto p = model.predict(G);
  std::vector<std::string> header;
  for (Eigen::Index j = 0; j < (two ? 2 : 1); ++j) header.push_back(setup.inputs[static_cast<std::size_t>(j)]);
  header.push_back(setup.output + " (mean)");
  header.push_back(setup.output + " (standard deviation)");
  {
    TimeSeriesWriter map(directory / "map.csv", header);
    for (Eigen::Index k = 0; k < m; ++k) {
      std::vector<double> row;
      for (Eigen::Index j = 0; j < (two ? 2 : 1); ++j) row.push_back(log_in[static_cast<std::size_t>(j)] ? std::pow(10.0, G(k, j)) : G(k, j));
      row.push_back(p.mean(k));
      row.push_back(std::sqrt(p.variance(k)));
      map.write_row(row);
    }
  }
  {
    std::vector<std::string> runs_header(setup.inputs.begin(), setup.inputs.end());
    runs_header.push_back(setup.output);
    TimeSeriesWriter runs(directory / "runs.csv", runs_header);
    for (Eigen::Index i = 0; i < n; ++i) {
      std::vector<double> row;
      for (Eigen::Index j = 0; j < d; ++j) row.push_back(log_in[static_cast<std::size_t>(j)] ? std::pow(10.0, X(i, j)) : X(i, j));
      row.push_back(y(i));
      runs.write_row(row);
    }
  }
  write_json_file(directory / "summary.json", summary);

  const auto plots = directory / "plots";
  if (!two) {
    render_plot(plots, {"surrogate", fmt::format("Surrogate ({}) of {}", setup.learner, setup.output), setup.inputs[0], setup.output, "",
                        false,
                        {{"../map.csv", "1:($2-2*$3):($2+2*$3)", "mean ± 2 sd", "filledcurves fs transparent solid 0.25 noborder"},
                         {"../map.csv", "1:2", "mean", "lines"},
                         {"../runs.csv", "1:2", "runs", "points pt 7"}},
                        "right top", log_in[0]});
  } else {
    auto map_plot = [&](const std::string& name, const std::string& title, int column, const std::string& label) {
      PlotSpec spec{name, title, setup.inputs[0], setup.inputs[1], "", log_in[1],
                    {{"../map.csv", fmt::format("1:2:{}", column), "", "image"}, {"../runs.csv", "1:2", "runs", "points pt 7 lc rgb 'black'"}},
                    "outside right top", log_in[0]};
      spec.color_label = label;
      render_plot(plots, spec);
    };
    map_plot("surrogate_mean", fmt::format("Surrogate ({}) of {}", setup.learner, setup.output), 3, setup.output);
    if (setup.learner == "gp") map_plot("surrogate_uncertainty", "Its standard deviation: where more runs would help", 4, "standard deviation");
  }
  if (setup.folds > 1 && n >= setup.folds)
    render_plot(plots, {"cross_validation", fmt::format("Out-of-fold predictions ({}-fold, MAE {:.3g})", setup.folds, result.cv_mae),
                        setup.output + " (run)", setup.output + " (surrogate)", "", false,
                        {{"../cross_validation.csv", "1:2", "runs", "points pt 7"}, {"../cross_validation.csv", "1:1", "y = x", "lines dt 2"}},
                        "left top"});
  return result;
}

}  // namespace kiln::ml
