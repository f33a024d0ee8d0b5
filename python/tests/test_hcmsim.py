"""Tests of the hcmsim Python package against the real CLI (no mocks: the point is
that the DataFrames carry the simulator's numbers).

    HCMSIM_BINARY=build/hcmsim PYTHONPATH=python \
        /usr/bin/python3 -m unittest discover -s python/tests

Every test runs small networks or a few layers: the file takes a few seconds
(most of it importing torch).
"""

import importlib.util
import os
import tempfile
import textwrap
import unittest
from pathlib import Path

import hcmsim
from hcmsim._frames import flatten

RESNET20_LAYERS = 30  # `hcmsim list`
HAVE_TORCH = importlib.util.find_spec("torch") is not None


class EstimateTest(unittest.TestCase):
    def test_zoo_network_one_row_per_layer_with_both_tiers(self):
        df = hcmsim.estimate("resnet20")
        self.assertEqual(len(df), RESNET20_LAYERS)
        self.assertEqual(df.attrs["totals"]["layers"], RESNET20_LAYERS)
        self.assertEqual(df.name.iloc[0], "conv1")
        self.assertTrue((df.cycles > 0).all())
        self.assertTrue((df.engine_aware_cycles > 0).all())
        # The flattened totals are the sums of the flattened rows.
        self.assertEqual(df.engine_aware_cycles.sum(), df.attrs["totals"]["engine_aware_cycles"])
        self.assertIn("engine_aware_energy_dram_pj", df.columns)

    def test_precision_changes_bit_serial_latency(self):
        w8 = hcmsim.estimate("resnet20", hw="loom", wbits=8, abits=8)
        w4 = hcmsim.estimate("resnet20", hw="loom", wbits=4, abits=4)
        self.assertTrue((w4.wbits == 4).all())
        # Loom's time goes with b_w * b_a: 4x fewer compute cycles, less than that overall.
        cycles = [df.attrs["totals"]["engine_aware_cycles"] for df in (w8, w4)]
        self.assertGreater(cycles[0] / cycles[1], 2.0)

    def test_attrs_carry_provenance(self):
        df = hcmsim.estimate("resnet20", hw="default", sets={"compute.rows": 32})
        provenance = df.attrs["provenance"]
        self.assertEqual(provenance["program"], "hcmsim")
        self.assertEqual(provenance["network"]["spec"], "resnet20")
        self.assertEqual(provenance["platform"]["name"], "default")
        self.assertEqual(provenance["platform"]["overrides"], ["compute.rows=32"])
        self.assertEqual(df.attrs["platform"]["name"], "default")

    def test_bad_network_raises_with_exit_code_2(self):
        with self.assertRaises(hcmsim.HcmsimError) as caught:
            hcmsim.estimate("no_such_network")
        self.assertEqual(caught.exception.exit_code, 2)
        self.assertIn("neither a file nor a zoo network", str(caught.exception))
        self.assertIn("no_such_network", caught.exception.stderr)


class RunTest(unittest.TestCase):
    def test_a_few_layers_simulated(self):
        df = hcmsim.run("resnet20", layers="0-3")
        self.assertEqual(df["index"].tolist(), [0, 1, 2, 3])
        self.assertEqual(df.name.iloc[0], "conv1")
        self.assertTrue((df.cycles > 0).all())
        self.assertTrue((df.energy_total_pj > 0).all())
        self.assertEqual(df.cycles.sum(), df.attrs["totals"]["cycles"])
        self.assertIn("--layers", df.attrs["provenance"]["command"])

    def test_out_directory_is_kept(self):
        with tempfile.TemporaryDirectory() as tmp:
            df = hcmsim.run("resnet20", hw="loom", layers=["conv1", 1], out=Path(tmp) / "r")
            self.assertEqual(len(df), 2)
            self.assertTrue((Path(tmp) / "r" / "summary.json").is_file())
            self.assertTrue((Path(tmp) / "r" / "layers.csv").is_file())

    def test_layer_out_of_range_raises(self):
        with self.assertRaises(hcmsim.HcmsimError) as caught:
            hcmsim.run("resnet20", layers="99")
        self.assertEqual(caught.exception.exit_code, 2)
        self.assertIn("out of range", str(caught.exception))


