// The numerical pieces of calibration, against hand-worked answers.
#include <gtest/gtest.h>

#include "sim/metric/nnls.hpp"
#include "sim/study/calibrate.hpp"

using namespace hcm;

TEST(Nnls, UnconstrainedSolutionWhenItIsNonNegative) {
    // y = 2·x1 + 3·x2 exactly.
    Eigen::MatrixXd A(4, 2);
    A << 1, 0, 0, 1, 1, 1, 2, 1;
    Eigen::VectorXd b(4);
    b << 2, 3, 5, 7;
    const NnlsResult r = solveNnls(A, b);
    EXPECT_TRUE(r.converged);
    EXPECT_NEAR(r.x(0), 2.0, 1e-9);
    EXPECT_NEAR(r.x(1), 3.0, 1e-9);
    EXPECT_NEAR(r.residual_norm, 0.0, 1e-9);
}

TEST(Nnls, ClampsANegativeCoefficientToZero) {
    // Least squares would give x2 < 0 (b decreases with column 2); NNLS sets
    // x2 = 0 and fits x1 alone: x1 = (A1·b)/(A1·A1) = (1+2+3)/3 = 2.
    Eigen::MatrixXd A(3, 2);
    A << 1, 0, 1, 1, 1, 2;
    Eigen::VectorXd b(3);
    b << 3, 2, 1;
    const NnlsResult r = solveNnls(A, b);
    EXPECT_NEAR(r.x(0), 2.0, 1e-9);
    EXPECT_NEAR(r.x(1), 0.0, 1e-12);
}

TEST(KendallTau, HandWorked) {
    EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
    EXPECT_DOUBLE_EQ(kendallTau({1, 2, 3, 4}, {40, 30, 20, 10}), -1.0);
    // One swapped pair out of 6: (5 - 1) / 6.
    EXPECT_NEAR(kendallTau({1, 2, 3, 4}, {1, 3, 2, 4}), 4.0 / 6.0, 1e-12);
}

TEST(PrecisionArguments, Forms) {
    EXPECT_EQ(precisionArguments("w4a8"), (std::vector<std::string>{"--wbits", "4", "--abits", "8"}));
    EXPECT_EQ(precisionArguments("w2a2o8"), (std::vector<std::string>{"--wbits", "2", "--abits", "2", "--obits", "8"}));
    EXPECT_EQ(precisionArguments("p.yaml"), (std::vector<std::string>{"--quant", "p.yaml"}));
}
