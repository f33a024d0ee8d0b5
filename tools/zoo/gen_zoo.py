#!/usr/bin/env python3
"""Generates the hcmsim model zoo: workloads/zoo/<name>.yaml.

Each architecture is built programmatically, layer by layer, the way its
reference implementation builds it (torchvision, akamaster/pytorch_resnet_cifar10,
allenai/XNOR-Net); tensor shapes are propagated through the graph here, and
MACs / weights / parameters are counted here, independently of the C++ loader
(workloads/network_yaml.cpp, workloads/layer.hpp). The totals are then checked
against the published figures in PUBLISHED below and the script fails if any
of them differs, so a zoo file that is written always matches its sources.

Counting conventions (the same as workloads/layer.hpp):
  conv   MACs = N*P*Q*K*(C/groups)*R*S     weights = K*(C/groups)*R*S
  fc     MACs = N*K*C                      weights = K*C
  params = weights + bias (K) + folded batch norm (2K: scale and shift;
           running statistics are buffers, not parameters, as in PyTorch)
  pool / add / eltwise: memory-only, no MACs, no parameters.
Activation functions fold into the layer that produces their input (ReLU,
SiLU, hard-swish, the sigmoid of a squeeze-excitation branch); a layer that
reads anything but the previous layer's output names its producers with
`from:` (several: concatenated along channels, at no cost).

Usage (python3 standard library only):
  python3 tools/zoo/gen_zoo.py                # (re)write workloads/zoo/*.yaml
  python3 tools/zoo/gen_zoo.py --check        # exit 1 if a zoo file is stale
  python3 tools/zoo/gen_zoo.py --table        # print the totals table (markdown)
  python3 tools/zoo/gen_zoo.py --torch-check  # compare every layer with the torchvision
                                              # model (needs python3-torchvision; not in CI)
"""

import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ZOO_DIR = os.path.join(REPO, "workloads", "zoo")

# --------------------------------------------------------------------------
# Published figures. Every number here has its source next to it; the
# generator refuses to write a network whose counts disagree.
#   params / macs / weights : exact integers
#   gmacs                   : torchvision "GFLOPS" column, which counts one
#                             multiply-add as one FLOP, rounded to 2 decimals
#   mparams / mmacs         : figures published only rounded (to 2 decimals)
# --------------------------------------------------------------------------
TV = "torchvision model docs (pytorch.org/vision/stable/models), Weights.IMAGENET1K_V1 num_params / GFLOPS"
PUBLISHED = {
    "resnet18": {
        "params": (11689512, TV),
        "gmacs": (1.81, TV),
        "macs": (1814073344, "conv+fc MACs of torchvision resnet18 at 224 (torchtools print_summary: Total flops)"),
    },
    "resnet34": {
        "params": (21797672, TV),
        "gmacs": (3.66, TV),
        "macs": (3663761408, "third-party per-model MAC table (conv+fc, 224x224); only corroborating"),
    },
    "resnet50": {
        "params": (25557032, TV),
        "gmacs": (4.09, TV),
        "macs": (4089184256, "conv+fc MACs of torchvision resnet50 (v1.5) at 224, per-resolution FLOP tables"),
    },
    "resnet20": {
        "mparams": (0.27, "He et al. CVPR 2016 Table 6; akamaster/pytorch_resnet_cifar10 README"),
        # Exact count of akamaster's resnet20 (its resnet.py test() prints the total);
        # third-party training logs print "ResNet-20 | params: 269,722" and
        # "268,336 conv + fc weights, 269,722 learnable".
        "params": (269722, "akamaster/pytorch_resnet_cifar10 resnet20 (resnet.py test()); third-party logs"),
        "weights": (268336, "third-party ResNet-20 analysis: 268,336 conv + fc weights, 269,722 learnable"),
        # Derived, not quoted: ResNet-20 tables built on option-B ports (1x1 downsample
        # convs; 'FLOPs count only conv and linear') list 40.81M = 40,551,040 + 2 x 131,072.
        "mmacs": (40.55, "derived from option-B ResNet-20 tables (40.81M incl. two 1x1 downsample convs)"),
    },
    "resnet56": {
        "mparams": (0.85, "He et al. CVPR 2016 Table 6; akamaster/pytorch_resnet_cifar10 README"),
        "params": (853018, "akamaster/pytorch_resnet_cifar10 resnet56 (resnet.py test()); third-party logs"),
        "mmacs": (125.49, "HRank (Lin et al. CVPR 2020) baseline table: ResNet-56 125.49M FLOPs, 0.85M params"),
    },
    "vgg16": {
        "params": (138357544, TV),
        "gmacs": (15.47, TV),
        "macs": (15470264320, "conv+fc MACs of torchvision vgg16 at 224 (several independent MAC tables)"),
    },
    "alexnet": {
        "params": (61100840, TV),
        "gmacs": (0.71, TV),
        "macs": (714188480, "conv+fc MACs at 224 in third-party tables; osmr/imgclsmob AlexNet-b: 714.83M incl. pools"),
    },
    "mobilenet_v2": {
        "params": (3504872, TV),
        "gmacs": (0.30, TV),
        "macs": (300774272, "conv+fc MACs of MobileNetV2 at 224 (Axera Pulsar2 build log 'macs: 300,774,272')"),
    },
    "efficientnet_b0": {
        "params": (5288548, TV),
        "gmacs": (0.39, TV),
    },
    "squeezenet1_1": {
        "params": (1235496, TV),
        "gmacs": (0.35, TV),
    },
    "densenet121": {
        # params: the file's parameters plus the pre-activation batch norms it
        # cannot attach to a layer (see the notes in densenet121.yaml)
        "params": (7978856, TV),
        "gmacs": (2.83, TV),
    },
    "resnext50_32x4d": {
        "params": (25028904, TV),
        "gmacs": (4.23, TV),
    },
    "mobilenet_v3_large": {
        "params": (5483032, TV),
        "gmacs": (0.22, TV),
    },
    "regnet_y_400mf": {
        "params": (4344144, TV),
        "gmacs": (0.40, TV),
    },
    "xnor_alexnet": {
        # Ungrouped AlexNet 96-256-384-384-256 / 4096-4096-1000 ("one weird
        # trick" widths), weights + biases, no BN: 62,378,344 (osmr/imgclsmob
        # AlexNet row; torchsummary of the ungrouped Caffe AlexNet).
        "weights_plus_bias": (62378344, "osmr/imgclsmob pytorch README, AlexNet row: 62,378,344 params"),
    },
}


