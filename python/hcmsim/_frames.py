"""hcmsim's JSON and CSV results as pandas DataFrames."""

import json

import pandas as pd

# Identify a layer; shown first, the figures follow in the CLI's (alphabetical) order.
_LEADING_COLUMNS = ("index", "name", "op")


def flatten(record, prefix=""):
    """{"engine_aware": {"cycles": 3}} -> {"engine_aware_cycles": 3}, at any depth.

    Keys keep the CLI's names, units included (cycles, _pj, _bytes, _ns); lists
    (e.g. a calibrated layer's extrapolation flags) stay one cell.
    """
    flat = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, prefix=f"{name}_"))
        else:
            flat[name] = value
    return flat


def layer_frame(result):
    """One row per layer of an estimate JSON or a run's summary.json, with
    attrs: totals (flattened like the rows), provenance, network, platform."""
    frame = pd.DataFrame([flatten(layer) for layer in result["layers"]])
    leading = [c for c in _LEADING_COLUMNS if c in frame.columns]
    frame = frame[leading + [c for c in frame.columns if c not in leading]]
    frame.attrs.update(
        totals=flatten(result.get("totals", {})),
        provenance=result.get("provenance"),
        network=result.get("network"),
        platform=result.get("platform"),
    )
    return frame


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_csv(path, text_columns=()):
    """A results CSV; text_columns stay strings (a point id such as 1234e567
    would otherwise be read as a number, and an empty error as NaN).

    Lines before the header starting with "#" (a sweep's "# provenance: ...")
    go to attrs["comments"] without the "# ". They are skipped by count, not
    with read_csv(comment="#"), which would also cut a "#" inside a field.
    """
    comments = _leading_comments(path)
    frame = pd.read_csv(path, skiprows=len(comments), dtype={c: str for c in text_columns})
    for column in text_columns:
        if column in frame.columns:
            frame[column] = frame[column].fillna("")
    frame.attrs["comments"] = [line.lstrip("#").strip() for line in comments]
    return frame


def _leading_comments(path):
    comments = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            comments.append(line.rstrip("\n"))
    return comments


def heldout_frame(report):
    """One row per held-out network of a calibration report: its error metrics
    (percent, as the CLI names them) and Kendall taus; the per-layer points are
    left in the report."""
    rows = []
    for network, metrics in report.get("heldout", {}).items():
        scalars = {k: v for k, v in metrics.items() if not isinstance(v, (list, dict))}
        rows.append({"network": network, **scalars})
    return pd.DataFrame(rows, columns=None if rows else ["network"])
