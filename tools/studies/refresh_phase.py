#!/usr/bin/env python3
"""How much of a layer's simulated time depends on where the DRAM refreshes fall.

For each platform and held-out network (at w8a8 and w4a4) the simulation runs
at four refresh phases (`dram.refresh_phase_cycles` = 0, tREFI/4, tREFI/2,
3 tREFI/4) next to the engine-aware estimate at the same four phases. Printed per platform, as a
markdown table:

  * the simulation against itself: each shifted phase against phase 0, layer
    by layer (cycle MAPE, worst layer, lowest Kendall tau) -- the spread no
    estimator can predict, since it depends on when a layer runs to the cycle;
  * the engine-aware tier, told the same phase, against the simulation at
    each phase (it places the refreshes where the DRAM's refresh timer does).

  refresh_phase.py HCMSIM OUTDIR NETWORKS CONFIG...
  (NETWORKS: comma-separated, as `hcmsim run --net` takes them)
"""
import itertools
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

TREFI = {"ddr4_2400": 9360, "lpddr4_3200": 6246, "hbm2": 3900}  # hw/dram/dram_presets.cpp
QUANTS = {"w8a8": ["--wbits", "8", "--abits", "8"], "w4a4": ["--wbits", "4", "--abits", "4"]}


def kendall_tau(a, b):
    """Kendall's tau-b (ties in either ranking do not count against it)."""
    concordant = discordant = ties_a = ties_b = 0
    for i, j in itertools.combinations(range(len(a)), 2):
        x, y = a[i] - a[j], b[i] - b[j]
        if x == 0 and y == 0:
            continue
        if x == 0:
            ties_a += 1
        elif y == 0:
            ties_b += 1
        elif (x > 0) == (y > 0):
            concordant += 1
        else:
            discordant += 1
    denom = ((concordant + discordant + ties_a) * (concordant + discordant + ties_b)) ** 0.5
    return (concordant - discordant) / denom if denom > 0 else 1.0


def errors(pred, ref):
    ape = [abs(p - r) / r for p, r in zip(pred, ref) if r > 0]
    return sum(ape) / len(ape), max(ape), kendall_tau(pred, ref)


def main():
    hcmsim, out, nets = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    configs = sys.argv[4:]
    os.makedirs(out, exist_ok=True)
    jobs = []
    for hw in configs:
        ch = json.loads(subprocess.run([hcmsim, "dram", "--characterize", "--hw", hw], check=True,
                                       capture_output=True, text=True).stdout)
        trefi = TREFI[ch["platform"]["dram_preset"]]
        for net, quant in itertools.product(nets, QUANTS):
            for k in range(4):
                jobs.append((hw, net, quant, k, trefi * k // 4))

    def tag(hw, net, quant):
        return "%s_%s_%s" % (hw, os.path.basename(net).replace(":", "_").replace("=", "_"), quant)

    def simulate(job):
        hw, net, quant, k, phase = job
        d = os.path.join(out, "%s_p%d" % (tag(hw, net, quant), k))
        if not os.path.exists(os.path.join(d, "summary.json")):
            subprocess.run([hcmsim, "run", "--hw", hw, "--net", net, "--out", d, "--quiet", "--set",
                            "dram.refresh_phase_cycles=%d" % phase] + QUANTS[quant],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return job, [l["cycles"] for l in json.load(open(os.path.join(d, "summary.json")))["layers"]]

    def estimate(job):
        hw, net, quant, k, phase = job
        e = json.loads(subprocess.run([hcmsim, "estimate", "--hw", hw, "--net", net, "--format", "json", "--set",
                                       "dram.refresh_phase_cycles=%d" % phase] + QUANTS[quant],
                                      check=True, capture_output=True, text=True).stdout)
        return job, [l["engine_aware"]["cycles"] for l in e["layers"]]

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sims = {(j[0], j[1], j[2], j[3]): c for j, c in pool.map(simulate, jobs)}
        ests = {(j[0], j[1], j[2], j[3]): c for j, c in pool.map(estimate, jobs)}

    print("| platform | simulation, refresh phase shifted against phase 0: cycle MAPE (mean) / worst layer / "
          "lowest Kendall tau | engine-aware against the simulation at the same phase, over the four phases |")
    print("|---|---|---|")
    for hw in configs:
        # Per network, its w8a8 and w4a4 layers together (as the accuracy tables count them).
        sim_m, sim_w, sim_t, ea_m, ea_w, ea_t = ([] for _ in range(6))
        for net in nets:
            def layers(table, k):
                return sum((table[(hw, net, q, k)] for q in QUANTS), [])
            base = layers(sims, 0)
            for k in (1, 2, 3):
                m, w, t = errors(layers(sims, k), base)
                sim_m.append(m), sim_w.append(w), sim_t.append(t)
            for k in range(4):
                m, w, t = errors(layers(ests, k), layers(sims, k))
                ea_m.append(m), ea_w.append(w), ea_t.append(t)

        def cell(m, w, t):
            return "%.2f%% / %.1f%% / %.3f" % (100 * sum(m) / len(m), 100 * max(w), min(t))

        print("| %s | %s | %s |" % (hw, cell(sim_m, sim_w, sim_t), cell(ea_m, ea_w, ea_t)))


if __name__ == "__main__":
    main()