@unittest.skipUnless(HAVE_TORCH, "needs python3-torch")
class TorchModuleTest(unittest.TestCase):
    def tiny_cnn(self):
        import torch.nn as nn

        class TinyCnn(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(
                    nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                    nn.Flatten(), nn.Linear(16, 10))

            def forward(self, x):
                return self.body(x)

        return TinyCnn()

    def test_module_estimated(self):
        module = self.tiny_cnn()
        df = hcmsim.estimate(module, input_shape=(1, 3, 32, 32))
        # BatchNorm and ReLU fold into the conv before them, Flatten is a view.
        self.assertEqual(df.op.tolist(), ["conv", "pool", "conv", "pool", "fc"])
        self.assertEqual(df.macs.iloc[0], 32 * 32 * 8 * 3 * 3 * 3)
        self.assertTrue((df.engine_aware_cycles > 0).all())
        self.assertEqual(df.attrs["network"], "TinyCnn")
        self.assertTrue(module.training, "export must leave the module's mode as it was")

    def test_module_needs_input_shape(self):
        with self.assertRaises(ValueError):
            hcmsim.estimate(self.tiny_cnn())


class StudyTest(unittest.TestCase):
    """sweep, calibrate and search on the smallest settings that still run them."""

    def test_sweep_reads_the_results_csv(self):
        with tempfile.TemporaryDirectory() as tmp:
            study = Path(tmp) / "rows.yaml"
            study.write_text(textwrap.dedent("""\
                name: rows
                hw: default
                net: resnet20
                mode: estimate
                axes:
                  compute.rows: [8, 16]
                collect: [cycles, engine_aware.cycles]
                """))
            df = hcmsim.sweep(study, out=Path(tmp) / "rows.csv")
            self.assertTrue((Path(tmp) / "rows.csv").is_file())
        self.assertEqual(df["compute.rows"].tolist(), [8, 16])
        self.assertEqual(df.status.tolist(), ["ok", "ok"])
        self.assertEqual(df.error.tolist(), ["", ""])
        self.assertGreater(df.cycles.iloc[0], df.cycles.iloc[1])  # a smaller array is slower
        self.assertTrue(all(isinstance(p, str) for p in df.point))
        self.assertIn("rows.yaml", df.attrs["provenance"])  # "hcmsim VERSION ...; study FILE ..."

    def test_calibrate_reports_heldout_networks(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "loom.cal.yaml"
            df = hcmsim.calibrate("loom", ["resnet20"], heldout="resnet56",
                                  quant_set=["w8a8"], out=out)
            self.assertTrue(out.is_file())
            self.assertEqual(df.attrs["calibration"], str(out))
            calibrated = hcmsim.estimate("resnet56", hw="loom", calibration=out)
        self.assertEqual(df.network.tolist(), ["resnet56"])
        self.assertLess(df.mape_cycles_calibrated.iloc[0], df.mape_cycles_uncalibrated.iloc[0])
        self.assertIn("points", df.attrs["report"]["heldout"]["resnet56"])
        self.assertTrue((calibrated.calibrated_cycles > 0).all())

    def test_search_returns_the_pareto_front(self):
        df = hcmsim.search("resnet20", hw="loom", bits=(4, 8), population=8, generations=2,
                           verify=1)
        self.assertGreater(len(df), 0)
        self.assertTrue((df.latency_ns > 0).all())
        self.assertEqual(len(df.genome.iloc[0].split()), 20)  # 19 convs and the fc of ResNet-20
        self.assertGreaterEqual(df.sim_latency_ns.notna().sum(), 1)
        self.assertEqual(df.attrs["report"]["network"], "resnet20")


class PlumbingTest(unittest.TestCase):
    def test_flatten_nests_with_underscores(self):
        self.assertEqual(flatten({"a": 1, "b": {"c": 2, "d": {"e": [3]}}}),
                         {"a": 1, "b_c": 2, "b_d_e": [3]})

    def test_missing_binary_is_a_clear_error(self):
        saved = os.environ.get("HCMSIM_BINARY")
        os.environ["HCMSIM_BINARY"] = "/nonexistent/hcmsim"
        try:
            with self.assertRaises(hcmsim.HcmsimError) as caught:
                hcmsim.estimate("resnet20")
        finally:
            if saved is None:
                del os.environ["HCMSIM_BINARY"]
            else:
                os.environ["HCMSIM_BINARY"] = saved
        self.assertIsNone(caught.exception.exit_code)
        self.assertIn("HCMSIM_BINARY", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
