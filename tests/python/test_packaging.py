"""bindings/python installs with pip (offline) and ships py.typed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from support import BINDING

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None  # type: ignore[assignment]


class Packaging(unittest.TestCase):
    def test_pyproject_reads(self) -> None:
        if tomllib is None:
            self.fail("no tomllib (Python >= 3.11 needed)")
        with open(os.path.join(BINDING, "pyproject.toml"), "rb") as f:
            meta = tomllib.load(f)
        self.assertEqual(meta["project"]["name"], "winwin")
        self.assertEqual(meta["build-system"]["build-backend"],
                         "setuptools.build_meta")
        self.assertTrue(os.path.exists(os.path.join(BINDING, "winwin",
                                                    "py.typed")))

    def test_pip_install_offline(self) -> None:
        probe = subprocess.run([sys.executable, "-m", "pip", "--version"],
                               capture_output=True)
        if probe.returncode != 0:
            self.fail("pip is not available (python3-pip)")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "src")
            # Build from a copy: setuptools writes build/ and *.egg-info.
            shutil.copytree(BINDING, src, ignore=shutil.ignore_patterns(
                "__pycache__", "build", "*.egg-info", "libwinwin.so*"))
            target = os.path.join(tmp, "site")
            proc = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet",
                 "--no-build-isolation", "--no-index", "--no-deps",
                 "--disable-pip-version-check", "--target", target, src],
                capture_output=True, text=True, timeout=240)
            if proc.returncode != 0 and "setuptools" in proc.stderr:
                self.fail("setuptools is not installed (python3-setuptools)")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertTrue(os.path.exists(os.path.join(
                target, "winwin", "py.typed")))
            env = dict(os.environ, PYTHONPATH=target)
            run = subprocess.run(
                [sys.executable, "-c",
                 "import winwin; print(winwin.__file__); "
                 "m = winwin.Model(); m.add_term('a', [('x', 1, 2)]); "
                 "print(m.best().joint)"],
                env=env, cwd=tmp, capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertIn(target, run.stdout)
            self.assertIn("3.0", run.stdout)


if __name__ == "__main__":
    unittest.main()
