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
  pool / add: memory-only, no MACs, no parameters.

Usage (python3 standard library only):
  python3 tools/zoo/gen_zoo.py            # (re)write workloads/zoo/*.yaml
  python3 tools/zoo/gen_zoo.py --check    # exit 1 if a zoo file is stale
  python3 tools/zoo/gen_zoo.py --table    # print the totals table (markdown)
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
    "xnor_alexnet": {
        # Ungrouped AlexNet 96-256-384-384-256 / 4096-4096-1000 ("one weird
        # trick" widths), weights + biases, no BN: 62,378,344 (osmr/imgclsmob
        # AlexNet row; torchsummary of the ungrouped Caffe AlexNet).
        "weights_plus_bias": (62378344, "osmr/imgclsmob pytorch README, AlexNet row: 62,378,344 params"),
    },
}


# --------------------------------------------------------------------------
# Network builder: one entry per layer, shapes propagated through the graph.
# --------------------------------------------------------------------------
def out_size(n, pad_begin, pad_end, kernel, stride, dilation=1, ceil_mode=False):
    span = n + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if span < 0:
        raise ValueError("kernel does not fit")
    if ceil_mode:
        return -(-span // stride) + 1
    return span // stride + 1


class Net:
    def __init__(self, name, description, reference, notes=(), precision=None):
        self.name = name
        self.description = description
        self.reference = reference
        self.notes = list(notes)
        self.precision = precision or {"wbits": 8, "abits": 8}
        self.layers = []  # list of (fields dict, output shape, counts dict)
        self.names = set()

    def _add(self, fields, out_shape, macs=0, weights=0, params=0, section=None):
        if fields["name"] in self.names:
            raise ValueError("duplicate layer name " + fields["name"])
        self.names.add(fields["name"])
        self.layers.append({"fields": fields, "out": out_shape, "macs": macs, "weights": weights,
                            "params": params, "section": section})
        return out_shape

    def conv(self, name, x, out, kernel, stride=1, pad=0, groups=1, bias=False, bn=False, section=None,
             **prec):
        c, h, w = x
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
        return self._add(f, (out, p, q), macs, weights, params, section)

    def fc(self, name, features, out, bias=True, bn=False, section=None, **prec):
        weights = out * features
        params = weights + (out if bias else 0) + (2 * out if bn else 0)
        f = {"name": name, "op": "fc", "in": features, "out": out}
        if bias:
            f["bias"] = True
        if bn:
            f["bn"] = True
        f.update(prec)
        return self._add(f, out, weights, weights, params, section)

    def pool(self, name, x, kernel=None, stride=None, pad=0, kind="max", global_=False, section=None,
             **prec):
        c, h, w = x
        f = {"name": name, "op": "pool"}
        if kind != "max":
            f["kind"] = kind
        f["in"] = [c, h, w]
        if global_:
            f["global"] = True
            return self._add(f, (c, 1, 1), section=section)
        stride = kernel if stride is None else stride
        f["kernel"] = kernel
        if stride != 1:
            f["stride"] = stride
        if pad:
            f["pad"] = pad
        f.update(prec)
        return self._add(f, (c, out_size(h, pad, pad, kernel, stride), out_size(w, pad, pad, kernel, stride)),
                         section=section)

    def add(self, name, a, b, section=None):
        assert a == b, (name, a, b)
        return self._add({"name": name, "op": "add", "in": list(a)}, a, section=section)

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
def torchvision_resnet(depth):
    basic = depth in (18, 34)
    blocks = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3]}[depth]
    desc = "ResNet-%d (torchvision), ImageNet 224x224" % depth
    notes = []
    if depth == 50:
        desc += ", v1.5: stride 2 on the 3x3 conv of the bottleneck"
    net = Net("resnet%d" % depth, desc,
              "He et al., CVPR 2016; torchvision.models.resnet%d" % depth, notes)
    x = net.conv("conv1", (3, 224, 224), 64, 7, stride=2, pad=3, bn=True, section="stem")
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
                y = net.conv(pre + "conv1", x, planes, 1, bn=True, section=sec)
                y = net.conv(pre + "conv2", y, planes, 3, stride=stride, pad=1, bn=True)
                y = net.conv(pre + "conv3", y, out_ch, 1, bn=True)
            if stride != 1 or inplanes != out_ch:
                identity = net.conv(pre + "downsample.0", x, out_ch, 1, stride=stride, bn=True)
            x = net.add(pre + "add", y, identity)
            inplanes = out_ch
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("fc", x[0], 1000)
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
               "where the shape changes -- no 1x1 conv; the shortcut is just the residual add.",
               "Layer names follow akamaster/pytorch_resnet_cifar10 (conv1, layerS.B.convI, linear);",
               "the global average pool is F.avg_pool2d in its forward() (named avgpool here)."])
    x = net.conv("conv1", (3, 32, 32), 16, 3, pad=1, bn=True, section="stem")
    for stage, planes in enumerate([16, 32, 64], start=1):
        for b in range(n):
            stride = 2 if (b == 0 and stage > 1) else 1
            pre = "layer%d.%d." % (stage, b)
            y = net.conv(pre + "conv1", x, planes, 3, stride=stride, pad=1, bn=True,
                         section="layer%d" % stage if b == 0 else None)
            y = net.conv(pre + "conv2", y, planes, 3, pad=1, bn=True)
            # option A: the shortcut tensor has y's shape (subsampled, zero-padded channels)
            x = net.add(pre + "add", y, y)
    x = net.pool("avgpool", x, kind="avg", global_=True, section="head")
    net.fc("linear", x[0], 10)
    return net


