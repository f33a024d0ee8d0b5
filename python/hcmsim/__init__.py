"""Python front end of hcmsim: its results as pandas DataFrames.

    import hcmsim
    df = hcmsim.estimate("resnet18", hw="loom", wbits=4, abits=4)
    df[["name", "cycles", "engine_aware_cycles"]]

Every function runs the `hcmsim` command-line program in a subprocess and reads
the JSON or CSV it writes. That is by design, not a stopgap: SystemC allows one
simulation per process (its kernel is elaborated once and cannot be reset), so
each call is its own process, exactly as `hcmsim sweep` runs every design point
as its own `hcmsim run`. It also keeps the package pure Python: no compiled
extension to match the simulator's build.

The executable is $HCMSIM_BINARY, else `hcmsim` on PATH, else ../build/hcmsim
next to this package's source tree (a source checkout). A non-zero exit raises
HcmsimError with the CLI's message and exit code (2: bad input).

`net` is a zoo name ("resnet18"), a family spec ("random_cnn:seed=7"), a file
(network YAML, ONNX, SCALE-Sim CSV) or a torch.nn.Module with input_shape=
(exported to ONNX at opset 13; its weights are never used). Columns keep the
CLI's names and units (cycles, time_ns, energy_pj, dram_read_bytes, ...); nested
objects are flattened with "_" (engine_aware.cycles -> engine_aware_cycles).
"""

import contextlib
import os
import tempfile
from pathlib import Path

from ._cli import HcmsimError, binary, call
from ._frames import heldout_frame, layer_frame, read_csv, read_json
from ._net import export_onnx, net_arg

__version__ = "0.1.0"
__all__ = ["estimate", "run", "sweep", "calibrate", "search", "binary", "export_onnx",
           "HcmsimError"]

DEFAULT_QUANT_SET = ("w8a8", "w4a4", "w2a2")  # hcmsim calibrate's default


def estimate(net, hw="default", wbits=None, abits=None, sets=None, calibration=None,
             quant=None, *, input_shape=None, batch=None):
    """Analytical estimate (`hcmsim estimate`, no simulation), one row per layer.

    Columns: the HCM roofline figures (cycles, bops, traffic_bits, bound, ...),
    the engine-aware tier (engine_aware_cycles, engine_aware_energy_pj, ...) and,
    with a calibration YAML from calibrate(), the calibrated tier (calibrated_*).
    attrs: totals, provenance, network, platform.
    """
    with _workspace(None) as work:
        json_path = work / "estimate.json"
        args = ["--net", net_arg(net, work, input_shape), *_platform_args(hw, sets),
                *_workload_args(wbits, abits, quant, batch),
                "--format", "json", "--out", json_path]
        if calibration is not None:
            args += ["--calibration", calibration]
        call("estimate", args)
        return layer_frame(read_json(json_path))


def run(net, hw="default", wbits=None, abits=None, sets=None, quant=None, layers=None,
        ideal_memory=False, out=None, *, input_shape=None, batch=None):
    """Simulation (`hcmsim run`), one row per simulated layer of summary.json.

    layers: run only these (`--layers`: "0-3", "layer1.*", or a list of indices
    and names). out: directory kept with summary.json and layers.csv (and the
    exported .onnx of a torch module, so the provenance record stays valid);
    None simulates in a temporary directory. attrs: totals, provenance, network,
    platform.
    """
    with _workspace(out) as work:
        args = ["--net", net_arg(net, work, input_shape), *_platform_args(hw, sets),
                *_workload_args(wbits, abits, quant, batch), "--out", work, "--quiet"]
        if layers is not None:
            args += ["--layers", _join(layers)]
        if ideal_memory:
            args.append("--ideal-memory")
        call("run", args)
        return layer_frame(read_json(work / "summary.json"))


def sweep(study, out=None, jobs=2):
    """Architecture study (`hcmsim sweep --study STUDY`), one row per design point.

    Columns as the CLI writes them: point, one per axis, status, error, then the
    study's collect names (dotted: energy.total_pj). out: the results CSV, kept
    (rerunning skips finished points; every point's summary.json is under
    <out>.points/); None runs in a temporary directory. attrs: study, provenance
    (the CSV's provenance line: program, commit, study file and hash).
    """
    with _workspace(None if out is None else Path(out).parent) as work:
        csv_path = Path(out) if out is not None else work / f"{Path(study).stem}.csv"
        call("sweep", ["--study", study, "--jobs", jobs, "--out", csv_path])
        frame = read_csv(csv_path, text_columns=("point", "status", "error"))
    frame.attrs.update(study=os.fspath(study), provenance=_csv_provenance(frame))
    return frame


