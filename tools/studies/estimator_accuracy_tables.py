#!/usr/bin/env python3
"""Tables of tools/studies/estimator_accuracy.sh from the `calibrate --report` JSON files.

Per config and tier, over the held-out networks: cycle MAPE (mean over the
networks of each network's per-layer MAPE, and the worst network), the worst
single layer, the lowest per-network Kendall tau (rank agreement of
estimated and simulated cycles over that network's layer x precision points),
and the per-layer MAPE of energy and DRAM bytes (mean over the networks).
The second table is the leave-one-network-out cross-validation over the zoo.

    estimator_accuracy_tables.py OUTDIR CONFIG...
"""
import json
import sys

TIERS = [("uncalibrated", "roofline (HCM)"), ("engine_aware", "engine-aware"), ("calibrated", "calibrated")]


def kendall_tau(xs, ys):
    """Kendall tau-b, ties counted as neither concordant nor discordant."""
    n = len(xs)
    conc = disc = tx = ty = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return (conc - disc) / denom if denom else 1.0


def network_errors(points, tier):
    measured = [p["measured_cycles"] for p in points]
    est = [p[tier + "_cycles"] for p in points]
    ape = [abs(e - m) / m * 100 for e, m in zip(est, measured) if m > 0]
    return sum(ape) / len(ape), max(ape), kendall_tau(est, measured)


def short(name):
    name = name.rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".onnx") else name


def main(out, configs):
    reports = {hw: json.load(open(f"{out}/{hw}.json")) for hw in configs}
    first = next(iter(reports.values()))
    nets = ", ".join(short(n) for n in first["heldout"])
    print(f"Held out ({nets}; w8a8 and w4a4), after calibrating on the {len(first['training_nets'])} zoo networks:\n")
    print("| platform | tier | cycle MAPE (mean / worst network) | worst layer | lowest Kendall tau | "
          "energy MAPE (mean) | DRAM bytes MAPE (mean) | layers |")
    print("|---|---|---|---|---|---|---|---|")
    for hw, r in reports.items():
        for tier, label in TIERS:
            rows = [(n, network_errors(h["points"], tier), len(h["points"])) for n, h in r["heldout"].items()]
            mean = sum(e[0] for _, e, _ in rows) / len(rows)
            worst_net = max(rows, key=lambda x: x[1][0])
            worst_layer = max(rows, key=lambda x: x[1][1])
            tau = min(rows, key=lambda x: x[1][2])
            layers = sum(n for _, _, n in rows)
            held = r["heldout"].values()
            energy = sum(h[f"mape_energy_{tier}"] for h in held) / len(rows)
            dram = sum(h[f"mape_dram_bytes_{tier}"] for h in held) / len(rows)
            print(f"| {hw} | {label} | {mean:.2f}% / {worst_net[1][0]:.2f}% ({short(worst_net[0])}) | "
                  f"{worst_layer[1][1]:.1f}% ({short(worst_layer[0])}) | {tau[1][2]:.3f} ({short(tau[0])}) | "
                  f"{energy:.1f}% | {dram:.1f}% | {layers} |")
    for hw, r in reports.items():
        for x in r.get("infeasible", []):
            print(f"\n{hw}: {short(x['net'])} at {x['quant']} left out, the design cannot run it ({x['reason']})")
    print("\nLeave one network out over the zoo (calibrate on the other networks, estimate the one left out):\n")
    print("| platform | engine-aware cycle MAPE (mean / worst network) | calibrated (mean / worst network) | "
          "worst layer, calibrated | lowest Kendall tau, calibrated |")
    print("|---|---|---|---|---|")
    for hw, r in reports.items():
        cv = r["cross_validation"]["networks"]
        ea = {n: v["mape_cycles_engine_aware"] for n, v in cv.items()}
        ca = {n: v["mape_cycles_calibrated"] for n, v in cv.items()}
        wl = max(cv.items(), key=lambda x: x[1]["max_ape_cycles_calibrated"])
        tau = min(cv.items(), key=lambda x: x[1]["kendall_tau"])
        wea, wca = max(ea, key=ea.get), max(ca, key=ca.get)
        print(f"| {hw} | {sum(ea.values()) / len(ea):.2f}% / {ea[wea]:.2f}% ({wea}) | "
              f"{sum(ca.values()) / len(ca):.2f}% / {ca[wca]:.2f}% ({wca}) | "
              f"{wl[1]['max_ape_cycles_calibrated']:.1f}% ({wl[0]}) | {tau[1]['kendall_tau']:.3f} ({tau[0]}) |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
