"""Finding the hcmsim executable and running one subcommand of it."""

import os
import shutil
import subprocess
from pathlib import Path

# Imported from a checkout (python/hcmsim/_cli.py, python/pyproject.toml beside the
# package), the repository's CMake build is ../build/hcmsim from python/.
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_IN_SOURCE_TREE = (_PACKAGE_ROOT / "pyproject.toml").is_file()
_SOURCE_TREE_BINARY = _PACKAGE_ROOT.parent / "build" / "hcmsim"
# Installed with `pip install .` from the checkout's root, the package carries
# the simulator: bin/hcmsim (and bin/hcmsim-search), share/configs, share/zoo.
_BUNDLED = Path(__file__).resolve().parent
_BUNDLED_BINARY = _BUNDLED / "bin" / "hcmsim"


class HcmsimError(RuntimeError):
    """hcmsim could not be run, or exited with a non-zero code.

    exit_code follows the CLI: 1 internal failure, 2 bad input, 130 interrupted
    (a negative code is the signal that killed it; None: it was never started).
    stderr is everything the CLI wrote there; the message is its error line.
    """

    def __init__(self, message, exit_code=None, stderr="", command=None):
        super().__init__(message)
        self.exit_code = exit_code
        self.stderr = stderr
        self.command = command


def binary():
    """Path of the hcmsim executable: $HCMSIM_BINARY, the one installed with the
    package, hcmsim on PATH, ../build/hcmsim."""
    override = os.environ.get("HCMSIM_BINARY")
    if override:
        if not os.access(override, os.X_OK):
            raise HcmsimError(f"$HCMSIM_BINARY={override} is not an executable file")
        return override
    if os.access(_BUNDLED_BINARY, os.X_OK):
        return str(_BUNDLED_BINARY)
    on_path = shutil.which("hcmsim")
    if on_path:
        return on_path
    if _IN_SOURCE_TREE and os.access(_SOURCE_TREE_BINARY, os.X_OK):
        return str(_SOURCE_TREE_BINARY)
    hint = f"; or build it at {_SOURCE_TREE_BINARY} (tools/quickstart.sh build)" \
        if _IN_SOURCE_TREE else ""
    raise HcmsimError(f"hcmsim executable not found: set $HCMSIM_BINARY to its path or put "
                      f"it on PATH{hint}")


def _error_message(subcommand, stderr, exit_code):
    # The CLI's own message ("hcmsim estimate: error: ...") comes last, after any warnings.
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    errors = [line for line in lines if ": error:" in line]
    detail = "\n".join(errors or lines[-3:]) or "no message on stderr"
    return f"hcmsim {subcommand} exited with code {exit_code}: {detail}"


def call(subcommand, args):
    """Runs `hcmsim SUBCOMMAND ARGS...` to completion and returns its stdout.

    One process per call: SystemC elaborates one simulation per process, so the
    simulator cannot be a library loaded into Python. Output goes through files
    the caller names (JSON, CSV), stdout is returned only for messages.
    """
    command = [binary(), subcommand, *(str(a) for a in args)]
    # The SystemC banner would only add noise to a captured stderr.
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    if command[0] == str(_BUNDLED_BINARY):
        # Its starter configs and zoo came with it (the checkout may be gone).
        env.setdefault("HCMSIM_CONFIG_DIR", str(_BUNDLED / "share" / "configs"))
        env.setdefault("HCMSIM_ZOO_DIR", str(_BUNDLED / "share" / "zoo"))
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL, check=False)
    except OSError as exc:  # not executable, wrong architecture, removed meanwhile
        raise HcmsimError(f"cannot start {command[0]}: {exc}", command=command) from exc
    if done.returncode != 0:
        raise HcmsimError(_error_message(subcommand, done.stderr, done.returncode),
                          exit_code=done.returncode, stderr=done.stderr, command=command)
    return done.stdout
