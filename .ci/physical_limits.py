"""Read `downhill analyze --format json` (JSON Lines) on stdin; fail (exit 1, one line per
breach) when a reported descent is past what a runner can do. The limits are the tool's own
physics gate (DescentParams): net grade 60 %, 2.0 m/s vertical on foot (10 m/s in another
sport: a bike leg), 9 m/s on foot; a GAP, being
a flat-equivalent speed on foot, stays under 9 m/s too. Set-aside descents are not reported
descents and are not checked."""
import json
import sys

MAX_GRADE_PCT, MAX_VERTICAL_MPS, MAX_FOOT_MPS = 60.0, 2.0, 9.0
MAX_VERTICAL_OFF_FOOT_MPS = 10.0
name = sys.argv[1] if len(sys.argv) > 1 else "stdin"
bad = []
for line in sys.stdin:
    if not line.strip():
        continue
    r = json.loads(line)
    for d in r["descents"]:
        where = f"{r['file']}: descent {d['index']}"
        if d["grade_pct"] > MAX_GRADE_PCT:
            bad.append(f"{where} at {d['grade_pct']:.1f} %")
        v = d.get("vertical_speed_m_per_h")
        limit = MAX_VERTICAL_MPS if d["on_foot"] else MAX_VERTICAL_OFF_FOOT_MPS
        if v is not None and v / 3600 > limit:
            bad.append(f"{where} at {v / 3600:.2f} m/s vertical")
        s = d.get("avg_speed_mps")
        if d["on_foot"] and s is not None and s > MAX_FOOT_MPS:
            bad.append(f"{where} on foot at {s:.1f} m/s")
        g = d.get("gap_speed_mps")
        if g is not None and g > MAX_FOOT_MPS:
            bad.append(f"{where} GAP {g:.1f} m/s")
for b in bad:
    print(f"PHYSICS: {b}")
sys.exit(1 if bad else 0)
