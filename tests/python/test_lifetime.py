"""Freeing (context manager, close, GC), threads, and finding the library."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
import weakref
from typing import Tuple

from support import BINDING, Spec, copy_binding_without_library, random_spec
from test_api import acme_built

import winwin


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Lifetime(unittest.TestCase):
    def test_context_manager_frees(self) -> None:
        with acme_built() as m:
            fin = m._finalizer
            self.assertTrue(fin.alive)
        self.assertFalse(fin.alive)
        self.assertTrue(m.closed)

    def test_gc_frees(self) -> None:
        m = acme_built()
        m.best()
        m.buyer.name, m.terms, m.frontier()
        fin = m._finalizer
        ref = weakref.ref(m)
        del m  # no cycle: freed at once, without the cycle collector
        self.assertIsNone(ref())
        self.assertFalse(fin.alive)

    def test_party_keeps_model_alive(self) -> None:
        buyer = acme_built().buyer
        self.assertEqual(buyer.reservation, 20)
        buyer.reservation = 5
        self.assertEqual(buyer.reservation, 5)

    def test_gc_frees_cycles(self) -> None:
        m = acme_built()
        m.cycle = m  # type: ignore[attr-defined]
        fin = m._finalizer
        del m
        gc.collect()
        self.assertFalse(fin.alive)

    def test_no_double_free(self) -> None:
        m = acme_built()
        m.close()
        del m
        gc.collect()  # the finalizer already ran: nothing happens
        m2 = acme_built()
        with m2:
            pass
        m2.close()

    def test_results_outlive_model(self) -> None:
        with acme_built() as m:
            best = m.best()
            front = m.frontier()
        self.assertEqual(best.package, {"price": "110k", "payment": "net 60"})
        self.assertEqual(len(front), 2)

    def test_many_models_no_growth(self) -> None:
        def churn(n: int) -> None:
            for _ in range(n):
                m = acme_built()
                m.best()
                if _ % 2:
                    m.close()
        churn(300)
        gc.collect()
        before = rss_kb()
        churn(1500)
        gc.collect()
        grown = rss_kb() - before
        self.assertLess(grown, 20000, f"RSS grew by {grown} kB")


class Threads(unittest.TestCase):
    def test_one_model_many_threads(self) -> None:
        spec = random_spec(7)
        with acme_built() as m, spec.build() as r:
            want = (m.best(), m.frontier(), m.trades("counter", concede=6),
                    r.frontier(), r.nash())
            errors: list = []

            def hammer(k: int) -> None:
                try:
                    for i in range(40):
                        if (i + k) % 3 == 0:
                            got = (m.best(), m.frontier(),
                                   m.trades("counter", concede=6),
                                   r.frontier(), r.nash())
                            self.assertEqual(got[0], want[0])
                            self.assertEqual(list(got[1]), list(want[1]))
                            self.assertEqual(list(got[2]), list(want[2]))
                            self.assertEqual(list(got[3]), list(want[3]))
                            self.assertEqual(got[4].package, want[4].package)
                        else:
                            self.assertEqual(m.best(), want[0])
                            self.assertEqual(m.evaluate("counter").joint, 57)
                except BaseException as exc:  # reported by the main thread
                    errors.append(exc)

            threads = [threading.Thread(target=hammer, args=(k,))
                       for k in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if errors:
                raise errors[0]

    def test_modify_while_querying(self) -> None:
        with acme_built() as m:
            m.budget = 30
            a = m.best()
            m.budget = 0
            b = m.best()
            stop = threading.Event()
            errors: list = []

            def toggle() -> None:
                try:
                    while not stop.is_set():
                        m.budget = 30
                        m.budget = 0
                except BaseException as exc:
                    errors.append(exc)

            t = threading.Thread(target=toggle)
            t.start()
            try:
                for _ in range(200):
                    got = m.best()
                    self.assertIn(got, (a, b))
            finally:
                stop.set()
                t.join()
            if errors:
                raise errors[0]

    def test_parallel_distinct_models(self) -> None:
        specs = [random_spec(s) for s in range(20, 28)]
        want = []
        for spec in specs:
            with spec.build() as m:
                want.append(list(m.frontier()))
        results: dict = {}

        def work(i: int, spec: Spec) -> None:
            with spec.build() as m:
                results[i] = [list(m.frontier()) for _ in range(10)]

        threads = [threading.Thread(target=work, args=(i, s))
                   for i, s in enumerate(specs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i, w in enumerate(want):
            for got in results[i]:
                self.assertEqual(got, w)

    def test_threads_exit_clean(self) -> None:
        """A thread's GLPK environment is freed when the thread exits (the
        library does it): many short-lived threads, each running MIPs, do
        not make the process grow."""
        with acme_built() as m:
            def run(n: int) -> None:
                for _ in range(n):
                    t = threading.Thread(
                        target=lambda: m.frontier(method="mip"))
                    t.start()
                    t.join()
            run(50)
            gc.collect()
            before = rss_kb()
            run(1000)
            gc.collect()
            grown = rss_kb() - before
            # an environment left behind per thread is about 5 kB: 5,000 kB
            self.assertLess(grown, 2500, f"RSS grew by {grown} kB")

    def test_close_from_other_thread(self) -> None:
        m = acme_built()
        m.best()
        t = threading.Thread(target=m.close)
        t.start()
        t.join()
        self.assertTrue(m.closed)


INTERRUPT_SCRIPT = """
import random, sys, time
import winwin
rng = random.Random(5)
m = winwin.Model()
for t in range(60):
    m.add_term(f"t{t}", [(f"l{k}", rng.randint(0, 100), rng.randint(0, 100))
                         for k in range(10)])
