"""Generate all sessions into $INDSIM_DIR/data (GPX/TCX + truth JSON + 1 Hz truth track)."""
import os, sys, json, random, datetime, math
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import DATA
from sim import *
from sessions import PLAN, FUN

OUT = DATA

def main(seed=20251201, only=None):
    os.makedirs(OUT, exist_ok=True)
    master = random.Random(seed)
    sid = 0; index = []
    SAMP = ["1s", "smart", "1s", "smart", "5s"]
    for cat, sub, cnt in PLAN:
        for i in range(cnt):
            sid += 1
            sseed = master.randrange(1 << 30)
            if only and sid not in only:
                continue
            rng = random.Random(sseed)
            alt = ["baro", "gps"][i % 2]
            sampling = SAMP[(i // 2) % 5]
            fmt = "tcx" if (alt == "baro" and (i // 2) % 3 == 2) else "gpx"
            autopause = rng.random() < (0.4 if alt == "baro" else 0.3)
            p, run, truth, laps = FUN[cat](rng, sub)
            pts, track, info, paused = record(run, rng, alt, sampling, autopause)
            lat0, lon0 = rng.uniform(44.5, 47.5), rng.uniform(6, 12)
            t0 = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
                days=rng.randrange(300), seconds=rng.randrange(5 * 3600, 17 * 3600))
            name = f"{sid:03d}_{cat}_{sub if sub != '-' else 'run'}_{alt}_{sampling}"
            fn = os.path.join(OUT, name + "." + fmt)
            if fmt == "gpx":
                creator = "Garmin Forerunner 955" if alt == "baro" else "Strava Android"
                with_cad = alt == "baro" and rng.random() < 0.5
                write_gpx(fn, pts, t0, lat0, lon0, creator, name, with_cad)
            else:
                with_cad = True
                write_tcx(fn, pts, t0, lat0, lon0, "Forerunner 955", laps)
            def abs_t(x):
                return iso(t0, x)
            for rp in truth["reps"] + truth["long_descents"]:
                rp["start"] = abs_t(rp["start_s"]); rp["end"] = abs_t(rp["end_s"]); rp["band"] = band(rp["grade_pct"])
            truth.update(id=sid, file=fn, category=cat, sub=sub, altitude=alt, sampling=sampling, format=fmt,
                         autopause=autopause, pauses=[[round(a, 1), round(b, 1)] for a, b in paused],
                         cadence=with_cad, t0=t0.strftime("%Y-%m-%dT%H:%M:%SZ"), seed=sseed, points=len(pts),
                         duration_s=round(run.now), distance_true_m=round(run.odo[-1]), sensor=info,
                         laps_in_file=len(laps) if fmt == "tcx" else 0, rep_count=len(truth["reps"]))
            json.dump(truth, open(os.path.join(OUT, name + ".truth.json"), "w"), indent=1)
            with open(os.path.join(OUT, name + ".track.csv"), "w") as f:
                f.write("t_s,odo_m,z_true_m\n")
                for t, o, z in track:
                    f.write(f"{t},{o},{z}\n")
            index.append(dict(id=sid, name=name, file=fn))
            print(f"[gen] {name}: {len(pts)} pts, {truth['rep_count']} reps, {round(run.now)} s", flush=True)
    if not only:
        json.dump(index, open(os.path.join(OUT, "index.json"), "w"), indent=1)

if __name__ == "__main__":
    only = set(int(a) for a in sys.argv[1:]) or None
    main(only=only)
