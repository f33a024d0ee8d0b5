#!/usr/bin/env python3
"""Helper of dram_efficiency.sh (standard library only).

    dram_efficiency.py traces OUTDIR PRESET_SOURCE PRESET
        writes OUTDIR/{stream,random,conflict}.trace for the preset (its
        organisation read from hw/dram/dram_presets.cpp)
    dram_efficiency.py bullet OUTDIR PRESET_SOURCE PRESET
        prints the docs/simulation.md bullet from OUTDIR/{stream,random,conflict}.json
        (what `hcmsim dram --trace` printed) and OUTDIR/characterize.json

The three patterns are those of tests/test_dram_bandwidth.cpp: a 1 MiB stream of
64-byte reads, 20,000 random 64-byte reads over the whole device, and 200 reads of
different rows of one bank (refresh off); requests are issued in order as fast as
the queue accepts them.
"""
import json
import os
import random
import re
import sys
import textwrap

STREAM_LINES = 16 * 128 * 8   # 1 MiB
RANDOM_LINES = 20000
CONFLICT_READS = 200


def preset(source, name):
    """The organisation and timing (DRAM cycles) the preset function sets."""
    text = open(source, encoding="utf-8").read()
    m = re.search(r"DramParams %s\(\) \{(.*?)\n\}" % re.escape(name), text, re.S)
    if not m:
        sys.exit("%s: no preset function %s()" % (source, name))
    values = {}
    for key, value in re.findall(r"\b(?:p\.org|t)\.(\w+)\s*=\s*([0-9.]+)\s*;", m.group(1)):
        values[key] = float(value)
    return values


def capacity(v):
    return int(v["channels"] * v["ranks"] * v["bankgroups"] * v["banks_per_group"] * v["rows"] *
               v["columns"] * v["bus_width_bits"] / 8)


def traces(out, source, name):
    v = preset(source, name)
    cap = capacity(v)
    with open(os.path.join(out, "stream.trace"), "w") as f:
        for i in range(STREAM_LINES):
            f.write("LD 0x%x\n" % (i * 64))
    rng = random.Random(12345)
    with open(os.path.join(out, "random.trace"), "w") as f:
        for _ in range(RANDOM_LINES):
            f.write("LD 0x%x\n" % (rng.randrange(cap) & ~63))
    # Row bits on top (the presets' RoBaRaCoCh): row r of bank 0 is at r x (capacity / rows).
    with open(os.path.join(out, "conflict.trace"), "w") as f:
        for r in range(CONFLICT_READS):
            f.write("LD 0x%x\n" % (r * cap // int(v["rows"])))


def bullet(out, source, name):
    v = preset(source, name)
    load = lambda n: json.load(open(os.path.join(out, n + ".json")))
    stream, rnd, conflict, mc = load("stream"), load("random"), load("conflict"), load("characterize")
    plat = mc["platform"]
    if not plat["dram_address_mapping"].startswith("Ro"):
        sys.exit("dram_efficiency.py: the conflict pattern assumes row bits on top, not %s"
                 % plat["dram_address_mapping"])
    if conflict["row_conflicts"] != CONFLICT_READS - 1:
        sys.exit("dram_efficiency.py: the single-bank pattern gave %d row conflicts, not %d"
                 % (conflict["row_conflicts"], CONFLICT_READS - 1))
    # The activation ceiling of the random pattern (as the test computes it): one burst per
    # activation, at most four activations per tFAW, none from a refresh's PREA until
    # tRP + tRFC later.
    burst_cycles = v["burst_length"] / 2
    window = rnd["cycles"]
    refs = rnd["dram"]["commands"]["ref"]
    bound = 4 * burst_cycles / v["tFAW"] * (1 - refs * (v["tRP"] + v["tRFC"]) / window)
    label = {"ddr4_2400": "DDR4-2400"}.get(name, name)
    text = ("The DRAM model hits hand-worked timing to the cycle (single access, row hit/miss/conflict, "
            "tFAW, turnarounds, refresh) and lands streaming/random/conflict bandwidth where the "
            "hand-worked bounds put them (`tests/test_dram_*.cpp`). Measured with `hcmsim dram --trace` "
            "(`tools/studies/dram_efficiency.sh`): %s streaming %.3f of peak with a %d-entry queue and "
            "refresh, random reads %.3f (tFAW bound %.3f), a single-bank row-conflict stream %.1f%%."
            % (label, stream["bandwidth_fraction_of_peak"], plat["dram_queue_depth"],
               rnd["bandwidth_fraction_of_peak"], bound, 100 * conflict["bandwidth_fraction_of_peak"]))
    print(textwrap.fill(text, 100, initial_indent="* ", subsequent_indent="  ",
                        break_on_hyphens=False, break_long_words=False))

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("traces", "bullet"):
        sys.exit(__doc__)
    {"traces": traces, "bullet": bullet}[sys.argv[1]](*sys.argv[2:])
