#!/usr/bin/env python3
"""Exports the ONNX test models of tests/data/onnx/ (run by hand, not by the tests).

Each model is built with random weights (never downloaded), exported by
torch.onnx at opset 13, and then stripped of its weights: every initializer
(and Constant tensor) larger than 1 KiB becomes an external-data reference to
a file that is never written, so the committed .onnx holds the graph, the
tensor names, types and dimensions, and the small constants that shape
arithmetic needs (Reshape shapes, Slice bounds, ...) — a few KB to a few
hundred KB instead of up to half a GB. hcmsim's importer reads only that.

Next to the models, models.json records what the exporting framework says
about each one, counted with forward hooks on the PyTorch modules while the
export input runs through them, independently of the ONNX graph:

  macs        multiply-accumulates: Conv2d out.numel * C/groups * R * S,
              Linear out.numel * in_features, and per attention the two
              activation x activation products (q k^T and attention x v:
              2 * batch * heads * T * T * head_dim)
  weights     elements of the stored Conv2d / Linear weights (nn.MultiheadAttention:
              its fused in_proj 3E x E and out_proj E x E)
  conv, fc    Conv2d calls; Linear calls (+ 2 per nn.MultiheadAttention call)
  fc_runtime  GEMMs whose second operand is an activation (2 per attention)
  eltwise     element-wise functions: layernorm (nn.LayerNorm calls), gelu
              (nn.GELU), softmax (1 per attention), scale (torchvision
              SqueezeExcitation: x * gate)

Needs Debian's python3-torch, python3-torchvision and python3-onnx:
  apt-get install -y python3-torch python3-torchvision python3-onnx
  /usr/bin/python3 tools/onnx/export_models.py            # all models
  /usr/bin/python3 tools/onnx/export_models.py vit_b_16   # some of them
"""

import argparse
import collections
import json
import math
import os
import sys
import tempfile

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torchvision
from torchvision.ops import SqueezeExcitation

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(REPO, "tests", "data", "onnx")
OPSET = 13
INLINE_BYTES = 1024  # tensors up to this size keep their data in the file


# ---------------------------------------------------------------------------
# A BERT-base-like encoder: 12 post-LN layers, hidden 768, 12 heads, FFN 3072,
# sequence 128 (hidden states in, no embedding tables), and BERT's pooler
# (dense + tanh on the first token). Attention is written the way Hugging Face
# BERT writes it (separate q/k/v projections, view + transpose into heads,
# torch.matmul), so the export holds the batched MatMuls of real encoders.
# ---------------------------------------------------------------------------
class SelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)

    def split(self, t):  # [B, T, H] -> [B, heads, T, head_dim]
        b, t_len, _ = t.shape
        return t.view(b, t_len, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        probs = scores.softmax(dim=-1)
        ctx = torch.matmul(probs, v).transpose(1, 2)
        return ctx.reshape(x.shape[0], x.shape[1], -1)


class BertLayer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.attention = SelfAttention(hidden, heads)
        self.attention_output = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = nn.Linear(hidden, ffn)
        self.activation = nn.GELU()
        self.output = nn.Linear(ffn, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x):
        x = self.attention_norm(x + self.attention_output(self.attention(x)))
        return self.output_norm(x + self.output(self.activation(self.intermediate(x))))


class BertEncoder(nn.Module):
    def __init__(self, layers=12, hidden=768, heads=12, ffn=3072):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(hidden, heads, ffn) for _ in range(layers))
        self.pooler = nn.Linear(hidden, hidden)

    def forward(self, x):
        for layer in self.layer:
            x = layer(x)
        return torch.tanh(self.pooler(x[:, 0]))


def torchvision_model(name, **kwargs):
    return lambda: getattr(torchvision.models, name)(weights=None, **kwargs)


# name -> (constructor, input shape, dynamic batch axis in the export)
MODELS = {
    "alexnet": (torchvision_model("alexnet"), (1, 3, 224, 224), True),
    "vgg16": (torchvision_model("vgg16"), (1, 3, 224, 224), True),
    "resnet18": (torchvision_model("resnet18"), (1, 3, 224, 224), True),
    "resnext50_32x4d": (torchvision_model("resnext50_32x4d"), (1, 3, 224, 224), True),
    "squeezenet1_1": (torchvision_model("squeezenet1_1"), (1, 3, 224, 224), True),
    "densenet121": (torchvision_model("densenet121"), (1, 3, 224, 224), True),
    "googlenet": (torchvision_model("googlenet", init_weights=True), (1, 3, 224, 224), True),
    "mobilenet_v3_large": (torchvision_model("mobilenet_v3_large"), (1, 3, 224, 224), True),
    "efficientnet_b0": (torchvision_model("efficientnet_b0"), (1, 3, 224, 224), True),
    "mnasnet1_0": (torchvision_model("mnasnet1_0"), (1, 3, 224, 224), True),
    "regnet_y_400mf": (torchvision_model("regnet_y_400mf"), (1, 3, 224, 224), True),
    "convnext_tiny": (torchvision_model("convnext_tiny"), (1, 3, 224, 224), True),
    "shufflenet_v2_x1_0": (torchvision_model("shufflenet_v2_x1_0"), (1, 3, 224, 224), True),
    # torchvision's ViT reshapes with the batch written into constants: a fixed batch of 1.
    "vit_b_16": (torchvision_model("vit_b_16"), (1, 3, 224, 224), False),
    "bert_base_encoder": (BertEncoder, (1, 128, 768), True),
}


