"""Turning the `net` argument into what `hcmsim --net` accepts."""

import io
import os
from pathlib import Path

ONNX_OPSET = 13  # the opset hcmsim's ONNX tests are exported at (docs/onnx.md)


def net_arg(net, workdir, input_shape=None):
    """`--net` value for net: a zoo name, family spec or file path as is; a
    torch.nn.Module exported to WORKDIR/<ClassName>.onnx (the file name becomes
    the network's name in hcmsim's results)."""
    if isinstance(net, (str, os.PathLike)):
        return os.fspath(net)
    if _is_torch_module(net):
        if input_shape is None:
            raise ValueError("a torch.nn.Module needs input_shape=, e.g. (1, 3, 32, 32)")
        path = Path(workdir) / f"{type(net).__name__}.onnx"
        path.write_bytes(export_onnx(net, input_shape))
        return str(path)
    raise TypeError(f"net must be a zoo name, a file path or a torch.nn.Module, "
                    f"not {type(net).__name__}")


def export_onnx(module, input_shape):
    """ONNX bytes of module traced on a random input of input_shape (batch first).

    Weights are whatever the module holds (random init is fine): hcmsim reads
    only the graph and tensor shapes. Exported in memory; the CLI reads files,
    so the caller writes the bytes out.
    """
    import torch  # only here: torch is optional, and slow to import

    buffer = io.BytesIO()
    example = torch.randn(*input_shape)
    # export() switches the module to eval mode for tracing and restores it after,
    # so BatchNorm is folded into the conv before it and Dropout vanishes.
    with torch.no_grad():
        torch.onnx.export(module, example, buffer, opset_version=ONNX_OPSET,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["output"])
    return buffer.getvalue()


def _is_torch_module(obj):
    # Checked without importing torch, so zoo names and files never pay for it.
    return any(cls.__module__.startswith("torch.nn") and cls.__name__ == "Module"
               for cls in type(obj).__mro__)