# --------------------------------------------------------------------------
# Network builder: one entry per layer, shapes propagated through the graph.
# A tensor handle knows which layers wrote it, so a layer that reads anything
# but the previous layer's output gets `from:` (the loader checks that every
# layer's input matches what its producers wrote; docs/formats.md).
# --------------------------------------------------------------------------
def out_size(n, pad_begin, pad_end, kernel, stride, dilation=1, ceil_mode=False):
    span = n + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if span < 0:
        raise ValueError("kernel does not fit")
    if ceil_mode:
        return -(-span // stride) + 1
    return span // stride + 1


class T:
    """A tensor between layers: its shape, (C, H, W) or (features,) for an fc
    output, and the layers that wrote it (several: concatenated along
    channels; none: the network input)."""

    def __init__(self, shape, src):
        self.shape = tuple(shape)
        self.src = list(src)

    @property
    def c(self):
        return self.shape[0]

    def numel(self):
        n = 1
        for d in self.shape:
            n *= d
        return n


def image(c, h, w):
    return T((c, h, w), [])


def cat(*ts):
    """Concatenation along channels: nothing is computed, the producers write
    into one tensor (DenseNet, SqueezeNet's Fire modules)."""
    for t in ts[1:]:
        assert len(t.shape) == 3 and t.shape[1:] == ts[0].shape[1:], [x.shape for x in ts]
    return T((sum(t.c for t in ts),) + ts[0].shape[1:], [n for t in ts for n in t.src])


class Net:
    def __init__(self, name, description, reference, notes=(), precision=None):
        self.name = name
        self.description = description
        self.reference = reference
        self.notes = list(notes)
        self.precision = precision or {"wbits": 8, "abits": 8}
        self.layers = []  # list of dicts: fields, output shape, counts
        self.names = set()

    def _last(self):
        return self.layers[-1]["fields"]["name"] if self.layers else None

    def _from(self, operands):
        """The `from:` value for a layer reading `operands` (tensor handles),
        or None when it reads just the previous layer's output."""
        names = [n for t in operands for n in (t.src or ["@input"])]
        if len(operands) == 1 and (names == [self._last()] or (not self.layers and not operands[0].src)):
            return None
        return names[0] if len(names) == 1 else names

    def _add(self, fields, out_shape, macs=0, weights=0, params=0, section=None, reads=None, extra_params=0):
        name = fields["name"]
        if name in self.names:
            raise ValueError("duplicate layer name " + name)
        src = self._from(reads) if reads is not None else None
        if src is not None:
            fields = dict([("name", name), ("op", fields["op"]), ("from", src)] +
                          [(k, v) for k, v in fields.items() if k not in ("name", "op")])
        self.names.add(name)
        self.layers.append({"fields": fields, "out": out_shape, "macs": macs, "weights": weights,
                            "params": params, "extra_params": extra_params, "section": section})
        return T(out_shape, [name])

    def conv(self, name, x, out, kernel, stride=1, pad=None, groups=1, bias=False, bn=False, section=None,
             extra_params=0, **prec):
        """`pad` defaults to (kernel - 1) // 2, the padding of torchvision's
        Conv2dNormActivation; `extra_params`: parameters of this layer the
        format cannot attach to it (a pre-activation batch norm)."""
        c, h, w = x.shape
        pad = (kernel - 1) // 2 if pad is None else pad
        assert c % groups == 0 and out % groups == 0, name
        p = out_size(h, pad, pad, kernel, stride)
        q = out_size(w, pad, pad, kernel, stride)
        weights = out * (c // groups) * kernel * kernel
        macs = p * q * weights
        params = weights + (out if bias else 0) + (2 * out if bn else 0)
        f = {"name": name, "op": "conv", "in": [c, h, w], "out": out, "kernel": kernel}
        if stride != 1:
            f["stride"] = stride
        if pad:
            f["pad"] = pad
        if groups != 1:
            f["groups"] = groups
        if bias:
            f["bias"] = True
        if bn:
            f["bn"] = True
        f.update(prec)
        return self._add(f, (out, p, q), macs, weights, params, section, [x], extra_params)

    def fc(self, name, x, out, bias=True, bn=False, section=None, **prec):
        features = x.numel()  # a [C, H, W] input is flattened
        weights = out * features
        params = weights + (out if bias else 0) + (2 * out if bn else 0)
        f = {"name": name, "op": "fc", "in": features, "out": out}
        if bias:
            f["bias"] = True
        if bn:
            f["bn"] = True
        f.update(prec)
        return self._add(f, (out,), weights, weights, params, section, [x])

    def pool(self, name, x, kernel=None, stride=None, pad=0, kind="max", global_=False, ceil_mode=False,
             section=None, extra_params=0, **prec):
        c, h, w = x.shape
        f = {"name": name, "op": "pool"}
        if kind != "max":
            f["kind"] = kind
        f["in"] = [c, h, w]
        if global_:
            f["global"] = True
            return self._add(f, (c, 1, 1), section=section, reads=[x], extra_params=extra_params)
        stride = kernel if stride is None else stride
        f["kernel"] = kernel
        if stride != 1:
            f["stride"] = stride
        if pad:
            f["pad"] = pad
        if ceil_mode:
            f["ceil_mode"] = True
        f.update(prec)
        shape = (c, out_size(h, pad, pad, kernel, stride, ceil_mode=ceil_mode),
                 out_size(w, pad, pad, kernel, stride, ceil_mode=ceil_mode))
        return self._add(f, shape, section=section, reads=[x], extra_params=extra_params)

    def add(self, name, a, b, section=None):
        """a + b; b None: an operand that is no layer's output (the CIFAR
        ResNets' option-A shortcut), then a must be the previous layer."""
        f = {"name": name, "op": "add", "in": list(a.shape)}
        if b is None:
            assert a.src == [self._last()], name
            return self._add(f, a.shape, section=section)
        assert a.shape == b.shape, (name, a.shape, b.shape)
        return self._add(f, a.shape, section=section, reads=[a, b])

    def scale(self, name, x, s, section=None):
        """Squeeze-excitation: x times a per-channel operand s (the sigmoid of
        the excitation branch, folded into the conv that computes s). from:
        names x; s is the previous layer."""
        assert s.numel() == x.c and s.src == [self._last()], (name, x.shape, s.shape)
        f = {"name": name, "op": "eltwise", "from": x.src[0] if len(x.src) == 1 else x.src, "fn": "scale",
             "in": list(x.shape)}
        return self._add(f, x.shape, section=section)

    # totals
    def total(self, key):
        return sum(L[key] for L in self.layers)

    def count(self, op=None):
        if op is None:
            return len(self.layers)
        return sum(1 for L in self.layers if L["fields"]["op"] in op)


# --------------------------------------------------------------------------
# Architectures
# --------------------------------------------------------------------------
def torchvision_resnet(depth, groups=1, width_per_group=64, name=None, desc=None):
    basic = depth in (18, 34)
    blocks = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3]}[depth]
    name = name or "resnet%d" % depth
    desc = desc or "ResNet-%d (torchvision), ImageNet 224x224" % depth
    notes = []
    if depth == 50:
        desc += ", v1.5: stride 2 on the 3x3 conv of the bottleneck"
    net = Net(name, desc, "He et al., CVPR 2016; torchvision.models.%s" % name, notes)
    x = net.conv("conv1", image(3, 224, 224), 64, 7, stride=2, pad=3, bn=True, section="stem")
    x = net.pool("maxpool", x, 3, stride=2, pad=1)
    inplanes = 64
    for stage, (planes, n) in enumerate(zip([64, 128, 256, 512], blocks), start=1):
        for b in range(n):
            stride = 2 if (b == 0 and stage > 1) else 1
            pre = "layer%d.%d." % (stage, b)
            sec = "layer%d" % stage if b == 0 else None
            identity = x
            if basic:
                out_ch = planes
                y = net.conv(pre + "conv1", x, planes, 3, stride=stride, pad=1, bn=True, section=sec)
                y = net.conv(pre + "conv2", y, planes, 3, pad=1, bn=True)
            else:
                out_ch = planes * 4
                width = int(planes * (width_per_group / 64.0)) * groups  # torchvision Bottleneck
                y = net.conv(pre + "conv1", x, width, 1, bn=True, section=sec)
                y = net.conv(pre + "conv2", y, width, 3, stride=stride, pad=1, groups=groups, bn=True)
                y = net.conv(pre + "conv3", y, out_ch, 1, bn=True)
            if stride != 1 or inplanes != out_ch:
                identity = net.conv(pre + "downsample.0", x, out_ch, 1, stride=stride, bn=True)
            x = net.add(pre + "add", y, identity)
            inplanes = out_ch
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("fc", x, 1000)
    return net