print("start", flush=True)
t0 = time.time()
try:
    f = m.frontier(method="mip")
    print("finished", len(f), flush=True)
except KeyboardInterrupt:
    print("interrupted", round(time.time() - t0, 2), flush=True)
print("after", m.best().status, flush=True)
"""


HARD_MIP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "files", "data", "hard-mip.json")

INTERRUPT_MIP_SCRIPT = """
import sys
import winwin
m = winwin.Model.load(sys.argv[1])
print("start", flush=True)
try:
    b = m.best()
    print("finished", b.status, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
print("after", m.best(time_limit=0.2).status, flush=True)
"""


class Interrupt(unittest.TestCase):
    def interrupted(self, script: str, *args: str) -> Tuple[str, float]:
        """Runs script in a fresh interpreter, sends SIGINT 0.5 s after it
        prints "start", and returns its output and the seconds it took to
        end after the signal (failing past 60 s)."""
        import signal
        import time
        env = dict(os.environ, PYTHONPATH=BINDING)
        proc = subprocess.Popen([sys.executable, "-c", script, *args],
                                env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        self.assertEqual(proc.stdout.readline().strip(), "start")
        time.sleep(0.5)
        t0 = time.time()
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            self.fail("the query ran on 60 s after Ctrl-C")
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("interrupted", out, err)
        return out, time.time() - t0

    def test_ctrl_c_stops_a_long_query(self) -> None:
        out, _ = self.interrupted(INTERRUPT_SCRIPT)
        self.assertNotIn("finished", out,
                         "the 60-term frontier finished within 0.5 s")
        self.assertIn("after optimal", out)

    def test_ctrl_c_inside_a_mip(self) -> None:
        """One MIP GLPK does not finish in minutes (best, no time limit):
        KeyboardInterrupt comes within seconds of Ctrl-C, and the model
        stays usable (Ctrl-C was heard only between MIPs)."""
        out, dt = self.interrupted(INTERRUPT_MIP_SCRIPT, HARD_MIP)
        self.assertIn("after time_limit", out)
        self.assertLess(dt, 5.0, f"{dt:.2f} s after Ctrl-C")


class Lookup(unittest.TestCase):
    """How the binding finds libwinwin (in a fresh interpreter each)."""

    def run_py(self, code: str, env: dict, cwd: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd,
                              capture_output=True, text=True, timeout=60)

    def test_env_var_bad_path(self) -> None:
        env = dict(os.environ, WINWIN_LIBRARY="/nonexistent/libwinwin.so",
                   PYTHONPATH=BINDING)
        proc = self.run_py("import winwin", env, BINDING)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("ImportError", proc.stderr)
        self.assertIn("WINWIN_LIBRARY", proc.stderr)
        self.assertIn("/nonexistent/libwinwin.so", proc.stderr)

    def test_next_to_package_then_nothing(self) -> None:
        lib = os.environ.get("WINWIN_LIBRARY") or winwin.library_path
        self.assertTrue(lib and os.path.exists(lib),
                        "the library path is not known")
        with tempfile.TemporaryDirectory() as tmp:
            pkg = copy_binding_without_library(tmp)
            env = {k: v for k, v in os.environ.items()
                   if k not in ("WINWIN_LIBRARY", "LD_LIBRARY_PATH")}
            env["PYTHONPATH"] = tmp
            code = ("import ctypes.util, winwin; "
                    "print(winwin.library_path); print(winwin.library_version())")
            if not __import__("ctypes.util").util.find_library("winwin"):
                proc = self.run_py("import winwin", env, tmp)
                self.assertNotEqual(proc.returncode, 0)
                self.assertIn("cannot find the C library", proc.stderr)
                self.assertIn("WINWIN_LIBRARY", proc.stderr)
            shutil.copy(lib, os.path.join(pkg, "libwinwin.so"))
            proc = self.run_py(code, env, tmp)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn(os.path.join(pkg, "libwinwin.so"), proc.stdout)
            self.assertIn(winwin.library_version(), proc.stdout)


if __name__ == "__main__":
    unittest.main()