class Census:
    """Counts MACs, weights and layers with forward hooks while the model runs."""

    def __init__(self, model):
        self.macs = 0
        self.weights = 0
        self.layers = collections.Counter()
        self.eltwise = collections.Counter()
        self.handles = [m.register_forward_hook(self.hook) for m in model.modules()]

    def remove(self):
        for h in self.handles:
            h.remove()

    def attention(self, batch, heads, t_len, head_dim):
        self.macs += 2 * batch * heads * t_len * t_len * head_dim  # q k^T, then attention x v
        self.layers["fc_runtime"] += 2
        self.eltwise["softmax"] += 1

    def hook(self, m, inputs, output):
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            self.macs += output.numel() * (m.in_channels // m.groups) * kh * kw
            self.weights += m.weight.numel()
            self.layers["conv"] += 1
        elif isinstance(m, nn.Linear):
            self.macs += output.numel() * m.in_features
            self.weights += m.weight.numel()
            self.layers["fc"] += 1
        elif isinstance(m, nn.MultiheadAttention):
            # F.multi_head_attention_forward uses in_proj / out_proj weights
            # directly: the out_proj module's own hook never fires.
            # Called with keywords (torchvision's ViT): the shapes come from the output.
            y = output[0]
            b, t_len, e = y.shape if m.batch_first else (y.shape[1], y.shape[0], y.shape[2])
            self.macs += b * t_len * e * 3 * e + b * t_len * e * e
            self.weights += 4 * e * e
            self.layers["fc"] += 2
            self.attention(b, m.num_heads, t_len, e // m.num_heads)
        elif isinstance(m, SelfAttention):
            b, t_len, _ = inputs[0].shape
            self.attention(b, m.heads, t_len, m.head_dim)
        elif isinstance(m, nn.LayerNorm):
            self.eltwise["layernorm"] += 1
        elif isinstance(m, nn.GELU):
            self.eltwise["gelu"] += 1
        elif isinstance(m, SqueezeExcitation):
            self.eltwise["scale"] += 1


def strip_weights(model, location):
    """Large tensors become external-data references to `location` (never written)."""
    offset = 0

    def externalize(t):
        nonlocal offset
        if t.data_location == onnx.TensorProto.EXTERNAL:
            return
        size = len(onnx.numpy_helper.to_array(t).tobytes())
        if size <= INLINE_BYTES:
            return
        for field in ("raw_data", "float_data", "double_data", "int32_data", "int64_data", "uint64_data"):
            t.ClearField(field)
        t.data_location = onnx.TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", str(offset)), ("length", str(size))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        offset += size

    for t in model.graph.initializer:
        externalize(t)
    for n in model.graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR:
                externalize(a.t)
    return offset


def export(name, out_dir):
    build, shape, dynamic = MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    x = torch.randn(*shape)
    census = Census(model)
    with torch.no_grad():
        model(x)
    census.remove()
    path = os.path.join(out_dir, name + ".onnx")
    with tempfile.TemporaryDirectory() as tmp:
        full = os.path.join(tmp, name + ".onnx")
        # Not under no_grad: that would let nn.MultiheadAttention take its fused
        # fast path, which torch.onnx cannot export.
        torch.onnx.export(model, x, full, opset_version=OPSET, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}} if dynamic else None)
        full_bytes = os.path.getsize(full)
        m = onnx.load(full)
    weight_bytes = strip_weights(m, name + ".weights")
    m.doc_string = ("Graph of %s exported by torch %s (opset %d) with random weights; weights stripped by "
                    "tools/onnx/export_models.py (external data that is not distributed)" %
                    (name, torch.__version__, OPSET))
    onnx.save(m, path)
    entry = {
        "file": name + ".onnx",
        "input": list(shape),
        "opset": OPSET,
        "exported_bytes": full_bytes,
        "macs": census.macs,
        "weights": census.weights,
        "conv": census.layers["conv"],
        "fc": census.layers["fc"],
        "fc_runtime": census.layers["fc_runtime"],
        "eltwise": dict(sorted(census.eltwise.items())),
    }
    print("%-20s %8d KB (exported %7.1f MB, %7.1f MB of weights stripped)  %15d MACs" %
          (name, os.path.getsize(path) // 1024, full_bytes / 1e6, weight_bytes / 1e6, census.macs), flush=True)
    return entry


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", help="models to export (default: all): " + ", ".join(MODELS))
    parser.add_argument("--out", default=OUT_DIR, help="output directory (default: tests/data/onnx)")
    args = parser.parse_args()
    names = args.models or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.exit("unknown model(s): " + ", ".join(unknown))
    os.makedirs(args.out, exist_ok=True)
    index_path = os.path.join(args.out, "models.json")
    index = {}
    if os.path.exists(index_path):
        with open(index_path) as f:
            index = json.load(f)["models"]
    for name in names:
        index[name] = export(name, args.out)
    with open(index_path, "w") as f:
        # One model per line: diffs show which model changed.
        f.write('{"generator": "tools/onnx/export_models.py", "torch": %s, "torchvision": %s, "models": {\n' %
                (json.dumps(torch.__version__.split("+")[0]), json.dumps(torchvision.__version__.split("+")[0])))
        f.write(",\n".join(" %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in sorted(index.items())))
        f.write("\n}}\n")

if __name__ == "__main__":
    main()