def resnext50_32x4d():
    net = torchvision_resnet(50, groups=32, width_per_group=4, name="resnext50_32x4d",
                             desc="ResNeXt-50 32x4d (torchvision), ImageNet 224x224")
    net.reference = "Xie et al., CVPR 2017; torchvision.models.resnext50_32x4d"
    net.notes = ["ResNet-50 v1.5 with bottleneck width int(planes * 4 / 64) * 32 and a 3x3 conv of",
                 "32 groups (torchvision Bottleneck with groups=32, width_per_group=4)."]
    return net


def cifar_resnet(depth):
    n = (depth - 2) // 6
    assert 6 * n + 2 == depth
    net = Net("resnet%d" % depth,
              "ResNet-%d for CIFAR-10, 32x32 input, 3 stages of 16/32/64 channels, "
              "parameter-free (option A) shortcuts" % depth,
              "He et al., CVPR 2016, Sec. 4.2 and Table 6; layout and names of "
              "akamaster/pytorch_resnet_cifar10 (resnet%d)" % depth,
              ["Option A shortcut: identity, or x[:, :, ::2, ::2] zero-padded from C to 2C channels",
               "where the shape changes -- no 1x1 conv; the shortcut is just the residual add, which",
               "names the block input in from: when it is the identity, and nothing when the shortcut",
               "is the subsampled, padded copy (no layer writes it).",
               "Layer names follow akamaster/pytorch_resnet_cifar10 (conv1, layerS.B.convI, linear);",
               "the global average pool is F.avg_pool2d in its forward() (named avgpool here)."])
    x = net.conv("conv1", image(3, 32, 32), 16, 3, pad=1, bn=True, section="stem")
    for stage, planes in enumerate([16, 32, 64], start=1):
        for b in range(n):
            stride = 2 if (b == 0 and stage > 1) else 1
            pre = "layer%d.%d." % (stage, b)
            y = net.conv(pre + "conv1", x, planes, 3, stride=stride, pad=1, bn=True,
                         section="layer%d" % stage if b == 0 else None)
            y = net.conv(pre + "conv2", y, planes, 3, pad=1, bn=True)
            x = net.add(pre + "add", y, x if x.shape == y.shape else None)
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("linear", x, 10)
    return net


def vgg16():
    net = Net("vgg16", "VGG-16 (torchvision, configuration D, no batch norm), ImageNet 224x224",
              "Simonyan and Zisserman, ICLR 2015; torchvision.models.vgg16",
              ["avgpool is torchvision's AdaptiveAvgPool2d((7, 7)); at 224x224 its input is already",
               "7x7, so it is a 1x1 average pool (an identity copy), kept for memory traffic and names."])
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    x = image(3, 224, 224)
    i = 0
    for v in cfg:
        if v == "M":
            x = net.pool("features.%d" % i, x, 2, stride=2)
            i += 1
        else:
            x = net.conv("features.%d" % i, x, v, 3, pad=1, bias=True, section="features" if i == 0 else None)
            i += 2  # conv, ReLU
    x = net.pool("avgpool", x, 1, kind="avg", section="head")
    f = net.fc("classifier.0", x, 4096)
    f = net.fc("classifier.3", f, 4096)
    net.fc("classifier.6", f, 1000)
    return net