def calibrate(hw, nets, heldout=None, quant_set=DEFAULT_QUANT_SET, *, out, report=None,
              sets=None, jobs=2):
    """Fits the calibrated estimator tier (`hcmsim calibrate`) and returns its
    held-out report, one row per held-out network (empty without heldout).

    Columns: network, mape_cycles_{uncalibrated,engine_aware,calibrated} and
    max_ape_* (percent), kendall_tau, the same for dram_bytes and energy.
    out: the calibration YAML to write (for estimate/search calibration=);
    report: its JSON report (default: out with .json). attrs: calibration (the
    YAML's path), report (the whole JSON, with every point and the
    leave-one-network-out cross_validation).
    """
    report = Path(report) if report is not None else _report_path(out)
    args = ["--nets", _join(nets), *_platform_args(hw, sets), "--quant-set", _join(quant_set),
            "--out", out, "--report", report, "--jobs", jobs]
    if heldout is not None:
        args += ["--heldout", _join(heldout)]
    call("calibrate", args)
    result = read_json(report)
    frame = heldout_frame(result)
    frame.attrs.update(calibration=os.fspath(out), report=result)
    return frame


def search(net, hw="default", *, input_shape=None, calibration=None, sensitivity=None,
           bits=(2, 4, 8), hw_axes=None, population=64, generations=60, seed=1, verify=8,
           jobs=2, sets=None, out=None, plot=None):
    """NSGA-II mixed-precision search (`hcmsim search`): the Pareto front.

    One row per front point of pareto.csv: estimated latency_ns, energy_pj,
    accuracy_proxy; sim_latency_ns, sim_energy_pj and err_*_pct where verified
    by simulation (NaN elsewhere); genome (the per-layer wXaY). hw_axes:
    {"compute.rows": [8, 16, 32]} adds hardware genes. population must be a
    multiple of 4. out: directory kept (policies/ holds a --quant policy per
    verified point); None searches in a temporary directory. attrs: report
    (search_report.json: baselines, iso-accuracy comparison, verification).
    """
    with _workspace(out) as work:
        args = ["--net", net_arg(net, work, input_shape), *_platform_args(hw, sets),
                "--bits", _join(bits), "--population", population,
                "--generations", generations, "--seed", seed, "--verify", verify,
                "--jobs", jobs, "--out", work]
        for key, values in (hw_axes or {}).items():
            args += ["--hw-axis", f"{key}={_join(values)}"]
        for flag, value in (("--calibration", calibration), ("--sensitivity", sensitivity),
                            ("--plot", plot)):
            if value is not None:
                args += [flag, value]
        call("search", args)
        frame = read_csv(work / "pareto.csv", text_columns=("genome",))
        frame.attrs.update(report=read_json(work / "search_report.json"))
        return frame


@contextlib.contextmanager
def _workspace(out):
    """The directory out (created, kept), or a temporary one removed afterwards."""
    if out is None:
        with tempfile.TemporaryDirectory(prefix="hcmsim-") as tmp:
            yield Path(tmp)
    else:
        path = Path(out)
        path.mkdir(parents=True, exist_ok=True)
        yield path


def _platform_args(hw, sets):
    """--hw and one --set per override; sets: {"compute.rows": 32} or ["compute.rows=32"]."""
    if sets is None:
        overrides = []
    elif isinstance(sets, dict):
        overrides = [f"{key}={value}" for key, value in sets.items()]
    elif isinstance(sets, str):
        overrides = [sets]
    else:
        overrides = list(sets)
    args = ["--hw", hw]
    for override in overrides:
        args += ["--set", override]
    return args


def _workload_args(wbits, abits, quant, batch):
    args = []
    for flag, value in (("--wbits", wbits), ("--abits", abits), ("--quant", quant),
                        ("--batch", batch)):
        if value is not None:
            args += [flag, value]
    return args


def _join(values):
    """The CLI's comma-separated lists: "a,b" or ["a", "b"] or (2, 4, 8)."""
    if isinstance(values, (str, os.PathLike)):
        return os.fspath(values)
    return ",".join(os.fspath(v) if isinstance(v, os.PathLike) else str(v) for v in values)


def _csv_provenance(frame):
    """The sweep CSV's "# provenance: hcmsim VERSION (commit ...); study FILE
    (content hash ...)" line, as text (None from a CLI that does not write it).
    The full record of each point is in <out>.points/<point>/summary.json."""
    for comment in frame.attrs.get("comments", []):
        if comment.startswith("provenance:"):
            return comment[len("provenance:"):].strip()
    return None


def _report_path(out):
    out = Path(out)
    return out.with_suffix(".json") if out.suffix != ".json" else Path(f"{out}.report.json")
