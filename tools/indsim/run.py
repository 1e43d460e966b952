#!/usr/bin/env python3
"""Regenerate all 150 sessions (deterministic seed), analyze each with downhill (sequentially), score, report.
Usage: python3 tools/indsim/run.py            # everything
       python3 tools/indsim/run.py --no-gen   # rescore existing files only
Work folder: $INDSIM_DIR (default /tmp/indsim-work); binary: $DOWNHILL_BIN (default target/release/downhill)."""
import sys, os, shutil
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paths
if not os.path.isfile(paths.BIN):
    print(f"error: downhill binary not found at {paths.BIN}; build it first: cargo build --release (or set DOWNHILL_BIN)", file=sys.stderr)
    sys.exit(2)
import gen, score
if "--no-gen" not in sys.argv:
    shutil.rmtree(gen.OUT, ignore_errors=True)
    shutil.rmtree(score.OUT, ignore_errors=True)
    gen.main()
score.main()
import report  # writes $INDSIM_DIR/results/report.md
REPORT = os.path.join(paths.RESULTS, "report.md")
print(f"report: {REPORT} ; per-session: {os.path.join(paths.RESULTS, 'results.json')}")
import subprocess
x = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "extra.py")], capture_output=True, text=True).stdout
open(REPORT, "a").write("\n## Extra diagnostics\n```\n" + x + "```\n")