def alexnet():
    net = Net("alexnet", "AlexNet (torchvision variant, 'one weird trick' widths 64-192-384-256-256), "
              "ImageNet 224x224",
              "Krizhevsky, arXiv:1404.5997; torchvision.models.alexnet",
              ["avgpool is torchvision's AdaptiveAvgPool2d((6, 6)); at 224x224 its input is already",
               "6x6, so it is a 1x1 average pool (an identity copy), kept for memory traffic and names."])
    x = net.conv("features.0", image(3, 224, 224), 64, 11, stride=4, pad=2, bias=True, section="features")
    x = net.pool("features.2", x, 3, stride=2)
    x = net.conv("features.3", x, 192, 5, pad=2, bias=True)
    x = net.pool("features.5", x, 3, stride=2)
    x = net.conv("features.6", x, 384, 3, pad=1, bias=True)
    x = net.conv("features.8", x, 256, 3, pad=1, bias=True)
    x = net.conv("features.10", x, 256, 3, pad=1, bias=True)
    x = net.pool("features.12", x, 3, stride=2)
    x = net.pool("avgpool", x, 1, kind="avg", section="head")
    f = net.fc("classifier.1", x, 4096)
    f = net.fc("classifier.4", f, 4096)
    net.fc("classifier.6", f, 1000)
    return net


def make_divisible(v, divisor=8, min_value=None):
    # torchvision.models._utils._make_divisible
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def mobilenet_v2(width_mult=1.0):
    net = Net("mobilenet_v2", "MobileNetV2 (torchvision, width 1.0), ImageNet 224x224",
              "Sandler et al., CVPR 2018; torchvision.models.mobilenet_v2",
              ["Every conv is followed by BatchNorm (bn: true); the depthwise 3x3 convs have groups = C.",
               "The global average pool is nn.functional.adaptive_avg_pool2d in forward() (named avgpool here);",
               "classifier.0 is Dropout."])
    settings = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2],
                [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]
    input_channel = make_divisible(32 * width_mult)
    last_channel = make_divisible(1280 * max(1.0, width_mult))
    x = net.conv("features.0.0", image(3, 224, 224), input_channel, 3, stride=2, pad=1, bn=True,
                 section="features")
    idx = 1
    for t, c, n, s in settings:
        oup = make_divisible(c * width_mult)
        for i in range(n):
            stride = s if i == 0 else 1
            pre = "features.%d." % idx
            inp = x.c
            hidden = int(round(inp * t))
            y = x
            j = 0
            if t != 1:
                y = net.conv(pre + "conv.0.0", y, hidden, 1, bn=True)
                j = 1
            y = net.conv(pre + "conv.%d.0" % j, y, hidden, 3, stride=stride, pad=1, groups=hidden, bn=True)
            y = net.conv(pre + "conv.%d" % (j + 1), y, oup, 1, bn=True)  # conv.(j+2) is its BatchNorm
            if stride == 1 and inp == oup:
                y = net.add(pre + "add", y, x)
            x = y
            idx += 1
    x = net.conv("features.%d.0" % idx, x, last_channel, 1, bn=True)
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("classifier.1", x, 1000)
    return net


def squeeze_excitation(net, pre, x, squeeze):
    """torchvision.ops.SqueezeExcitation: global average pool, fc1 (1x1 conv
    with bias) + activation, fc2 (1x1 conv with bias) + sigmoid / hard
    sigmoid (folded into fc2), then x times the per-channel result."""
    s = net.pool(pre + "avgpool", x, kind="avg", global_=True)
    s = net.conv(pre + "fc1", s, squeeze, 1, bias=True)
    s = net.conv(pre + "fc2", s, x.c, 1, bias=True)
    return net.scale(pre + "scale", x, s)


SE_NOTES = ["Squeeze-excitation (torchvision.ops.SqueezeExcitation): avgpool (global), fc1 and fc2",
            "(1x1 convs with bias on the pooled [C, 1, 1] tensor), then an eltwise scale multiplying the",
            "feature map (named in from:) by fc2's per-channel output. The activation after fc1 and the",
            "sigmoid after fc2 fold into those convs, as every activation folds into the layer that",
            "produces its input; the scale's product is the eltwise layer's one op per element."]


