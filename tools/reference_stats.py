#!/usr/bin/env python3
"""Reference figures from the Python tools a user would otherwise script (fitdecode, gpxpy).

Prints one JSON line per file: points, duration_s (first to last timestamp), distance_m.
FIT: record messages, timestamps, last `distance` field. GPX: gpxpy points, duration,
length_2d. TCX: Trackpoints, first/last Time, last DistanceMeters.

    pip install fitdecode gpxpy
    python3 tools/reference_stats.py ../shared/realdata > /tmp/ref.jsonl
"""
import gzip
import json
import os
import sys
import xml.etree.ElementTree as ET
from datetime import datetime


def fit_stats(data):
    import fitdecode
    import io
    n = 0
    t0 = t1 = None
    dist = None
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.DISABLED,
                             error_handling=fitdecode.ErrorHandling.IGNORE) as fr:
        try:
            for frame in fr:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == 'record':
                    n += 1
                    if frame.has_field('timestamp'):
                        t = frame.get_value('timestamp')
                        if isinstance(t, datetime):
                            t0 = t0 or t
                            t1 = t
                    if frame.has_field('distance') and frame.get_value('distance') is not None:
                        dist = frame.get_value('distance')
        except Exception as e:  # truncated files: keep what was read
            pass
    dur = (t1 - t0).total_seconds() if t0 and t1 else None
    return n, dur, dist


def gpx_stats(data):
    import gpxpy
    g = gpxpy.parse(data.decode('utf-8-sig', errors='replace'))
    pts = [p for t in g.tracks for s in t.segments for p in s.points]
    if not pts:
        pts = [p for r in g.routes for p in r.points]
    times = [p.time for p in pts if p.time]
    dur = (max(times) - min(times)).total_seconds() if times else None
    return len(pts), dur, g.length_2d()


def tcx_stats(data):
    root = ET.fromstring(data)
    n = 0
    times = []
    dist = None
    for el in root.iter():
        tag = el.tag.split('}')[-1]
        if tag == 'Trackpoint':
            n += 1
            for c in el:
                ct = c.tag.split('}')[-1]
                if ct == 'Time':
                    times.append(datetime.fromisoformat(c.text.strip().replace('Z', '+00:00')))
                elif ct == 'DistanceMeters':
                    dist = float(c.text)
    dur = (times[-1] - times[0]).total_seconds() if times else None
    return n, dur, dist


def main():
    for root, _, files in os.walk(sys.argv[1]):
        for f in sorted(files):
            if f.endswith('.md'):
                continue
            p = os.path.join(root, f)
            data = open(p, 'rb').read()
            if data[:2] == b'\x1f\x8b':
                data = gzip.decompress(data)
            try:
                if len(data) > 12 and data[8:12] == b'.FIT':
                    r = fit_stats(data)
                elif b'TrainingCenterDatabase' in data[:2000]:
                    r = tcx_stats(data)
                else:
                    r = gpx_stats(data)
                print(json.dumps({'file': f, 'points': r[0], 'duration_s': r[1], 'distance_m': r[2]}))
            except Exception as e:
                print(json.dumps({'file': f, 'error': str(e)[:120]}))


if __name__ == '__main__':
    main()
