#include "random_cnn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "network_chain.hpp"

namespace hcm {

namespace {

// Draws from std::mt19937_64, whose output sequence the C++ standard fixes;
// the integer and real mappings are ours, because the std::*_distribution
// classes produce different values on different standard libraries.
class Draw {
public:
    explicit Draw(uint64_t seed) : gen_(seed) {}

    // Uniform in [lo, hi], by rejection: no modulo bias.
    int64_t integer(int64_t lo, int64_t hi) {
        const uint64_t range = uint64_t(hi - lo) + 1;
        const uint64_t max = std::numeric_limits<uint64_t>::max();
        const uint64_t limit = max - (max % range + 1) % range;  // accept x <= limit
        uint64_t x = gen_();
        while (x > limit) x = gen_();
        return lo + int64_t(x % range);
    }
    // Uniform in [0, 1) with 53 random bits.
    double real() { return double(gen_() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return real() < p; }
    template <class T>
    T pick(const std::vector<T>& v) {
        return v[size_t(integer(0, int64_t(v.size()) - 1))];
    }
    // An index drawn with the given integer weights.
    size_t weighted(const std::vector<int>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        int64_t x = integer(0, total - 1);
        for (size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    std::mt19937_64 gen_;
};

// Channel counts: multiples of 8, at least 8.
int64_t round8(double v) { return std::max<int64_t>(8, int64_t(std::llround(v / 8.0)) * 8); }

enum class Block { Basic, Bottleneck, Inverted, Plain, Mlp };
enum class Style { Basic, Bottleneck, Mobile, Plain, Hybrid, Mixed };

// A tensor between layers: channels, square size, the layer that wrote it.
struct Tensor {
    int64_t c = 3, h = 1;
    std::string name;  // empty: the network input
};

class Builder {
public:
    Builder(const RandomCnnOptions& o, Draw& d) : o_(o), d_(d) {}

    Network build() {
        const int64_t input = o_.input ? *o_.input : 32 * d_.integer(1, 8);
        const int64_t classes = input <= 64 ? d_.pick<int64_t>({10, 100}) : 1000;
        style_ = Style(d_.weighted({2, 2, 3, 1, 1, 3}));
        seProbability_ = style_ == Style::Mobile ? d_.pick<double>({0.0, 0.5, 1.0}) : 0.5;

        // Stem: large images are reduced by 2 (or 4 with a max pool) first.
        const double stemBase = double(d_.pick<int64_t>({16, 24, 32, 48, 64}));
        Tensor x{3, input, ""};
        if (input >= 128) {
            const int64_t k = d_.pick<int64_t>({3, 3, 5, 7, 7});
            x = conv("stem.conv", x, channels(stemBase), k, 2);
            if (input >= 160 && d_.chance(0.5)) x = pool("stem.pool", x, 3, 2, 1);
        } else {
            x = conv("stem.conv", x, channels(stemBase), 3, 1);
        }

        // Stages: the first keeps the stem's resolution, each further one
        // halves it, down to about 7 (at most four halvings).
        int stages = 1;
        for (int64_t r = x.h; stages < 5 && r > 7; r = (r + 1) / 2) ++stages;
        std::vector<double> base(static_cast<size_t>(stages));
        base[0] = stemBase * d_.pick<double>({1.0, 1.0, 1.5, 2.0});
        for (size_t s = 1; s < base.size(); ++s) base[s] = std::min(2048.0, base[s - 1] * d_.pick<double>({1.5, 2, 2, 2}));
        std::vector<int> blocks(static_cast<size_t>(stages), 1);
        if (o_.depth) {
            blocks.resize(size_t(std::min(stages, *o_.depth)));
            for (int extra = *o_.depth - int(blocks.size()); extra > 0; --extra)
                ++blocks[size_t(d_.integer(0, int64_t(blocks.size()) - 1))];
        } else {
            for (auto& b : blocks) b = int(d_.integer(1, 4));
        }

        for (size_t s = 0; s < blocks.size(); ++s) {
            const int64_t out = channels(base[s]);
            const bool last = s + 1 == blocks.size();
            for (int b = 0; b < blocks[s]; ++b) {
                const int64_t stride = (b == 0 && s > 0) ? 2 : 1;
                const std::string pre = "s" + std::to_string(s + 1) + ".b" + std::to_string(b) + ".";
                x = block(drawBlock(last), pre, x, out, stride);
            }
        }

        if (style_ == Style::Mobile && d_.chance(0.5))
            x = conv("head.conv", x, std::max(x.c, channels(1280)), 1, 1);
        x = globalPool("head.pool", x);
        Layer fc = layer("head.fc", LayerOp::FC, x);
        fc.c = x.c;
        fc.k = classes;
        fc.bias = true;
        push(fc, x);
        return std::move(net_);
    }

private:
    int64_t channels(double base) const { return round8(base * o_.width); }

    Block drawBlock(bool lastStage) {
        switch (style_) {
            case Style::Basic: return Block::Basic;
            case Style::Bottleneck: return Block::Bottleneck;
            case Style::Mobile: return Block::Inverted;
            case Style::Plain: return Block::Plain;
            case Style::Hybrid: return lastStage ? Block::Mlp : d_.pick<Block>({Block::Basic, Block::Inverted});
            case Style::Mixed: break;
        }
        return Block(d_.weighted({2, 2, 2, 1, 1}));
    }

    Tensor block(Block kind, const std::string& pre, Tensor x, int64_t out, int64_t stride) {
        switch (kind) {
            case Block::Basic: return basic(pre, x, out, stride);
            case Block::Bottleneck: return bottleneck(pre, x, out, stride);
            case Block::Inverted: return inverted(pre, x, out, stride);
            case Block::Plain: return plain(pre, x, out, stride);
            case Block::Mlp: return mlp(pre, x, out, stride);
        }
        return x;
    }

    // The shortcut of a residual block: the input, or a strided 1x1 conv
    // where the shape changes (ResNet's downsample).
    Tensor shortcut(const std::string& pre, const Tensor& x, int64_t out, int64_t stride) {
        if (stride == 1 && x.c == out) return x;
        return conv(pre + "down", x, out, 1, stride);
    }

    Tensor basic(const std::string& pre, const Tensor& x, int64_t out, int64_t stride) {
        Tensor y = conv(pre + "conv1", x, out, 3, stride);
        y = conv(pre + "conv2", y, out, 3, 1);
        return add(pre + "add", y, shortcut(pre, x, out, stride));
    }

    Tensor bottleneck(const std::string& pre, const Tensor& x, int64_t out, int64_t stride) {
        // Sometimes ResNeXt-like: twice the width in groups of 4 or 8 channels.
        const bool grouped = d_.chance(0.3);
        const int64_t mid = round8(double(out) / (grouped ? 2.0 : 4.0));
        const int64_t groups = grouped ? mid / d_.pick<int64_t>({4, 8}) : 1;
        Tensor y = conv(pre + "conv1", x, mid, 1, 1);
        y = conv(pre + "conv2", y, mid, 3, stride, groups);
        y = conv(pre + "conv3", y, out, 1, 1);
        return add(pre + "add", y, shortcut(pre, x, out, stride));
    }

    Tensor inverted(const std::string& pre, const Tensor& x, int64_t out, int64_t stride) {
        const int64_t t = d_.pick<int64_t>({1, 3, 4, 6, 6});
        const int64_t kernel = d_.pick<int64_t>({3, 3, 5, 7});
        const int64_t hidden = t == 1 ? x.c : std::min(round8(double(x.c * t)), std::max(x.c, channels(2048)));
        Tensor y = x;
        if (hidden != x.c) y = conv(pre + "expand", y, hidden, 1, 1);
        y = conv(pre + "dw", y, hidden, kernel, stride, hidden);
        if (d_.chance(seProbability_)) {
            Tensor s = globalPool(pre + "se.pool", y);
            s = conv(pre + "se.fc1", s, round8(double(x.c) / 4.0), 1, 1, 1, true);
            s = conv(pre + "se.fc2", s, hidden, 1, 1, 1, true);
            y = scale(pre + "se.scale", y, s);
        }
        y = conv(pre + "project", y, out, 1, 1);
        if (stride == 1 && x.c == out) y = add(pre + "add", y, x);
        return y;
    }

    Tensor plain(const std::string& pre, Tensor x, int64_t out, int64_t stride) {
        if (stride == 2 && d_.chance(0.5)) {  // VGG-like: a pool halves, the conv keeps the size
            x = transitionPool(pre + "pool", x);
            stride = 1;
        }
        const int64_t kernel = d_.pick<int64_t>({5, 7});
        const Tensor y = conv(pre + "conv", x, out, kernel, stride);
        if (stride == 1 && x.c == out && d_.chance(0.5)) return add(pre + "add", y, x);
        return y;
    }

    // Channels-last MLP block (ConvNeXt / MLP-Mixer channel MLP): perhaps a
    // depthwise 7x7 token mixer, then two fc layers over every pixel and a
    // residual add. A strided or widening first block is preceded by a
    // patch-merging conv (2x2 stride 2, or 1x1 when only channels change).
    Tensor mlp(const std::string& pre, Tensor x, int64_t out, int64_t stride) {
        if (stride == 2 && x.h % 2 == 0)
            x = conv(pre + "merge", x, out, 2, 2, 1, false, 0);
        else if (stride == 2)
            x = conv(pre + "merge", x, out, 3, 2);
        else if (x.c != out)
            x = conv(pre + "merge", x, out, 1, 1);
        Tensor y = x;
        if (d_.chance(0.5)) y = conv(pre + "dw", y, out, 7, 1, out, true);
        const int64_t hidden = std::min(out * d_.pick<int64_t>({2, 4}), std::max(out, channels(2048)));
        y = pixelFc(pre + "fc1", y, hidden);
        y = pixelFc(pre + "fc2", y, out);
        return add(pre + "add", y, x);
    }

    // --- layers ---------------------------------------------------------
    Layer layer(const std::string& name, LayerOp op, const Tensor& x) const {
        Layer L;
        L.name = name;
        L.op = op;
        L.c = L.k = x.c;
        L.h = L.w = x.h;
        L.where = {o_.spec, 0, 0};
        return L;
    }

    // Appends L, reading `x` (from: when x is not the previous layer's output).
    Tensor push(Layer L, const Tensor& x) {
        if (!x.name.empty() && (net_.layers.empty() || net_.layers.back().name != x.name)) L.from = {x.name};
        net_.layers.push_back(L);
        return {L.hasWeights() ? L.k : L.c, L.op == LayerOp::FC ? L.h : L.p(), L.name};
    }

    Tensor conv(const std::string& name, const Tensor& x, int64_t out, int64_t kernel, int64_t stride,
                int64_t groups = 1, bool bias = false, int64_t pad = -1) {
        Layer L = layer(name, LayerOp::Conv, x);
        L.k = out;
        L.r = L.s = kernel;
        L.stride_h = L.stride_w = stride;
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = pad < 0 ? kernel / 2 : pad;
        L.groups = groups;
        L.bias = bias;
        L.batchnorm = !bias;  // SE and token-mixing convs carry a bias, the others a folded batch norm
        return push(L, x);
    }

    Tensor pool(const std::string& name, const Tensor& x, int64_t kernel, int64_t stride, int64_t pad) {
        Layer L = layer(name, LayerOp::Pool, x);
        L.r = L.s = kernel;
        L.stride_h = L.stride_w = stride;
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = pad;
        return push(L, x);
    }

    // Halves the size as the strided convs do: ceil(h / 2).
    Tensor transitionPool(const std::string& name, const Tensor& x) {
        if (x.h % 2 == 0 && d_.chance(0.5)) return pool(name, x, 2, 2, 0);
        return pool(name, x, 3, 2, 1);
    }

    Tensor globalPool(const std::string& name, const Tensor& x) { return pool(name, x, x.h, 1, 0); }

    // An fc applied to every pixel: m = H·W rows of C features.
    Tensor pixelFc(const std::string& name, const Tensor& x, int64_t out) {
        Layer L = layer(name, LayerOp::FC, x);
        L.n = x.h * x.h;
        L.c = x.c;
        L.k = out;
        L.h = L.w = 1;
        L.bias = true;
        Tensor y = push(L, x);
        y.h = x.h;  // still H x W pixels, now as rows
        return y;
    }

    Tensor add(const std::string& name, const Tensor& a, const Tensor& b) {
        Layer L = layer(name, LayerOp::Add, a);
        L.from = {a.name, b.name};
        net_.layers.push_back(L);
        return {a.c, a.h, name};
    }

    // Squeeze-excitation: x times the per-channel output s of the previous layer.
    Tensor scale(const std::string& name, const Tensor& x, const Tensor& s) {
        Layer L = layer(name, LayerOp::Eltwise, x);
        L.fn = "scale";
        L.add_inputs = 1;
        L.side_elements = s.c;
        L.ops_per_element = eltwiseDefaults("scale").ops_per_element;
        L.from = {x.name};
        net_.layers.push_back(L);
        return {x.c, x.h, name};
    }

    const RandomCnnOptions& o_;
    Draw& d_;
    Style style_ = Style::Mixed;
    double seProbability_ = 0.5;
    Network net_;
};

std::string networkName(const RandomCnnOptions& o) {
    std::ostringstream s;
    s << "random_cnn_s" << o.seed;
    if (o.depth) s << "_d" << *o.depth;
    if (o.input) s << "_i" << *o.input;
    if (o.width != 1.0) s << "_w" << o.width;
    return s.str();
}

}  // namespace

Network makeRandomCnn(const RandomCnnOptions& options) {
    Draw draw(options.seed);
    // Without a depth, draws continue until the network has 10 to 80 layers
    // (the same seed always takes the same draws, so the same attempts).
    for (int attempt = 0; attempt < 1000; ++attempt) {
        Network net = Builder(options, draw).build();
        const auto layers = int64_t(net.layers.size());
        if (options.depth || (layers >= kRandomCnnMinLayers && layers <= kRandomCnnMaxLayers)) {
            net.name = networkName(options);
            net.source = "family:random_cnn";
            checkNetworkChain(net);
            return net;
        }
    }
    throw std::logic_error("random_cnn: no network of " + std::to_string(kRandomCnnMinLayers) + " to " +
                           std::to_string(kRandomCnnMaxLayers) + " layers in 1000 draws");
}

}  // namespace hcm
