"""Run downhill on every generated session (sequentially) and score against the truth."""
import os, sys, json, glob, subprocess, datetime, statistics, bisect, collections
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paths
DATA = paths.DATA; OUT = paths.RESULTS
TOOL = paths.BIN
BANDS = ([8, 10, 12, 18], ["gentle", "8-10", "10-12", "12-18", "18+"])

def band(g):
    for e, l in zip(*BANDS):
        if g < e: return l
    return BANDS[1][-1]

def ts(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()

def analyze(fn):
    out = os.path.join(OUT, "json", os.path.basename(fn) + ".json")
    if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(fn) and os.path.getmtime(out) > os.path.getmtime(TOOL):
        return json.load(open(out))
    r = subprocess.run([TOOL, "analyze", "--format", "json", fn], capture_output=True, text=True, timeout=600)
    if r.returncode != 0 or not r.stdout.strip():
        rep = dict(error=r.stderr.strip()[:500] or f"rc {r.returncode}")
    else:
        rep = json.loads(r.stdout.strip().splitlines()[0])
    json.dump(rep, open(out, "w"), indent=1)
    return rep

class Track:
    def __init__(self, fn, t0):
        self.t, self.o, self.z = [], [], []
        for line in open(fn).read().splitlines()[1:]:
            a, b, c = line.split(","); self.t.append(float(a) + t0); self.o.append(float(b)); self.z.append(float(c))
    def at(self, t, arr):
        i = max(0, min(bisect.bisect_right(self.t, t) - 1, len(self.t) - 2))
        f = max(0.0, min(1.0, (t - self.t[i]) / (self.t[i + 1] - self.t[i])))
        return arr[i] + f * (arr[i + 1] - arr[i])
    def grade(self, a, b):
        L = self.at(b, self.o) - self.at(a, self.o); d = self.at(a, self.z) - self.at(b, self.z)
        return (100 * d / L if L > 1 else None), L, d

def overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))

def match(truth, found):
    """greedy one-to-one: overlap >= 50 % of the longer of the two windows"""
    cands = []
    for i, (a0, a1) in enumerate(truth):
        for j, (b0, b1) in enumerate(found):
            ov = overlap(a0, a1, b0, b1); r = ov / max(a1 - a0, b1 - b0, 1e-9)
            if r >= 0.5: cands.append((r, i, j))
    cands.sort(reverse=True); ui, uj, pairs = set(), set(), []
    for r, i, j in cands:
        if i in ui or j in uj: continue
        ui.add(i); uj.add(j); pairs.append((i, j, r))
    return pairs

