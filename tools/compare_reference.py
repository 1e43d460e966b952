#!/usr/bin/env python3
"""Compare downhill's point count, duration and distance with the Python reference figures.

    python3 tools/reference_stats.py ../shared/realdata > /tmp/ref.jsonl
    python3 tools/compare_reference.py target/release/downhill ../shared/realdata /tmp/ref.jsonl
"""
import json
import os
import subprocess
import sys

binary, folder, ref_path = sys.argv[1:4]
ref = {}
for line in open(ref_path):
    r = json.loads(line)
    ref[r['file']] = r

def rel(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        return 0.0 if a == 0 else float('inf')
    return abs(a - b) / abs(b)

worst = []
for root, _, files in os.walk(folder):
    for f in sorted(files):
        if f.endswith('.md'):
            continue
        p = os.path.join(root, f)
        out = subprocess.run([binary, 'analyze', '--format', 'json', p], capture_output=True, text=True)
        r = ref.get(f, {})
        if out.returncode != 0 or not out.stdout.strip():
            print(f"{f[:60]:60} refused: {out.stderr.strip()[:100]} | ref: {r.get('error') or r.get('points')}")
            continue
        j = json.loads(out.stdout.splitlines()[0])
        s = j['summary']
        pts = s.get('points_in_file', s['points'])
        cols = []
        for name, ours, theirs in (('pts', pts, r.get('points')), ('dur', s.get('elapsed_s'), r.get('duration_s')), ('dist', s.get('distance_m'), r.get('distance_m'))):
            e = rel(ours, theirs)
            flag = '' if e is None or e <= 0.01 else ' <-- '
            cols.append(f"{name} {ours if ours is None else round(ours)}/{theirs if theirs is None else round(theirs)}{flag}")
        warn = ' W' if j.get('warnings') else ''
        print(f"{f[:60]:60} " + ' | '.join(cols) + warn)
