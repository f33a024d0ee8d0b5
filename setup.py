"""Builds the simulator into the Python package (see pyproject.toml).

The executables are built by CMake, not by setuptools: hcmsim is a program
(SystemC runs one simulation per process), and the package runs it. They link
the Debian libraries they were built against (SystemC, yaml-cpp, ...), so the
wheel is for this machine: a platform wheel, not a pure one.
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
EXECUTABLES = ("hcmsim", "hcmsim-search")


class BuildWithSimulator(build_py):
    """build_py, then the executables, configs and zoo into hcmsim/."""

    def run(self):
        super().run()
        build = Path(os.environ.get("HCMSIM_BUILD_DIR") or ROOT / "build")
        if not (build / "CMakeCache.txt").is_file():
            subprocess.check_call(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release"])
        jobs = os.environ.get("HCMSIM_JOBS", "2")
        subprocess.check_call(["cmake", "--build", str(build), "-j", jobs, "--target", *EXECUTABLES])
        package = Path(self.build_lib) / "hcmsim"
        bin_dir = package / "bin"
        bin_dir.mkdir(parents=True, exist_ok=True)
        for exe in EXECUTABLES:
            shutil.copy2(build / exe, bin_dir / exe)
        for name, source in (("configs", ROOT / "configs"), ("zoo", ROOT / "workloads" / "zoo")):
            target = package / "share" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)


class PlatformDistribution(Distribution):
    """Holds executables: tag the wheel for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSimulator}, distclass=PlatformDistribution,
      options={"build": {"build_base": str(ROOT / "build-pip")}})