def score_session(tr, rep):
    t0 = ts(tr["t0"]); trk = Track(tr["file"].rsplit(".", 1)[0] + ".track.csv", t0)
    res = dict(id=tr["id"], file=tr["file"], category=tr["category"], sub=tr["sub"], altitude=tr["altitude"],
               sampling=tr["sampling"], format=tr["format"], autopause=tr["autopause"], cadence=tr["cadence"])
    if "error" in rep:
        res.update(error=rep["error"]); return res
    T = [(t0 + r["start_s"], t0 + r["end_s"]) for r in tr["reps"]]
    F = [(ts(r["start"]), ts(r["end"])) for r in rep.get("reps", [])]
    pairs = match(T, F)
    w = rep.get("workout") or {}
    res.update(n_true=len(T), n_found=len(F), n_match=len(pairs), count_ok=len(T) == len(F),
               kind_true=tr["kind"], kind_tool=w.get("kind"), kind_ok=w.get("kind") == tr["kind"],
               compliant_true=tr["compliant"], compliant_tool=w.get("compliant"), compliant_ok=w.get("compliant") == tr["compliant"],
               altitude_source_tool=rep.get("altitude_source"), verdict=w.get("verdict"),
               failed_checks=[dict(name=c["name"], actual=c["actual"], expected=c["expected"], note=c.get("note"))
                              for c in w.get("checks", []) if not c["pass"]],
               rep_sources=sorted(set(r.get("source") for r in rep.get("reps", []))),
               n_sets=len(rep.get("rep_sets", [])), n_hills=len(rep.get("hills", [])))
    reps = []
    for i, j, r in pairs:
        a, b = tr["reps"][i], rep["reps"][j]
        gw, Lw, dw = trk.grade(*F[j])
        reps.append(dict(true_idx=i, tool_idx=j, overlap=round(r, 2), grade_true=a["grade_pct"], grade_tool=b["grade_pct"],
                         pass_grade_tool=b.get("pass_grade_pct"), grade_true_toolwindow=None if gw is None else round(gw, 2),
                         band_true=a["band"], band_tool=b["band"], len_true=a["length_m"], len_tool=b["distance_m"],
                         len_true_toolwindow=round(Lw, 1)))
    res["matched"] = reps
    res["missed"] = [i for i in range(len(T)) if i not in {p[0] for p in pairs}]
    res["extra"] = [j for j in range(len(F)) if j not in {p[1] for p in pairs}]
    # diagnose missed / extra
    D = [(ts(d["start"]), ts(d["end"]), d) for d in rep.get("descents", []) if d.get("start") and d.get("end")]
    md = []
    for i in res["missed"]:
        a0, a1 = T[i]
        best = max(((overlap(a0, a1, f0, f1) / (a1 - a0), j) for j, (f0, f1) in enumerate(F)), default=(0, None))
        dsc = [d for d0, d1, d in D if overlap(a0, a1, d0, d1) > 0.3 * (a1 - a0)]
        md.append(dict(true_idx=i, start=tr["reps"][i]["start"], best_rep_overlap=round(best[0], 2), best_rep=best[1],
                       best_rep_window=None if best[1] is None else rep["reps"][best[1]]["start"] + ".." + rep["reps"][best[1]]["end"],
                       descent=[(d["index"], d["distance_m"], d["grade_pct"]) for d in dsc]))
    res["missed_diag"] = md
    res["extra_diag"] = [dict(tool_idx=j, start=rep["reps"][j]["start"], end=rep["reps"][j]["end"], dist=rep["reps"][j]["distance_m"],
                              grade=rep["reps"][j]["grade_pct"], source=rep["reps"][j]["source"],
                              true_overlap=round(max((overlap(F[j][0], F[j][1], a0, a1) / (F[j][1] - F[j][0] + 1e-9) for a0, a1 in T), default=0), 2))
                         for j in res["extra"]]
    # long descents
    ld = []
    for d in tr["long_descents"]:
        a0, a1 = t0 + d["start_s"], t0 + d["end_s"]
        best = max(((overlap(a0, a1, d0, d1), dd) for d0, d1, dd in D), default=(0, None), key=lambda x: x[0])
        if best[1] is None or best[0] < 0.5 * (a1 - a0):
            ld.append(dict(found=False, grade_true=d["grade_pct"], length_true=d["length_m"])); continue
        dd = best[1]; gw, Lw, dw = trk.grade(ts(dd["start"]), ts(dd["end"]))
        ld.append(dict(found=True, grade_true=d["grade_pct"], grade_tool=dd["grade_pct"], grade_true_toolwindow=round(gw, 2),
                       length_true=d["length_m"], length_tool=dd["distance_m"], length_true_toolwindow=round(Lw, 1),
                       cover=round(best[0] / (a1 - a0), 2)))
    res["long_descents"] = ld
    return res

def main():
    os.makedirs(os.path.join(OUT, "json"), exist_ok=True)
    results = []
    for tf in sorted(glob.glob(os.path.join(DATA, "*.truth.json"))):
        tr = json.load(open(tf)); rep = analyze(tr["file"])
        results.append(score_session(tr, rep))
        print(f"[score] {os.path.basename(tr['file'])}", flush=True)
    json.dump(results, open(os.path.join(OUT, "results.json"), "w"), indent=1)
    return results

if __name__ == "__main__":
    main()
