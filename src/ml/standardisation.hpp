// Zero mean and unit variance per column, as learners want their inputs and outputs; a constant
// column keeps scale 1. Inactive: the identity.
#pragma once

#include <Eigen/Dense>

#include <cmath>

namespace kiln::ml {

struct Standardisation {
  Eigen::RowVectorXd mean, scale;

  static Standardisation of(const Eigen::MatrixXd& X, bool active) {
    Standardisation s{Eigen::RowVectorXd::Zero(X.cols()), Eigen::RowVectorXd::Ones(X.cols())};
    if (!active || X.rows() == 0) return s;
    s.mean = X.colwise().mean();
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
      const double sd = std::sqrt((X.col(j).array() - s.mean(j)).square().sum() / static_cast<double>(X.rows()));
      s.scale(j) = sd > 0 ? sd : 1.0;
    }
    return s;
  }
  Eigen::MatrixXd apply(const Eigen::MatrixXd& X) const { return (X.rowwise() - mean).array().rowwise() / scale.array(); }
};

}  // namespace kiln::ml