def vgg16():
    net = Net("vgg16", "VGG-16 (torchvision, configuration D, no batch norm), ImageNet 224x224",
              "Simonyan and Zisserman, ICLR 2015; torchvision.models.vgg16",
              ["avgpool is torchvision's AdaptiveAvgPool2d((7, 7)); at 224x224 its input is already",
               "7x7, so it is a 1x1 average pool (an identity copy), kept for memory traffic and names."])
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    x = (3, 224, 224)
    i = 0
    for v in cfg:
        if v == "M":
            x = net.pool("features.%d" % i, x, 2, stride=2)
            i += 1
        else:
            x = net.conv("features.%d" % i, x, v, 3, pad=1, bias=True, section="features" if i == 0 else None)
            i += 2  # conv, ReLU
    x = net.pool("avgpool", x, 1, kind="avg", section="head")
    f = x[0] * x[1] * x[2]
    f = net.fc("classifier.0", f, 4096)
    f = net.fc("classifier.3", f, 4096)
    net.fc("classifier.6", f, 1000)
    return net


def alexnet():
    net = Net("alexnet", "AlexNet (torchvision variant, 'one weird trick' widths 64-192-384-256-256), "
              "ImageNet 224x224",
              "Krizhevsky, arXiv:1404.5997; torchvision.models.alexnet",
              ["avgpool is torchvision's AdaptiveAvgPool2d((6, 6)); at 224x224 its input is already",
               "6x6, so it is a 1x1 average pool (an identity copy), kept for memory traffic and names."])
    x = net.conv("features.0", (3, 224, 224), 64, 11, stride=4, pad=2, bias=True, section="features")
    x = net.pool("features.2", x, 3, stride=2)
    x = net.conv("features.3", x, 192, 5, pad=2, bias=True)
    x = net.pool("features.5", x, 3, stride=2)
    x = net.conv("features.6", x, 384, 3, pad=1, bias=True)
    x = net.conv("features.8", x, 256, 3, pad=1, bias=True)
    x = net.conv("features.10", x, 256, 3, pad=1, bias=True)
    x = net.pool("features.12", x, 3, stride=2)
    x = net.pool("avgpool", x, 1, kind="avg", section="head")
    f = net.fc("classifier.1", x[0] * x[1] * x[2], 4096)
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
    x = net.conv("features.0.0", (3, 224, 224), input_channel, 3, stride=2, pad=1, bn=True, section="features")
    idx = 1
    for t, c, n, s in settings:
        oup = make_divisible(c * width_mult)
        for i in range(n):
            stride = s if i == 0 else 1
            pre = "features.%d." % idx
            inp = x[0]
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
    net.fc("classifier.1", x[0], 1000)
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
    x = net.conv("features.0", (3, 224, 224), 96, 11, stride=4, pad=2, bias=True, bn=True, section="features",
                 **b8)
    x = net.pool("features.3", x, 3, stride=2, abits=8, obits=1)
    x = net.conv("features.4.conv", x, 256, 5, pad=2, bias=True, bn=True)
    x = net.pool("features.5", x, 3, stride=2)
    x = net.conv("features.6.conv", x, 384, 3, pad=1, bias=True, bn=True)
    x = net.conv("features.7.conv", x, 384, 3, pad=1, bias=True, bn=True)
    x = net.conv("features.8.conv", x, 256, 3, pad=1, bias=True, bn=True)
    x = net.pool("features.9", x, 3, stride=2)
    f = net.fc("classifier.0.linear", x[0] * x[1] * x[2], 4096, bn=True, section="classifier")
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
]


