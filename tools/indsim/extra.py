"""Extra diagnostics: tool rep speed vs truth, recovery speeds, rep boundary offsets."""
import json, glob, os, statistics as st, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import DATA, RESULTS
from score import ts
R = json.load(open(os.path.join(RESULTS, 'results.json')))
T = {json.load(open(f))['id']: json.load(open(f)) for f in glob.glob(os.path.join(DATA, '*.truth.json'))}
J = lambda r: json.load(open(os.path.join(RESULTS, 'json', os.path.basename(r['file']) + '.json')))
out = {}
def q(xs):
    xs = sorted(xs); n = len(xs)
    return f"n={n} median={xs[n//2]:+.3f} p10={xs[n//10]:+.3f} p90={xs[9*n//10]:+.3f}" if n else "-"
for cat in ('short', 'long', 'intervals'):
    for smp in ('1s', 'smart', '5s'):
        ratio, ds, de = [], [], []
        for r in R:
            if r['category'] != cat or r['sampling'] != smp: continue
            tr = T[r['id']]; tool = J(r); t0 = ts(tr['t0'])
            for m in r['matched']:
                a = tr['reps'][m['true_idx']]; b = tool['reps'][m['tool_idx']]
                vt = a['length_m'] / (a['end_s'] - a['start_s'])
                if b['avg_speed_mps']: ratio.append(b['avg_speed_mps'] / vt - 1)
                ds.append(ts(b['start']) - (t0 + a['start_s'])); de.append(ts(b['end']) - (t0 + a['end_s']))
        print(f"{cat:9s} {smp:5s} tool/true rep speed -1: {q(ratio)} | start offset s: {q(ds)} | end offset s: {q(de)}")
# long-rep recoveries: true moving jog speed vs tool recovery speed & kind
print("\nlong-rep recoveries (jog up): truth jog speed while moving vs tool recovery avg speed/kind")
kinds = {}
for r in R:
    if r['category'] != 'long': continue
    tr = T[r['id']]; tool = J(r)
    for b in tool['reps']:
        rc = b.get('recovery')
        if rc: kinds.setdefault((r['altitude'], r['cadence']), []).append((rc['kind'], rc['avg_speed_mps']))
for k, v in sorted(kinds.items()):
    print(k, 'kinds', {x: sum(1 for y in v if y[0] == x) for x in set(y[0] for y in v)}, 'tool rec speed median %.2f' % st.median(y[1] for y in v if y[1]))

# Per-rep length error of matched 80-100 m reps (tool distance_m vs the true rep length).
print()
print('rep length error, 80-100 m reps (tool / true - 1, %):')
allabs = []
for alt in ('baro', 'gps'):
    for smp in ('1s', 'smart', '5s'):
        e = [m['len_tool'] / m['len_true'] - 1 for r in R if r['altitude'] == alt and r['sampling'] == smp
             for m in r['matched'] if 80 <= m['len_true'] <= 100 and m['len_tool']]
        if not e: continue
        s, a = sorted(e), sorted(abs(x) for x in e); allabs += a; n = len(e)
        print(f"  {alt:4} {smp:5} n={n:3} signed median {100*s[n//2]:+.1f} | abs median {100*a[n//2]:.1f} p95 {100*a[int(.95*(n-1))]:.1f}")
a = sorted(allabs); n = len(a)
if n: print(f"  all        n={n:3} abs median {100*a[n//2]:.1f} p95 {100*a[int(.95*(n-1))]:.1f}")
