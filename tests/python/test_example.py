"""Runs examples/python_example.py and checks the model it saves."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest

from support import BINDING, SOURCE, cli_path, run_cli

import winwin

EXAMPLE = os.path.join(SOURCE, "examples", "python_example.py")


class Example(unittest.TestCase):
    def test_runs(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "northwind.json")
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (BINDING, env.get("PYTHONPATH")) if p)
            proc = subprocess.run([sys.executable, EXAMPLE, out], env=env,
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("best deal:", proc.stdout)
            self.assertIn("Pareto frontier", proc.stdout)
            self.assertIn("trades from the counter", proc.stdout)
            with winwin.Model.load(out) as m:
                best = m.best()
                self.assertEqual(best.status, "optimal")
                self.assertIn(f"buyer {best.buyer:g}, seller "
                              f"{best.seller:g}", proc.stdout)
                if cli_path():
                    code, doc, err = run_cli("best", out, "--json")
                    self.assertEqual(code, 0, err)
                    self.assertEqual(doc["package"], best.package)


if __name__ == "__main__":
    unittest.main()
