#!/usr/bin/env python3
"""Reference for `cargo bench --bench season`: read the same generated season the way a user
would otherwise script it (gpxpy for GPX, fitdecode for FIT, ElementTree for TCX, gzip for .gz)
and report files/s and MB/s. Reading only: no descents, no reps. Not run by CI.

    pip install gpxpy fitdecode
    cargo bench --bench season          # generates target/season-bench/
    python3 benches/season_reference.py [target/season-bench]
"""

import gzip
import io
import os
import sys
import time
import xml.etree.ElementTree as ET

import fitdecode
import gpxpy

TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def read_fit(data):
    n = 0
    with fitdecode.FitReader(io.BytesIO(data)) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                n += 1
    return n


def read_gpx(data):
    g = gpxpy.parse(data.decode("utf-8"))
    return sum(len(s.points) for t in g.tracks for s in t.segments)


def read_tcx(data):
    root = ET.fromstring(data)
    return sum(1 for _ in root.iter(TCX_NS + "Trackpoint"))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "target/season-bench"
    files = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(root)
        for f in fs
        if f.endswith((".fit", ".gpx", ".tcx", ".gz"))
    )
    size = sum(os.path.getsize(p) for p in files)
    t0 = time.perf_counter()
    points = 0
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        name = p[:-3] if p.endswith(".gz") else p
        if p.endswith(".gz"):
            data = gzip.decompress(data)
        if name.endswith(".fit"):
            points += read_fit(data)
        elif name.endswith(".gpx"):
            points += read_gpx(data)
        else:
            points += read_tcx(data)
    s = time.perf_counter() - t0
    print(
        f"python gpxpy/fitdecode/ElementTree, 1 thread: {s:.2f} s  {len(files) / s:.1f} files/s  "
        f"{size / 1e6 / s:.2f} MB/s  {points / 1e6 / s:.3f} M points/s  "
        f"({len(files)} files, {size / 1e6:.1f} MB, {points} points)"
    )


if __name__ == "__main__":
    main()
