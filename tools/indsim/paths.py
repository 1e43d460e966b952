"""Where indsim reads and writes, and which downhill binary it runs.

INDSIM_DIR   work folder (default /tmp/indsim-work): data/ = generated sessions, results/ = scores + report
DOWNHILL_BIN downhill binary (default: <repo>/target/release/downhill, found relative to this file)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("INDSIM_DIR", "/tmp/indsim-work")
DATA = os.path.join(WORK, "data")
RESULTS = os.path.join(WORK, "results")
BIN = os.environ.get("DOWNHILL_BIN") or os.path.normpath(os.path.join(HERE, "..", "..", "target", "release", "downhill"))
