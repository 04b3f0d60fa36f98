// Trained models are JSON files: Eigen vectors and matrices as lists (of rows), and a loader that
// names the file when the content is not the model it should be.
#pragma once

#include "core/run_directory.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace kiln::ml {

template <class Vector>
std::vector<double> json_vector(const Vector& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

inline nlohmann::json json_matrix(const Eigen::MatrixXd& M) {
  std::vector<std::vector<double>> rows;
  for (Eigen::Index i = 0; i < M.rows(); ++i) rows.push_back(json_vector(Eigen::RowVectorXd(M.row(i))));
  return rows;
}

inline Eigen::VectorXd vector_from_json(const nlohmann::json& a) {
  const auto v = a.get<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

inline Eigen::MatrixXd matrix_from_json(const nlohmann::json& a, Eigen::Index columns) {
  const auto rows = a.get<std::vector<std::vector<double>>>();
  Eigen::MatrixXd M(static_cast<Eigen::Index>(rows.size()), columns);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (static_cast<Eigen::Index>(rows[i].size()) != columns) throw std::invalid_argument("a row of the wrong length");
    for (std::size_t k = 0; k < rows[i].size(); ++k) M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = rows[i][k];
  }
  return M;
}

// Model::from_json of a file, with the file named in any error.
template <class Model>
Model load_model(const std::string& file) {
  const nlohmann::json j = read_json_file(file);
  try {
    return Model::from_json(j);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file, e.what()));
  }
}

}  // namespace kiln::ml
