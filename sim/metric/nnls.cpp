#include "nnls.hpp"

#include <limits>
#include <vector>

namespace hcm {

NnlsResult solveNnls(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, int maxIterations) {
    const Eigen::Index n = A.cols();
    if (maxIterations <= 0) maxIterations = int(3 * n + 30);
    NnlsResult r;
    r.x = Eigen::VectorXd::Zero(n);
    std::vector<bool> passive(size_t(n), false);
    const double tol = 1e-10 * std::max(1.0, A.norm() * b.norm());

    auto solvePassive = [&](Eigen::VectorXd& z) {
        std::vector<Eigen::Index> idx;
        for (Eigen::Index j = 0; j < n; ++j)
            if (passive[size_t(j)]) idx.push_back(j);
        z = Eigen::VectorXd::Zero(n);
        if (idx.empty()) return;
        Eigen::MatrixXd Ap(A.rows(), Eigen::Index(idx.size()));
        for (size_t k = 0; k < idx.size(); ++k) Ap.col(Eigen::Index(k)) = A.col(idx[k]);
        const Eigen::VectorXd zp = Ap.colPivHouseholderQr().solve(b);
        for (size_t k = 0; k < idx.size(); ++k) z(idx[k]) = zp(Eigen::Index(k));
    };

    for (r.iterations = 0; r.iterations < maxIterations; ++r.iterations) {
        const Eigen::VectorXd w = A.transpose() * (b - A * r.x);
        Eigen::Index best = -1;
        double bestW = tol;
        for (Eigen::Index j = 0; j < n; ++j)
            if (!passive[size_t(j)] && w(j) > bestW) bestW = w(j), best = j;
        if (best < 0) {
            r.converged = true;
            break;
        }
        passive[size_t(best)] = true;
        while (true) {
            Eigen::VectorXd z;
            solvePassive(z);
            bool feasible = true;
            for (Eigen::Index j = 0; j < n; ++j)
                if (passive[size_t(j)] && z(j) <= 0) feasible = false;
            if (feasible) {
                r.x = z;
                break;
            }
            // Step back towards z until a passive coefficient hits zero.
            double alpha = std::numeric_limits<double>::infinity();
            for (Eigen::Index j = 0; j < n; ++j)
                if (passive[size_t(j)] && z(j) <= 0) alpha = std::min(alpha, r.x(j) / (r.x(j) - z(j)));
            r.x += alpha * (z - r.x);
            for (Eigen::Index j = 0; j < n; ++j)
                if (passive[size_t(j)] && std::abs(r.x(j)) <= 1e-14) {
                    passive[size_t(j)] = false;
                    r.x(j) = 0;
                }
        }
    }
    r.residual_norm = (A * r.x - b).norm();
    return r;
}

}  // namespace hcm
