#pragma once

#include <cstddef>
#include <vector>

namespace compute {

// Small dense helpers for the randomized SVD (double precision, row-major).

// Orthonormalises the `cols` columns of the rows × cols matrix a in place (modified Gram–Schmidt,
// twice for stability). A column that becomes numerically zero is left zero.
void orthonormalizeColumns(std::vector<double> &a, std::size_t rows, std::size_t cols);

// Eigen-decomposition of the symmetric n × n matrix a by cyclic Jacobi rotations. Eigenvalues are
// returned in descending order; vectors holds the matching eigenvectors as columns (n × n).
void symmetricEigen(std::vector<double> a, std::size_t n, std::vector<double> &values, std::vector<double> &vectors);

} // namespace compute
