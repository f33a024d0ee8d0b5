#include "calibration_fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "sim/metric/nnls.hpp"

namespace hcm {

namespace {

// Non-negative least squares of y ≈ X f on relative error (rows and target
// divided by the target).
template <size_t N>
std::array<double, N> fitRelative(const std::vector<std::array<double, N>>& X, const std::vector<double>& y,
                                  const std::array<double, N>& fallback) {
    if (X.empty()) return fallback;
    Eigen::MatrixXd A(Eigen::Index(X.size()), Eigen::Index(N));
    Eigen::VectorXd b(Eigen::Index(X.size()));
    for (size_t i = 0; i < X.size(); ++i) {
        const double w = 1.0 / std::max(1e-9, std::abs(y[i]));
        for (size_t k = 0; k < N; ++k) A(Eigen::Index(i), Eigen::Index(k)) = X[i][k] * w;
        b(Eigen::Index(i)) = y[i] * w;
    }
    const NnlsResult r = solveNnls(A, b);
    std::array<double, N> f{};
    for (size_t k = 0; k < N; ++k) f[k] = r.x(Eigen::Index(k));
    return f;
}

// Ridge regression toward `prior` on relative error: minimises
//   Σ ((x_i·f - y_i)/y_i)² + λ n Σ_k (s_k (f_k - prior_k))²
// with s_k the RMS of column k's relative entries (so every factor is
// penalised in the units of its effect on the estimate).
CycleFactors fitToward(const std::vector<CycleFactors>& X, const std::vector<double>& y, const CycleFactors& prior,
                       double lambda) {
    const Eigen::Index n = Eigen::Index(X.size()), k = Eigen::Index(kCycleFactors);
    Eigen::MatrixXd A(n, k);
    Eigen::VectorXd b(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double w = 1.0 / std::max(1e-9, std::abs(y[size_t(i)]));
        for (Eigen::Index j = 0; j < k; ++j) A(i, j) = X[size_t(i)][size_t(j)] * w;
        b(i) = y[size_t(i)] * w;
    }
    Eigen::VectorXd p(k), s(k);
    for (Eigen::Index j = 0; j < k; ++j) {
        p(j) = prior[size_t(j)];
        s(j) = std::sqrt(A.col(j).squaredNorm() / double(std::max<Eigen::Index>(1, n)));
        if (s(j) <= 0) s(j) = 1;
    }
    // The per-tile and per-layer terms are overheads the replay does not see
    // (controller and DMA set-up): physically >= 0. A negative one fits
    // large layers' offsets and then takes a quarter off a 300-cycle layer,
    // so a term the free fit drives negative is held at 0 and the rest refit
    // (an active set: at most one pass per such term).
    Eigen::VectorXd f;
    std::array<bool, kCycleFactors> heldAtZero{};
    for (int pass = 0; pass <= 2; ++pass) {
        Eigen::MatrixXd Ap = A;
        Eigen::VectorXd pp = p;
        for (Eigen::Index j = 0; j < k; ++j)
            if (heldAtZero[size_t(j)]) Ap.col(j).setZero(), pp(j) = 0;
        const Eigen::MatrixXd D = (lambda * double(n) * s.array().square()).matrix().asDiagonal();
        const Eigen::MatrixXd lhs = Ap.transpose() * Ap + D;
        const Eigen::VectorXd rhs = Ap.transpose() * b + D * pp;
        f = lhs.colPivHouseholderQr().solve(rhs);
        bool changed = false;
        for (size_t j : {size_t(2), size_t(3)})  // per_tile, per_layer
            if (!heldAtZero[j] && f(Eigen::Index(j)) < 0) heldAtZero[j] = changed = true;
        if (!changed) break;
    }
    for (Eigen::Index j = 0; j < k; ++j)
        if (heldAtZero[size_t(j)]) f(j) = 0;
    CycleFactors out{};
    for (Eigen::Index j = 0; j < k; ++j) out[size_t(j)] = std::isfinite(f(j)) ? f(j) : prior[size_t(j)];
    return out;
}

double ape(double est, double meas) { return meas == 0 ? (est == 0 ? 0.0 : 100.0) : std::abs(est - meas) / meas * 100.0; }

ClassRange rangeOf(const std::vector<const TrainingLayer*>& rows) {
    ClassRange r;
    r.layers = rows.size();
    r.lo.fill(std::numeric_limits<double>::infinity());
    r.hi.fill(-std::numeric_limits<double>::infinity());
    std::set<std::pair<int, int>> seen;
    for (const auto* t : rows) {
        for (size_t i = 0; i < kShapeDims; ++i) {
            r.lo[i] = std::min(r.lo[i], t->descriptor.log_shape[i]);
            r.hi[i] = std::max(r.hi[i], t->descriptor.log_shape[i]);
        }
        seen.insert({t->descriptor.wbits, t->descriptor.abits});
    }
    r.precisions.assign(seen.begin(), seen.end());
    return r;
}

}  // namespace

CalibrationModel fitCalibration(const std::vector<TrainingLayer>& rows, double mu, double lambda,
                                const FitOptions& opt) {
    CalibrationModel m;
    m.mu = mu;
    m.lambda = lambda;
    std::vector<CycleFactors> X;
    std::vector<double> y;
    std::vector<std::array<double, 1>> Xd;
    std::vector<double> yd;
    std::vector<EnergyFactors> Xe;
    std::vector<double> ye;
    std::map<LayerClass, std::vector<const TrainingLayer*>> byClass;
    for (const TrainingLayer& t : rows) {
        X.push_back(cycleRow(t.replay));
        y.push_back(t.cycles);
        const double d = double(t.replay.dram_read_bytes + t.replay.dram_write_bytes);
        if (d > 0 && t.dram_bytes > 0) {
            Xd.push_back({d});
            yd.push_back(t.dram_bytes);
        }
        if (t.energy_pj > 0) {
            Xe.push_back(energyRow(t.replay));
            ye.push_back(t.energy_pj);
        }
        byClass[t.descriptor.cls].push_back(&t);
    }
    m.pooled = X.empty() ? CycleFactors{1, 1, 0, 0} : fitToward(X, y, CycleFactors{1, 1, 0, 0}, mu);
    m.dram_scale = fitRelative(Xd, yd, std::array<double, 1>{1.0})[0];
    m.energy = fitRelative(Xe, ye, EnergyFactors{1, 1, 1, 1, 1});
    for (const auto& [cls, members] : byClass) {
        ClassFactors cf;
        cf.range = rangeOf(members);
        if (members.size() >= opt.min_class_layers) {
            std::vector<CycleFactors> Xc;
            std::vector<double> yc;
            for (const auto* t : members) {
                Xc.push_back(cycleRow(t->replay));
                yc.push_back(t->cycles);
            }
            cf.cycles = fitToward(Xc, yc, m.pooled, lambda);
        } else {
            cf.cycles = m.pooled;
        }
        m.classes[cls] = cf;
    }
    return m;
}

std::vector<double> crossValidatedCycles(const std::vector<TrainingLayer>& rows, double mu, double lambda,
                                         const FitOptions& opt) {
    std::set<std::string> groups;
    for (const auto& t : rows) groups.insert(t.group);
    std::vector<double> out(rows.size(), 0.0);
    for (const auto& g : groups) {
        std::vector<TrainingLayer> train;
        for (const auto& t : rows)
            if (t.group != g) train.push_back(t);
        if (train.empty()) continue;
        const CalibrationModel m = fitCalibration(train, mu, lambda, opt);
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i].group == g) out[i] = applyCalibration(m, rows[i].descriptor, rows[i].replay).cycles;
    }
    return out;
}

