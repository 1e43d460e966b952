"""False steep descents on runs without reps (flat, rolling, loop): how many descents the
tool bands at 8 % or more per 10 km, and how many of those are under 7 % in the truth over
the tool's own window (the target: at most one per 10 km on GPS altitude). Reads
$INDSIM_DIR (default /tmp/indsim-work) after `run.py`.

    python3 tools/indsim/false_descents.py
"""
import csv, datetime, json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import paths  # noqa: E402

STEEP = {"8-10", "10-12", "12-18", "18+"}


def ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def truth_profile(data, stem):
    with open(os.path.join(data, stem + ".track.csv")) as f:
        rows = [(float(r["t_s"]), float(r["odo_m"]), float(r["z_true_m"])) for r in csv.DictReader(f)]
    return rows


def at(rows, t):
    i = max(0, min(len(rows) - 1, int(round(t))))
    return rows[i]


def main():
    data, out = paths.DATA, os.path.join(paths.RESULTS, "json")
    tally = {}
    for name in sorted(os.listdir(data)):
        if not name.endswith(".truth.json"):
            continue
        truth = json.load(open(os.path.join(data, name)))
        stem = name[: -len(".truth.json")]
        tool_file = os.path.join(out, os.path.basename(truth["file"]) + ".json")
        if not os.path.exists(tool_file):
            continue
        tool = json.load(open(tool_file))
        rows = truth_profile(data, stem)
        t0 = ts(truth["t0"])
        alt = truth["altitude"]
        k = tally.setdefault(alt, {"km": 0.0, "steep": 0, "false": 0, "runs": 0})
        if truth["category"] in ("flat", "rolling", "loop"):
            k["runs"] += 1
            k["km"] += truth["distance_true_m"] / 1000.0
            for d in tool["descents"]:
                if d["band"] not in STEEP:
                    continue
                k["steep"] += 1
                a, b = at(rows, ts(d["start"]) - t0), at(rows, ts(d["end"]) - t0)
                run = b[1] - a[1]
                true_grade = 100.0 * (a[2] - b[2]) / run if run > 1 else 0.0
                if true_grade < 7.0:
                    k["false"] += 1
    for alt, k in sorted(tally.items()):
        per10 = lambda n: 10.0 * n / k["km"] if k["km"] else float("nan")
        print(f"{alt}: {k['runs']} runs without reps, {k['km']:.1f} km: {k['steep']} descents banded 8 %+ "
              f"({per10(k['steep']):.2f} per 10 km), {k['false']} under 7 % in the truth ({per10(k['false']):.2f} per 10 km)")


main()
