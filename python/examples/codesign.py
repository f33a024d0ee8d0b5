#!/usr/bin/env python3
"""Quantization-aware co-design: one small PyTorch CNN, two accelerators.

For a CIFAR-style CNN defined below, searches the per-layer precision (weights
and activations at 2, 4 or 8 bits) for latency, energy and an accuracy proxy on
a bit-serial (Loom) and a bit-fusion (Bit Fusion) platform, each with its
estimator calibrated first, and draws the two latency/accuracy-proxy Pareto
fronts into one SVG. Nothing is trained or downloaded: hcmsim reads only the
exported graph, and the accuracy proxy comes from a sensitivity file.

    HCMSIM_BINARY=build/hcmsim PYTHONPATH=python \
        /usr/bin/python3 python/examples/codesign.py --out /tmp/codesign

How long it takes and what it finds: docs/python.md, which
tools/studies/python_example.sh regenerates by running this script. Needs
Debian's python3-torch, python3-pandas and python3-matplotlib.
"""

import argparse
import time
from pathlib import Path

import matplotlib
matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt
import matplotlib.ticker
import torch.nn as nn

import hcmsim

PLATFORMS = ("loom", "bitfusion")
INPUT_SHAPE = (1, 3, 32, 32)  # one CIFAR-10 image: latency per inference


class CifarNet(nn.Module):
    """Five 3x3 convolutions in three stages and a classifier: 6 compute layers."""

    def __init__(self, classes=10):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                    nn.ReLU(inplace=True)]

        self.features = nn.Sequential(
            *block(3, 32), *block(32, 32), nn.MaxPool2d(2),
            *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
            *block(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classifier = nn.Linear(128, classes)

    def forward(self, x):
        return self.classifier(self.features(x))


def write_sensitivity(layer_names, path):
    """Accuracy proxy weights: the first and last compute layers are the most
    sensitive to quantization (as in XNOR-Net, which keeps them at 8 bits).

    Illustrative numbers; measured per-layer accuracy drops belong here for a
    real model (docs/search.md)."""
    first, last = layer_names[0], layer_names[-1]
    lines = ["default: {w: 1.0, a: 1.0}", "layers:",
             f'  "{first}": {{w: 16.0, a: 16.0}}', f'  "{last}": {{w: 8.0, a: 8.0}}']
    path.write_text("\n".join(lines) + "\n")
    return path


def calibrate(platform, cnn_onnx, out):
    """Calibrates the estimator on two zoo ResNets and reports how close it is on
    the CNN itself, held out (the search's fitness comes from this tier)."""
    report = hcmsim.calibrate(platform, ["resnet20", "resnet56"], heldout=[cnn_onnx],
                              quant_set=["w8a8", "w4a4", "w2a2"],
                              out=out / f"{platform}.cal.yaml")
    row = report.iloc[0]
    print(f"{platform}: held-out CNN cycle MAPE {row.mape_cycles_uncalibrated:.1f}% "
          f"(roofline) -> {row.mape_cycles_calibrated:.2f}% (calibrated), "
          f"Kendall tau {row.kendall_tau:.3f}")
    return report.attrs["calibration"]


def latency_front(front):
    """The points no other point beats in both latency and accuracy proxy (the
    search's front has a third objective, energy, so it holds more)."""
    ordered = front.sort_values(["latency_ns", "accuracy_proxy"])
    # A point stays when it is more accurate than every faster one.
    best_before = ordered.accuracy_proxy.cummin().shift(fill_value=float("inf"))
    return ordered[ordered.accuracy_proxy < best_before]


def plot(fronts, path):
    """Latency against accuracy proxy per platform: every front point faintly, the
    2-D front as a staircase, simulated re-checks as x, the uniform baselines named."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for (platform, front), colour in zip(fronts.items(), ("tab:blue", "tab:orange")):
        latency_us = front.latency_ns / 1e3
        ax.scatter(latency_us, front.accuracy_proxy, s=12, color=colour, alpha=0.35)
        best = latency_front(front)
        ax.step(best.latency_ns / 1e3, best.accuracy_proxy, where="post", color=colour,
                label=f"{platform}: Pareto front (estimated)")
        verified = front.dropna(subset=["sim_latency_ns"])
        ax.scatter(verified.sim_latency_ns / 1e3, verified.accuracy_proxy, marker="x",
                   color=colour, label=f"{platform}: simulated re-check")
        for name, base in front.attrs["report"]["baselines"].items():
            ax.annotate(name.replace("uniform ", ""), (base["latency_ns"] / 1e3,
                        base["accuracy_proxy"]), fontsize=7, color=colour,
                        xytext=(4, 4), textcoords="offset points")
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1, 2, 5)))  # 10, 20, 50 us
    ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_yscale("log")
    ax.set_xlabel("latency per inference (us)")
    ax.set_ylabel("accuracy proxy (lower is better)")
    ax.set_title("CifarNet: per-layer precision searched on two platforms")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/hcmsim_codesign"),
                        help="directory for calibrations, searches and the SVG")
    parser.add_argument("--population", type=int, default=64, help="multiple of 4")
    parser.add_argument("--generations", type=int, default=60)
    parser.add_argument("--verify", type=int, default=8,
                        help="front points re-checked by simulation per platform")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.time()

    # [docs/python.md excerpt begin] (tools/studies/python_example.sh copies these lines there)
    model = CifarNet()  # random weights: hcmsim reads only the graph
    cnn_onnx = args.out / "CifarNet.onnx"
    cnn_onnx.write_bytes(hcmsim.export_onnx(model, INPUT_SHAPE))

    # 1. Layer names, for the accuracy proxy's sensitivity file (first conv 16x, fc 8x)
    layers = hcmsim.estimate(model, input_shape=INPUT_SHAPE)
    compute_layers = layers[layers.op.isin(["conv", "fc"])].name.tolist()
    sensitivity = write_sensitivity(compute_layers, args.out / "sensitivity.yaml")

    # 2. Per platform: calibrate on zoo ResNets with the CNN itself held out, then search
    fronts = {}
    for platform in PLATFORMS:
        calibration = calibrate(platform, cnn_onnx, args.out)
        fronts[platform] = hcmsim.search(
            model, hw=platform, input_shape=INPUT_SHAPE, calibration=calibration,
            sensitivity=sensitivity, bits=(2, 4, 8), population=args.population,
            generations=args.generations, verify=args.verify, out=args.out / f"search_{platform}")
        report = fronts[platform].attrs["report"]
        print(f"{platform}: {len(fronts[platform])} Pareto points, verified "
              f"{report['verified_points']}: latency MAPE {report['mape_latency_pct']:.2f}%")

    # 3. Both fronts in one SVG: latency (us) against the accuracy proxy, re-checks as x
    svg = args.out / "codesign_fronts.svg"
    plot(fronts, svg)
    # [docs/python.md excerpt end]
    print(f"wrote {svg} in {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
