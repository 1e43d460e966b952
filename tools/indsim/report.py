"""Aggregate results/results.json into results/report.md (figures + failure modes)."""
import json, os, statistics, collections, glob, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import DATA, RESULTS
R = json.load(open(os.path.join(RESULTS, "results.json")))
TR = {json.load(open(f))["id"]: json.load(open(f)) for f in glob.glob(os.path.join(DATA, "*.truth.json"))}
TOOLJ = lambda r: json.load(open(os.path.join(RESULTS, "json", os.path.basename(r["file"]) + ".json")))
L = []
def P(*a): L.append(" ".join(str(x) for x in a))
def pct(a, b): return "-" if b == 0 else f"{100 * a / b:.0f}%"
def mae(xs): return "-" if not xs else f"{statistics.mean(abs(x) for x in xs):.2f}"
def bias(xs): return "-" if not xs else f"{statistics.mean(xs):+.2f}"
def p90(xs):
    if not xs: return "-"
    s = sorted(abs(x) for x in xs); return f"{s[min(len(s) - 1, int(0.9 * len(s)))]:.2f}"

def table(rows, title):
    P(f"\n### {title}\n")
    P("| group | sessions | true reps | found | recall | precision | count exact | kind right | compliant right | band right | rep grade err MAE / bias / p90 (pp) | pass grade err vs truth-in-window MAE (pp) |")
    P("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, rs in rows:
        rs = [r for r in rs if "error" not in r]
        if not rs: continue
        nt = sum(r["n_true"] for r in rs); nf = sum(r["n_found"] for r in rs); nm = sum(r["n_match"] for r in rs)
        M = [m for r in rs for m in r["matched"]]
        ge = [m["grade_tool"] - m["grade_true"] for m in M]
        pe = [m["pass_grade_tool"] - m["grade_true_toolwindow"] for m in M if m["grade_true_toolwindow"] is not None and m["pass_grade_tool"] is not None]
        P(f"| {name} | {len(rs)} | {nt} | {nf} | {pct(nm, nt)} | {pct(nm, nf)} | {pct(sum(r['count_ok'] for r in rs), len(rs))} | "
          f"{pct(sum(r['kind_ok'] for r in rs), len(rs))} | {pct(sum(r['compliant_ok'] for r in rs), len(rs))} | "
          f"{pct(sum(m['band_true'] == m['band_tool'] for m in M), len(M))} | {mae(ge)} / {bias(ge)} / {p90(ge)} | {mae(pe)} |")

P("# downhill independent accuracy check (indsim)\n")
P(f"sessions: {len(R)}; tool errors: {sum('error' in r for r in R)}")
rep_s = [r for r in R if r["category"] in ("short", "long", "intervals")]
norep = [r for r in R if r["category"] not in ("short", "long", "intervals")]
groups = []
for alt in ("baro", "gps"):
    for smp in ("1s", "smart", "5s"):
        groups.append((f"{alt} {smp}", [r for r in rep_s if r["altitude"] == alt and r["sampling"] == smp]))
groups.append(("baro all", [r for r in rep_s if r["altitude"] == "baro"]))
groups.append(("gps all", [r for r in rep_s if r["altitude"] == "gps"]))
groups.append(("ALL rep sessions", rep_s))
table(groups, "Rep sessions by altitude source and sampling")
cats = []
for cat, sub in [("short", "compliant"), ("short", "few"), ("short", "short"), ("short", "gentle"), ("long", "compliant"),
                 ("long", "gentle"), ("long", "short"), ("intervals", "compliant")]:
    for alt in ("baro", "gps"):
        cats.append((f"{cat}/{sub} {alt}", [r for r in rep_s if r["category"] == cat and r["sub"] == sub and r["altitude"] == alt]))
table(cats, "Rep sessions by workout and altitude source")
P("\n### No-rep runs (truth: 0 reps, kind none)\n")
P("| group | sessions | sessions with false reps | false reps | kind right |")
P("|---|---|---|---|---|")
for name in ("flat", "rolling", "mountain", "loop"):
    for alt in ("baro", "gps"):
        rs = [r for r in norep if r["category"] == name and r["altitude"] == alt]
        P(f"| {name} {alt} | {len(rs)} | {sum(r['n_found'] > 0 for r in rs)} | {sum(r['n_found'] for r in rs)} | {pct(sum(r['kind_ok'] for r in rs), len(rs))} |")
P("\n### Long descents (>= 500 m: long reps, interval descents, mountain descents)\n")
P("| group | descents | found (>=50% covered by one tool descent) | grade err vs truth over tool's window MAE / bias / p90 | grade err vs truth descent MAE / bias | band right (vs truth descent) |")
P("|---|---|---|---|---|---|")
for alt in ("baro", "gps"):
    for smp in ("1s", "smart", "5s", "all"):
        rs = [r for r in R if "error" not in r and r["altitude"] == alt and (smp == "all" or r["sampling"] == smp)]
        D = [d for r in rs for d in r["long_descents"]]
        F = [d for d in D if d["found"]]
        e1 = [d["grade_tool"] - d["grade_true_toolwindow"] for d in F]; e2 = [d["grade_tool"] - d["grade_true"] for d in F]
        bands = lambda g: __import__("score").band(g)
        br = sum(bands(d["grade_tool"]) == bands(d["grade_true"]) for d in F)
        P(f"| {alt} {smp} | {len(D)} | {pct(len(F), len(D))} | {mae(e1)} / {bias(e1)} / {p90(e1)} | {mae(e2)} / {bias(e2)} | {pct(br, len(F))} |")

# ------------------------------------------------------------------ failure modes
modes = collections.defaultdict(list)
def add(mode, r, line): modes[mode].append((r, line))
for r in R:
    if "error" in r:
        add("tool error", r, r["error"][:120]); continue
    tr = TR[r["id"]]; tool = TOOLJ(r); cat = r["category"]
    sp = [s[0] for s in tr["sensor"].get("gps_spikes", [])]
    # missed reps
    for md in r["missed_diag"]:
        i = md["true_idx"]; t = tr["reps"][i]
        if cat == "intervals" and i == 0 and not md["descent"] == []:
            key = "intervals: first fast phase of the descent not reported"
        elif not md["descent"]:
            key = f"{cat}: rep missed, no descent detected over it"
        elif md["best_rep"] is not None and md["best_rep_overlap"] > 0:
            key = f"{cat}: rep found but window misaligned (<50% overlap)"
        else:
            key = f"{cat}: rep missed, descent found but no rep"
        add(key, r, f"true rep {i + 1} {t['start'][11:19]} {t['length_m']:.0f} m {t['grade_pct']:.1f}%; tool descents there {md['descent']}; best tool rep overlap {md['best_rep_overlap']} {md['best_rep_window'] or ''}")
    for ed in r["extra_diag"]:
        key = f"{cat}: extra rep (no true rep)" if cat in ("short", "long", "intervals") else f"{cat} run: false reps reported"
        add(key, r, f"tool rep {ed['start'][11:19]}-{ed['end'][11:19]} {ed['dist']:.0f} m {ed['grade']:.1f}% source {ed['source']} (overlap with a true rep {ed['true_overlap']})")
    if not r["kind_ok"]:
        add(f"kind wrong: truth {r['kind_true']} -> tool {r['kind_tool']}", r, f"{r['n_found']} reps found of {r['n_true']}; verdict: {(r['verdict'] or '')[:140]}")
    if r["compliant_true"] and r["kind_ok"] and not r["compliant_tool"]:
        for c in r["failed_checks"]:
            name = c["name"]; sub = ""
            if name == "length":
                if any(m["len_tool"] > m["len_true"] + 12 for m in r["matched"]):
                    sub = " (one rep too long)"
                    big = [m for m in r["matched"] if m["len_tool"] > m["len_true"] + 12]
                    tw = [tr["reps"][m["true_idx"]] for m in big]
                    if any(any(w["start_s"] - 3 <= s <= w["end_s"] + 3 for s in sp) for w in tw):
                        sub = " (one rep too long: GPS position spike inside it)"
                else:
                    sub = " (reps measured short)"
            if name == "recovery":
                a = c["actual"]
                if "walk" in a: sub = " (jog classified as walk)"
                else: sub = " (not back at the start)"
            if name in ("fade", "consistency"):
                sub = ""
            add(f"{cat}: false MISS on '{name}'{sub}", r, f"tool: {c['actual'][:110]} | note: {(c['note'] or '')[:100]}")
    if (not r["compliant_true"]) and r["compliant_tool"]:
        add(f"{cat}/{r['sub']}: judged compliant but is not", r, (r["verdict"] or "")[:160])
    for m in r["matched"]:
        if m["band_true"] != m["band_tool"]:
            add(f"{cat}: rep band wrong", r, f"rep {m['true_idx'] + 1}: true {m['grade_true']:.2f}% ({m['band_true']}) tool {m['grade_tool']:.2f}% ({m['band_tool']})")
    for d in r["long_descents"]:
        if not d["found"]:
            add("long descent not found as one descent", r, f"true {d['length_true']:.0f} m at {d['grade_true']:.1f}%")
        elif abs(d["grade_tool"] - d["grade_true_toolwindow"]) > 1.0:
            add("long descent grade off by > 1 pp", r, f"tool {d['grade_tool']:.2f}% vs truth {d['grade_true_toolwindow']:.2f}% over the tool's window")

P("\n## Failure modes, ranked by sessions hit\n")
ranked = sorted(modes.items(), key=lambda kv: -len(set(x[0]["id"] for x in kv[1])))
for mode, items in ranked:
    ids = sorted(set(x[0]["id"] for x in items))
    P(f"\n### {mode} — {len(ids)} sessions, {len(items)} occurrences")
    byalt = collections.Counter(f"{x[0]['altitude']}/{x[0]['sampling']}" for x in {x[0]['id']: x for x in items}.values())
    P("by altitude/sampling: " + ", ".join(f"{k} {v}" for k, v in sorted(byalt.items())))
    seen = set()
    for r, line in items:
        tag = os.path.basename(r["file"])
        P(f"- `{tag}` (ap={'y' if r['autopause'] else 'n'}, cad={'y' if r['cadence'] else 'n'}): {line}")
open(os.path.join(RESULTS, "report.md"), "w").write("\n".join(L) + "\n")
print("\n".join(L[:80]))
