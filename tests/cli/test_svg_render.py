"""Renders `winwin frontier --svg` of every example deal to PNG with
rsvg-convert (librsvg, as a browser would) and checks that it renders to a
picture of the declared size with real content.
usage: test_svg_render.py WINWIN RSVG_CONVERT DEALS_DIR"""
import glob
import os
import struct
import subprocess
import sys
import tempfile
import unittest

WINWIN, RSVG, DEALS = sys.argv[1:4]


class SvgRender(unittest.TestCase):
    def test_every_deal_renders(self) -> None:
        deals = sorted(glob.glob(os.path.join(DEALS, "*.json")))
        self.assertGreaterEqual(len(deals), 4)
        with tempfile.TemporaryDirectory() as tmp:
            for deal in deals:
                svg = os.path.join(tmp, "f.svg")
                png = os.path.join(tmp, "f.png")
                subprocess.run([WINWIN, "frontier", deal, "--svg", svg],
                               check=True, capture_output=True)
                subprocess.run([RSVG, svg, "-o", png], check=True,
                               capture_output=True)
                with open(png, "rb") as f:
                    data = f.read()
                self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n", deal)
                width, height = struct.unpack(">II", data[16:24])
                self.assertGreaterEqual(width, 600, deal)
                self.assertGreaterEqual(height, 400, deal)
                # axes, points, labels and legend: far more than a blank page
                self.assertGreater(len(data), 20000, deal)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