CalibrationModel fitCalibrationCrossValidated(const std::vector<TrainingLayer>& rows, const FitOptions& opt,
                                              double* cvMape) {
    std::set<std::string> groups;
    for (const auto& t : rows) groups.insert(t.group);
    double bestLambda = opt.lambdas.empty() ? 1.0 : opt.lambdas.back();
    double bestMu = opt.mus.empty() ? 1.0 : opt.mus.back();
    double best = std::numeric_limits<double>::infinity();
    if (groups.size() >= 2) {
        for (double mu : opt.mus)
            for (double lambda : opt.lambdas) {
                const std::vector<double> est = crossValidatedCycles(rows, mu, lambda, opt);
                double sum = 0;
                for (size_t i = 0; i < rows.size(); ++i) sum += ape(est[i], rows[i].cycles);
                const double mape = sum / double(std::max<size_t>(1, rows.size()));
                const bool simpler = mu + lambda > bestMu + bestLambda;
                if (mape < best * (1 - 1e-9) || (mape <= best * (1 + 1e-9) && simpler)) {
                    best = mape;
                    bestLambda = lambda;
                    bestMu = mu;
                }
            }
    }
    if (cvMape) *cvMape = std::isfinite(best) ? best : 0.0;
    CalibrationModel m = fitCalibration(rows, bestMu, bestLambda, opt);
    // Energy factors are kept only if they beat the replay's own energy on
    // networks they were not fitted to (leave one network out): a component
    // that hardly varies over the training set gets a factor that does not
    // carry over (a LayerNorm-heavy network on a bit-serial engine).
    if (groups.size() >= 2) {
        double fitted = 0, identity = 0;
        for (const auto& g : groups) {
            std::vector<EnergyFactors> Xe;
            std::vector<double> ye;
            for (const auto& t : rows)
                if (t.group != g && t.energy_pj > 0) Xe.push_back(energyRow(t.replay)), ye.push_back(t.energy_pj);
            const EnergyFactors f = fitRelative(Xe, ye, EnergyFactors{1, 1, 1, 1, 1});
            for (const auto& t : rows) {
                if (t.group != g || t.energy_pj <= 0) continue;
                const EnergyFactors e = energyRow(t.replay);
                double est = 0, raw = 0;
                for (size_t i = 0; i < kEnergyFactors; ++i) est += f[i] * e[i], raw += e[i];
                fitted += ape(est, t.energy_pj);
                identity += ape(raw, t.energy_pj);
            }
        }
        if (identity <= fitted) m.energy = EnergyFactors{1, 1, 1, 1, 1};
    }
    return m;
}

}  // namespace hcm
