#pragma once
// Non-negative least squares: minimise ||A x - b|| subject to x >= 0
// (Lawson & Hanson, "Solving Least Squares Problems", 1974, ch. 23), with the
// unconstrained sub-problems solved by Eigen's column-pivoting QR. Calibration
// coefficients are physical rates and overheads, so they must not go negative.
#include <Eigen/Dense>

namespace hcm {

struct NnlsResult {
    Eigen::VectorXd x;
    double residual_norm = 0;
    int iterations = 0;
    bool converged = false;
};

NnlsResult solveNnls(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, int maxIterations = 0);

}  // namespace hcm