def efficientnet_b0():
    net = Net("efficientnet_b0", "EfficientNet-B0 (torchvision), ImageNet 224x224",
              "Tan and Le, ICML 2019; torchvision.models.efficientnet_b0",
              ["Every conv except the SE convs is followed by BatchNorm (bn: true); SiLU (swish) folds into",
               "the conv before it. Depthwise convs have groups = C; padding is (kernel - 1) / 2."] + SE_NOTES +
              ["Stochastic depth and dropout do nothing at inference: they have no layers here.",
               "classifier.0 is Dropout."])
    # torchvision MBConvConfig: expand ratio, kernel, stride, in, out, layers (width and depth 1.0)
    stages = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
              (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1)]
    x = net.conv("features.0.0", image(3, 224, 224), 32, 3, stride=2, bn=True, section="features")
    for i, (t, k, s, cin, cout, n) in enumerate(stages, start=1):
        for b in range(n):
            inp = cin if b == 0 else cout
            stride = s if b == 0 else 1
            pre = "features.%d.%d.block." % (i, b)
            expanded = make_divisible(inp * t)
            y, j = x, 0
            if expanded != inp:
                y = net.conv(pre + "0.0", y, expanded, 1, bn=True)
                j = 1
            y = net.conv(pre + "%d.0" % j, y, expanded, k, stride=stride, groups=expanded, bn=True)
            y = squeeze_excitation(net, pre + "%d." % (j + 1), y, max(1, inp // 4))
            y = net.conv(pre + "%d.0" % (j + 2), y, cout, 1, bn=True)
            if stride == 1 and inp == cout:
                y = net.add("features.%d.%d.add" % (i, b), y, x)
            x = y
    x = net.conv("features.8.0", x, 1280, 1, bn=True)
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("classifier.1", x, 1000)
    return net


def mobilenet_v3_large():
    net = Net("mobilenet_v3_large", "MobileNetV3-Large (torchvision, width 1.0), ImageNet 224x224",
              "Howard et al., ICCV 2019; torchvision.models.mobilenet_v3_large",
              ["Every conv except the SE convs is followed by BatchNorm (bn: true); ReLU and hard-swish",
               "fold into the conv before them. Depthwise convs have groups = C."] + SE_NOTES +
              ["Here fc1 is followed by ReLU and fc2 by a hard sigmoid; squeeze channels are",
               "_make_divisible(C / 4, 8). classifier.0 is an fc (hard-swish folded), classifier.2 Dropout."])
    # torchvision InvertedResidualConfig: in, kernel, expanded, out, SE, stride
    cfg = [(16, 3, 16, 16, False, 1), (16, 3, 64, 24, False, 2), (24, 3, 72, 24, False, 1),
           (24, 5, 72, 40, True, 2), (40, 5, 120, 40, True, 1), (40, 5, 120, 40, True, 1),
           (40, 3, 240, 80, False, 2), (80, 3, 200, 80, False, 1), (80, 3, 184, 80, False, 1),
           (80, 3, 184, 80, False, 1), (80, 3, 480, 112, True, 1), (112, 3, 672, 112, True, 1),
           (112, 5, 672, 160, True, 2), (160, 5, 960, 160, True, 1), (160, 5, 960, 160, True, 1)]
    x = net.conv("features.0.0", image(3, 224, 224), 16, 3, stride=2, bn=True, section="features")
    for i, (inp, k, exp, out, se, stride) in enumerate(cfg, start=1):
        pre = "features.%d.block." % i
        y, j = x, 0
        if exp != inp:
            y = net.conv(pre + "0.0", y, exp, 1, bn=True)
            j = 1
        y = net.conv(pre + "%d.0" % j, y, exp, k, stride=stride, groups=exp, bn=True)
        if se:
            j += 1
            y = squeeze_excitation(net, pre + "%d." % j, y, make_divisible(exp // 4, 8))
        y = net.conv(pre + "%d.0" % (j + 1), y, out, 1, bn=True)
        if stride == 1 and inp == out:
            y = net.add("features.%d.add" % i, y, x)
        x = y
    x = net.conv("features.16.0", x, 960, 1, bn=True)
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    f = net.fc("classifier.0", x, 1280)
    net.fc("classifier.3", f, 1000)
    return net


def regnet_widths(depth, w_0, w_a, w_m, group_width, bottleneck=1.0):
    """torchvision BlockParams.from_init_params (QUANT 8), in floats: stage
    widths, depths and group widths."""
    import math
    widths_cont = [i * w_a + w_0 for i in range(depth)]
    capacity = [round(math.log(w / w_0) / math.log(w_m)) for w in widths_cont]
    block_widths = [int(round(w_0 * math.pow(w_m, c) / 8) * 8) for c in capacity]
    stage_widths, stage_depths = [], []
    for w in block_widths:
        if stage_widths and stage_widths[-1] == w:
            stage_depths[-1] += 1
        else:
            stage_widths.append(w)
            stage_depths.append(1)
    # _adjust_widths_groups_compatibilty
    w_bot = [int(w * bottleneck) for w in stage_widths]
    groups = [min(group_width, w) for w in w_bot]
    w_bot = [make_divisible(w, g) for w, g in zip(w_bot, groups)]
    return [int(w / bottleneck) for w in w_bot], stage_depths, groups


def regnet_y_400mf():
    net = Net("regnet_y_400mf", "RegNetY-400MF (torchvision), ImageNet 224x224",
              "Radosavovic et al., CVPR 2020; torchvision.models.regnet_y_400mf",
              ["Stages from torchvision's BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89,",
               "w_m=2.09, group_width=8, se_ratio=0.25): widths 48-104-208-440, depths 1-3-6-6.",
               "Every conv except the SE convs is followed by BatchNorm (bn: true); ReLU folds into the",
               "conv before it. proj is the 1x1 shortcut conv where the shape changes."] + SE_NOTES +
              ["Here fc1 is followed by ReLU; squeeze channels are round(0.25 * block input width)."])
    widths, depths, groups = regnet_widths(16, 48, 27.89, 2.09, 8)
    x = net.conv("stem.0", image(3, 224, 224), 32, 3, stride=2, bn=True, section="stem")
    cin = 32
    for s, (w, d, g) in enumerate(zip(widths, depths, groups), start=1):
        for b in range(d):
            stride = 2 if b == 0 else 1
            pre = "trunk_output.block%d.block%d-%d." % (s, s, b)
            y = net.conv(pre + "f.a.0", x, w, 1, bn=True, section="trunk_output.block%d" % s if b == 0 else None)
            y = net.conv(pre + "f.b.0", y, w, 3, stride=stride, groups=w // g, bn=True)
            y = squeeze_excitation(net, pre + "f.se.", y, int(round(0.25 * cin)))
            y = net.conv(pre + "f.c.0", y, w, 1, bn=True)
            shortcut = x
            if cin != w or stride != 1:
                shortcut = net.conv(pre + "proj.0", x, w, 1, stride=stride, bn=True)
            x = net.add(pre + "add", y, shortcut)
            cin = w
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("fc", x, 1000)
    return net


def densenet121(growth=32, blocks=(6, 12, 24, 16), init=64, bn_size=4):
    net = Net("densenet121", "DenseNet-121 (torchvision), ImageNet 224x224",
              "Huang et al., CVPR 2017; torchvision.models.densenet121",
              ["Concatenation costs nothing: every dense layer's conv2 writes its 32 channels into the block's",
               "tensor, and a layer reading the concatenation lists its producers in from: (block input first).",
               "Pre-activation batch norms (norm1 of each dense layer, each transition's norm, norm5) act on a",
               "concatenation read by several consumers, so no producer can fold them and bn: true (2 per",
               "output channel) cannot express them: with ReLU they are applied as the consumer reads its",
               "input, and their parameters are counted below as not attached (params in the file are that",
               "much below torchvision's). norm0 and norm2 follow a conv and fold into it (bn: true).",
               "The global average pool is F.adaptive_avg_pool2d in forward() (named avgpool here)."])
    x = net.conv("features.conv0", image(3, 224, 224), init, 7, stride=2, pad=3, bn=True, section="features")
    x = net.pool("features.pool0", x, 3, stride=2, pad=1)
    for bi, n in enumerate(blocks, start=1):
        feats = [x]
        for li in range(1, n + 1):
            pre = "features.denseblock%d.denselayer%d." % (bi, li)
            inp = cat(*feats)
            y = net.conv(pre + "conv1", inp, bn_size * growth, 1, bn=True, extra_params=2 * inp.c,
                         section="features.denseblock%d" % bi if li == 1 else None)
            feats.append(net.conv(pre + "conv2", y, growth, 3, pad=1))
        x = cat(*feats)
        if bi != len(blocks):
            pre = "features.transition%d." % bi
            y = net.conv(pre + "conv", x, x.c // 2, 1, extra_params=2 * x.c, section=pre[:-1])
            x = net.pool(pre + "pool", y, 2, stride=2, kind="avg")
    x = net.pool("avgpool", x, kind="avg", global_=True, extra_params=2 * x.c, section="head")
    net.fc("classifier", x, 1000)
    return net


def squeezenet1_1():
    net = Net("squeezenet1_1", "SqueezeNet 1.1 (torchvision), ImageNet 224x224",
              "Iandola et al., arXiv:1602.07360; SqueezeNet v1.1 (forresti/SqueezeNet); "
              "torchvision.models.squeezenet1_1",
              ["Fire module: squeeze (1x1), expand1x1 and expand3x3 read the squeeze output; the next layer",
               "reads their concatenation (from: [expand1x1, expand3x3]; concatenation costs nothing:",
               "both write into one tensor). Every conv has a bias, no batch norm; max pools round up",
               "(ceil_mode). classifier.0 is Dropout, classifier.1 the final 1x1 conv, classifier.3 the",
               "global average pool (AdaptiveAvgPool2d((1, 1))): the network ends without an fc."])
    x = net.conv("features.0", image(3, 224, 224), 64, 3, stride=2, pad=0, bias=True, section="features")
    fires = {3: (16, 64), 4: (16, 64), 6: (32, 128), 7: (32, 128), 9: (48, 192), 10: (48, 192),
             11: (64, 256), 12: (64, 256)}
    for i in range(2, 13):
        if i in (2, 5, 8):
            x = net.pool("features.%d" % i, x, 3, stride=2, ceil_mode=True)
            continue
        sq, ex = fires[i]
        pre = "features.%d." % i
        s = net.conv(pre + "squeeze", x, sq, 1, bias=True)
        e1 = net.conv(pre + "expand1x1", s, ex, 1, bias=True)
        e3 = net.conv(pre + "expand3x3", s, ex, 3, pad=1, bias=True)
        x = cat(e1, e3)
    x = net.conv("classifier.1", x, 1000, 1, bias=True, section="classifier")
    net.pool("classifier.3", x, kind="avg", global_=True)
    return net


def xnor_alexnet():
    b8 = {"wbits": 8, "abits": 8}
    net = Net("xnor_alexnet",
              "XNOR-Net AlexNet (binary weights and activations), ImageNet 224x224; "
              "first conv and last fc at 8 bits",
              "Rastegari et al., ECCV 2016; architecture of the authors' allenai/XNOR-Net "
              "models/alexnetxnor.lua, layer names of jiecaoyu/XNOR-Net-PyTorch AlexNet",
              ["Variant: ungrouped AlexNet with BatchNorm, no LRN: conv 96-256-384-384-256,",
               "fc 4096-4096-1000 (the authors' Torch model; its fc6/fc7 are 6x6 / 1x1 convs on 6x6 / 1x1",
               "maps, identical in MACs and weights to the fc layers here). Input 224, conv1 pad 2 -> 55x55",
               "(the PyTorch port uses 227 with pad 0: same output sizes and counts). Every layer has a bias.",
               "Precision: network default w1a1 (binary); features.0 and classifier.4 declare w8a8.",
               "Binary layers emit 1-bit maps: the next layer's BatchNorm + sign folds into a per-channel",
               "threshold in the producer's epilogue (max-pool of binary maps is an OR), so each",
               "producer's obits equals its consumer's abits: features.3 pools the 8-bit conv1 output and",
               "emits 1 bit; classifier.1 (fc7) emits 8 bits because fc8's input is BN + ReLU, not sign.",
               "bn: true marks the BatchNorm that follows each layer (the input BN of the next binary layer);",
               "the reference also has a second BN(96) between conv1's pool and conv2 (192 parameters),",
               "which one bn flag per layer cannot express, so totalParams is 192 below the Torch model."],
              precision={"wbits": 1, "abits": 1})
    x = net.conv("features.0", image(3, 224, 224), 96, 11, stride=4, pad=2, bias=True, bn=True,
                 section="features", **b8)
    x = net.pool("features.3", x, 3, stride=2, abits=8, obits=1)
    x = net.conv("features.4.conv", x, 256, 5, pad=2, bias=True, bn=True)
    x = net.pool("features.5", x, 3, stride=2)
    x = net.conv("features.6.conv", x, 384, 3, pad=1, bias=True, bn=True)
    x = net.conv("features.7.conv", x, 384, 3, pad=1, bias=True, bn=True)
    x = net.conv("features.8.conv", x, 256, 3, pad=1, bias=True, bn=True)
    x = net.pool("features.9", x, 3, stride=2)
    f = net.fc("classifier.0.linear", x, 4096, bn=True, section="classifier")
    f = net.fc("classifier.1.linear", f, 4096, bn=True, obits=8)
    net.fc("classifier.4", f, 1000, **b8)
    return net


BUILDERS = [
    ("resnet18", lambda: torchvision_resnet(18)),
    ("resnet34", lambda: torchvision_resnet(34)),
    ("resnet50", lambda: torchvision_resnet(50)),
    ("resnet20", lambda: cifar_resnet(20)),
    ("resnet56", lambda: cifar_resnet(56)),
    ("vgg16", vgg16),
    ("alexnet", alexnet),
    ("mobilenet_v2", mobilenet_v2),
    ("xnor_alexnet", xnor_alexnet),
    ("efficientnet_b0", efficientnet_b0),
    ("squeezenet1_1", squeezenet1_1),
    ("densenet121", densenet121),
    ("resnext50_32x4d", resnext50_32x4d),
    ("mobilenet_v3_large", mobilenet_v3_large),
    ("regnet_y_400mf", regnet_y_400mf),
]


# --------------------------------------------------------------------------
# Checks against the published figures
# --------------------------------------------------------------------------
def check_published(net):
    pub = PUBLISHED.get(net.name, {})
    macs, weights, params = net.total("macs"), net.total("weights"), net.total("params")
    params += net.total("extra_params")  # what the format cannot attach to a layer
    errors = []
    for key, (value, source) in sorted(pub.items()):
        if key == "params":
            ok = params == value
            got = params
        elif key == "macs":
            ok = macs == value
            got = macs
        elif key == "weights":
            ok = weights == value
            got = weights
        elif key == "gmacs":
            got = round(macs / 1e9, 2)
            ok = got == value
        elif key == "mparams":
            got = round(params / 1e6, 2)
            ok = got == value
        elif key == "mmacs":
            got = round(macs / 1e6, 2)
            ok = got == value
        elif key == "weights_plus_bias":
            got = sum(L["params"] - (2 * L["fields"]["out"] if L["fields"].get("bn") else 0)
                      for L in net.layers if L["fields"]["op"] in ("conv", "fc"))
            ok = got == value
        else:
            raise KeyError(key)
        if not ok:
            errors.append("%s: %s = %s, published %s (%s)" % (net.name, key, got, value, source))
    return errors


def check_precision_chain(net):
    """Each layer's input bits must equal its producers' output bits."""
    default = dict(net.precision)
    errors = []

    def bits(f):
        w = f.get("wbits", default.get("wbits", 8))
        a = f.get("abits", default.get("abits", 8))
        return w, a, f.get("obits", default.get("obits", a))

    by_name = {L["fields"]["name"]: L["fields"] for L in net.layers}
    for i, L in enumerate(net.layers[1:], start=1):
        cur = L["fields"]
        src = cur.get("from", net.layers[i - 1]["fields"]["name"])
        for name in (src if isinstance(src, list) else [src]):
            prev = by_name[name]
            if bits(prev)[2] != bits(cur)[1]:
                errors.append("%s: %s writes %d-bit, %s reads %d-bit" % (
                    net.name, name, bits(prev)[2], cur["name"], bits(cur)[1]))
    return errors


# --------------------------------------------------------------------------
# Optional cross-check against torchvision (python3-torchvision from Debian;
# models are built without weights, nothing is downloaded)
# --------------------------------------------------------------------------
def torch_check(nets):
    """Runs every zoo network that torchvision has on a 224x224 input and
    compares each conv / linear layer (hyperparameters, input and output
    shapes, weights, bias), each pool torchvision has as a module (output
    shape) and the total parameter count. Returns a list of errors."""
    import torch
    import torchvision.models as tvm

    errors = []
    for net in nets:
        builder = getattr(tvm, net.name, None)
        if builder is None:
            print("torch-check: %s: not in torchvision, skipped" % net.name)
            continue
        model = builder(weights=None).eval()
        modules = dict(model.named_modules())
        seen = {}

        def hook(name):
            def record(module, inputs, output):
                seen[name] = (tuple(inputs[0].shape[1:]), tuple(output.shape[1:]))
            return record

        kinds = (torch.nn.Conv2d, torch.nn.Linear, torch.nn.MaxPool2d, torch.nn.AvgPool2d,
                 torch.nn.AdaptiveAvgPool2d)
        for name, m in modules.items():
            if isinstance(m, kinds):
                m.register_forward_hook(hook(name))
        with torch.no_grad():
            model(torch.zeros(1, 3, 224, 224))

        bad = []
        ours = {L["fields"]["name"]: L for L in net.layers}
        weighted = {n for n, m in modules.items() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))}
        mine = {n for n, L in ours.items() if L["fields"]["op"] in ("conv", "fc")}
        for n in sorted(weighted - mine):
            bad.append("torchvision layer %s is missing" % n)
        for n in sorted(mine - weighted):
            bad.append("layer %s is not in torchvision" % n)
        macs = 0
        for n in sorted(weighted & mine):
            m, L, f = modules[n], ours[n], ours[n]["fields"]
            shape_in, shape_out = seen[n]
            bias = m.bias is not None
            if isinstance(m, torch.nn.Conv2d):
                want = {"in": list(shape_in), "out": m.out_channels, "kernel": m.kernel_size[0],
                        "stride": m.stride[0], "pad": m.padding[0], "groups": m.groups, "bias": bias,
                        "shape": shape_out}
                got = {"in": f["in"], "out": f["out"], "kernel": f["kernel"], "stride": f.get("stride", 1),
                       "pad": f.get("pad", 0), "groups": f.get("groups", 1), "bias": f.get("bias", False),
                       "shape": tuple(L["out"])}
                macs += m.weight.numel() * shape_out[1] * shape_out[2]
            else:
                want = {"in": m.in_features, "out": m.out_features, "bias": bias, "shape": shape_out}
                got = {"in": f["in"], "out": f["out"], "bias": f.get("bias", False), "shape": tuple(L["out"])}
                macs += m.weight.numel()
            if want != got:
                bad.append("%s: torchvision %s, here %s" % (n, want, got))
            if L["weights"] != m.weight.numel():
                bad.append("%s: %d weights, torchvision %d" % (n, L["weights"], m.weight.numel()))
        for n, L in ours.items():
            if L["fields"]["op"] == "pool" and n in seen and tuple(L["out"]) != seen[n][1]:
                bad.append("%s: output %s, torchvision %s" % (n, L["out"], seen[n][1]))
        params = sum(p.numel() for p in model.parameters())
        if params != net.total("params") + net.total("extra_params"):
            bad.append("params %d (+%d not attached), torchvision %d" % (
                net.total("params"), net.total("extra_params"), params))
        if macs != net.total("macs"):
            bad.append("MACs %d, torchvision conv + linear %d" % (net.total("macs"), macs))
        errors += ["%s: %s" % (net.name, b) for b in bad]
        print("torch-check: %s: %d conv/linear layers, %s params, %s MACs: %s" % (
            net.name, len(weighted), fmt_int(params), fmt_int(macs), "ok" if not bad else "%d errors" % len(bad)))
    return errors


# --------------------------------------------------------------------------
# YAML emission (one flow-style line per layer; deterministic)
# --------------------------------------------------------------------------
def scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, list):
        return "[" + ", ".join(scalar(e) for e in v) + "]"
    return str(v)


def shape_str(s):
    return "[%s]" % ", ".join(str(d) for d in s) if isinstance(s, tuple) else str(s)


def fmt_int(v):
    return "{:,}".format(v)


def render(net):
    macs, weights, params = net.total("macs"), net.total("weights"), net.total("params")
    extra = net.total("extra_params")
    lines = [
        "# GENERATED by tools/zoo/gen_zoo.py -- do not edit by hand.",
        "# Regenerate: python3 tools/zoo/gen_zoo.py   (check: python3 tools/zoo/gen_zoo.py --check)",
        "#",
        "# Totals (conv + fc only; pools, adds and eltwise layers are memory-only):",
        "#   MACs    %s" % fmt_int(macs),
        "#   weights %s   (conv + fc weights, no bias)" % fmt_int(weights),
        "#   params  %s   (weights + biases + 2 per batch-norm channel)" % fmt_int(params),
    ]
    if extra:
        lines.append("#           + %s   not attached to a layer (see below) = %s" % (
            fmt_int(extra), fmt_int(params + extra)))
    lines.append("#   layers  %d   (%d conv, %d fc, %d pool, %d add, %d eltwise)" % (
        net.count(), net.count(("conv",)), net.count(("fc",)), net.count(("pool",)), net.count(("add",)),
        net.count(("eltwise",))))
    pub = PUBLISHED.get(net.name, {})
    if pub:
        lines.append("# Published figures these totals are checked against:")
        for key, (value, source) in sorted(pub.items()):
            shown = fmt_int(value) if isinstance(value, int) else "%.2f" % value
            lines.append("#   %s = %s: %s" % (key, shown, source))
    if net.notes:
        lines.append("#")
        lines += ["# " + n for n in net.notes]
    lines.append("# The comment after each layer is its output shape.")
    lines += [
        "name: %s" % net.name,
        "description: \"%s\"" % net.description,
        "reference: \"%s\"" % net.reference,
        "batch: 1",
        "precision: {%s}" % ", ".join("%s: %s" % kv for kv in net.precision.items()),
        "layers:",
    ]
    body = []
    for L in net.layers:
        if L["section"]:
            body.append(("  # " + L["section"], None))
        text = "  - {" + ", ".join("%s: %s" % (k, scalar(v)) for k, v in L["fields"].items()) + "}"
        body.append((text, shape_str(L["out"])))
    # Comments line up, except after the long from: lists of DenseNet's layers.
    width = max(len(t) for t, c in body if c is not None and len(t) <= 130)
    for text, comment in body:
        lines.append(text if comment is None else "%-*s  # %s" % (width, text, comment))
    return "\n".join(lines) + "\n"


def table(nets):
    rows = ["| network | MACs | weights | params | layers | conv | fc | pool | add | eltwise |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for net in nets:
        rows.append("| %s | %s | %s | %s | %d | %d | %d | %d | %d | %d |" % (
            net.name, fmt_int(net.total("macs")), fmt_int(net.total("weights")), fmt_int(net.total("params")),
            net.count(), net.count(("conv",)), net.count(("fc",)), net.count(("pool",)), net.count(("add",)),
            net.count(("eltwise",))))
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with workloads/zoo, write nothing")
    ap.add_argument("--table", action="store_true", help="print the totals table")
    ap.add_argument("--torch-check", action="store_true",
                    help="compare every layer with the torchvision model (needs python3-torchvision)")
    ap.add_argument("--out", default=ZOO_DIR, help="output directory (default: workloads/zoo)")
    args = ap.parse_args()

    nets = [build() for _, build in BUILDERS]
    for (name, _), net in zip(BUILDERS, nets):
        assert net.name == name
    errors = []
    for net in nets:
        errors += check_published(net)
        errors += check_precision_chain(net)
    if errors:
        sys.stderr.write("gen_zoo: counts disagree with the published figures:\n  " + "\n  ".join(errors) + "\n")
        return 2
    if args.table:
        print(table(nets))
        return 0
    if args.torch_check:
        errors = torch_check(nets)
        if errors:
            sys.stderr.write("gen_zoo: differs from torchvision:\n  " + "\n  ".join(errors) + "\n")
            return 2
        return 0

    stale = []
    for net in nets:
        path = os.path.join(args.out, net.name + ".yaml")
        text = render(net)
        if args.check:
            try:
                with open(path, encoding="utf-8") as fh:
                    if fh.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            os.makedirs(args.out, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    if stale:
        sys.stderr.write("gen_zoo: stale or missing (run python3 tools/zoo/gen_zoo.py):\n  " +
                         "\n  ".join(os.path.relpath(p, REPO) for p in stale) + "\n")
        return 1
    if not args.check:
        print("wrote %d networks to %s" % (len(nets), os.path.relpath(args.out, REPO)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