# --------------------------------------------------------------------------
# Checks against the published figures
# --------------------------------------------------------------------------
def check_published(net):
    pub = PUBLISHED.get(net.name, {})
    macs, weights, params = net.total("macs"), net.total("weights"), net.total("params")
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
    """Each layer's output bits must equal the next layer's input bits (sequential nets)."""
    default = dict(net.precision)
    errors = []

    def bits(f):
        w = f.get("wbits", default.get("wbits", 8))
        a = f.get("abits", default.get("abits", 8))
        return w, a, f.get("obits", default.get("obits", a))

    for prev, cur in zip(net.layers, net.layers[1:]):
        if bits(prev["fields"])[2] != bits(cur["fields"])[1]:
            errors.append("%s: %s writes %d-bit, %s reads %d-bit" % (
                net.name, prev["fields"]["name"], bits(prev["fields"])[2], cur["fields"]["name"],
                bits(cur["fields"])[1]))
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
    lines = [
        "# GENERATED by tools/zoo/gen_zoo.py -- do not edit by hand.",
        "# Regenerate: python3 tools/zoo/gen_zoo.py   (check: python3 tools/zoo/gen_zoo.py --check)",
        "#",
        "# Totals (conv + fc only; pools and adds are memory-only):",
        "#   MACs    %s" % fmt_int(macs),
        "#   weights %s   (conv + fc weights, no bias)" % fmt_int(weights),
        "#   params  %s   (weights + biases + 2 per batch-norm channel)" % fmt_int(params),
        "#   layers  %d   (%d conv, %d fc, %d pool, %d add)" % (
            net.count(), net.count(("conv",)), net.count(("fc",)), net.count(("pool",)), net.count(("add",))),
    ]
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
    width = max(len(t) for t, c in body if c is not None)
    for text, comment in body:
        lines.append(text if comment is None else "%-*s  # %s" % (width, text, comment))
    return "\n".join(lines) + "\n"


def table(nets):
    rows = ["| network | MACs | weights | params | layers | conv | fc | pool | add |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for net in nets:
        rows.append("| %s | %s | %s | %s | %d | %d | %d | %d | %d |" % (
            net.name, fmt_int(net.total("macs")), fmt_int(net.total("weights")), fmt_int(net.total("params")),
            net.count(), net.count(("conv",)), net.count(("fc",)), net.count(("pool",)), net.count(("add",))))
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with workloads/zoo, write nothing")
    ap.add_argument("--table", action="store_true", help="print the totals table")
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
