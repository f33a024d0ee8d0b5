// Quantization policy resolution: order of precedence, globs, @first/@last.
#include <gtest/gtest.h>

#include "sim/common/input_error.hpp"

#include "workloads/network_yaml.hpp"
#include "workloads/quant_policy.hpp"

using namespace hcm;

namespace {
const char* kNet = R"(name: small
precision: {wbits: 6, abits: 6}
layers:
  - {name: stem, op: conv, in: [3, 16, 16], out: 8, kernel: 3, pad: 1}
  - {name: block1.conv1, op: conv, in: [8, 16, 16], out: 8, kernel: 3, pad: 1}
  - {name: block1.conv2, op: conv, in: [8, 16, 16], out: 8, kernel: 3, pad: 1, abits: 5}
  - {name: block1.add, op: add, in: [8, 16, 16]}
  - {name: pool, op: pool, in: [8, 16, 16], global: true}
  - {name: head, op: fc, in: 8, out: 10}
)";
}

TEST(QuantPolicy, NetworkDefaultsAndDeclaredBits) {
    Network n = parseNetworkYaml(kNet, "small.yaml");
    resolvePrecision(n, {});
    EXPECT_EQ(n.layers[0].prec, (Precision{6, 6, 6}));
    EXPECT_EQ(n.layers[2].prec, (Precision{6, 5, 5}));  // the layer's own abits; obits follow abits
}

TEST(QuantPolicy, UniformW4A4WithFirstAndLastAt8) {
    Network n = parseNetworkYaml(kNet, "small.yaml");
    PrecisionRequest req;
    req.policy = parseQuantPolicy(R"(default: {wbits: 4, abits: 4}
rules:
  - match: ["@first", "@last"]
    wbits: 8
    abits: 8
)", "p.yaml");
    const auto warnings = resolvePrecision(n, req);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(n.layers[0].prec, (Precision{8, 8, 8}));  // stem = first conv/fc
    EXPECT_EQ(n.layers[1].prec, (Precision{4, 4, 4}));
    EXPECT_EQ(n.layers[2].prec, (Precision{4, 5, 5}));  // declared abits beat the policy default
    EXPECT_EQ(n.layers[3].prec.abits, 4);              // memory-only layers follow too
    EXPECT_EQ(n.layers[5].prec, (Precision{8, 8, 8}));  // head = last conv/fc
}

TEST(QuantPolicy, CommandLineBeatsDefaultsButNotRules) {
    Network n = parseNetworkYaml(kNet, "small.yaml");
    PrecisionRequest req;
    req.cli.wbits = 3;
    req.cli.abits = 3;
    req.policy = parseQuantPolicy(R"(default: {wbits: 4, abits: 4}
rules:
  - {match: "block1.*", wbits: 2}
  - {match: block1.conv2, obits: 8}
)", "p.yaml");
    resolvePrecision(n, req);
    EXPECT_EQ(n.layers[0].prec, (Precision{3, 3, 3}));  // --wbits/--abits beat network and policy defaults
    EXPECT_EQ(n.layers[1].prec, (Precision{2, 3, 3}));  // a rule beats the command line
    EXPECT_EQ(n.layers[2].prec, (Precision{2, 5, 8}));  // later rules add to earlier ones
    EXPECT_EQ(n.layers[3].prec.wbits, 2);               // the glob matches block1.add too
}

TEST(QuantPolicy, RuleMatchingNothingWarns) {
    Network n = parseNetworkYaml(kNet, "small.yaml");
    PrecisionRequest req;
    req.policy = parseQuantPolicy("rules:\n  - {match: conv99, wbits: 2}\n", "p.yaml");
    const auto warnings = resolvePrecision(n, req);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("p.yaml:2:5: rule matches no layer"), std::string::npos) << warnings[0];
}

TEST(QuantPolicy, BadPoliciesAreErrors) {
    auto expectError = [](const std::string& text, const std::string& fragment) {
        try {
            parseQuantPolicy(text, "p.yaml");
            ADD_FAILURE() << "no error for: " << text;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    expectError("rules:\n  - {match: a, wbits: 0}\n", "p.yaml:2:23: rules[0].wbits: '0' is not an integer in 1..32, fp16 or fp32");
    expectError("rules:\n  - {match: a}\n", "rule sets no bits");
    expectError("rules:\n  - {wbits: 4}\n", "rules[0].match: required key is missing");
    expectError("rules:\n  - {match: '@middle', wbits: 4}\n", "unknown selector '@middle'");
    expectError("default: {wbits: 4, bits: 2}\n", "default.bits: unknown key");
    expectError("defaults: {wbits: 4}\n", "defaults: unknown key (did you mean 'default'?)");
}
