import math, random
from sim import *

def U(rng, a, b): return rng.uniform(a, b)

def flat_section(p, rng, n, rmin=None):
    p.add(kap_road(rng, n, rmin=rmin or rng.uniform(50, 200), corr=rng.uniform(60, 150)),
          grade_flat(rng, n, amp=rng.uniform(0.006, 0.015), wl=rng.uniform(150, 400)))

def easy_v(p, ve):
    return lambda s, d: max(1.6, ve / gap_factor(p.grade(s, d)))

def hill_kappa(rng, n, style):
    if style == "switchback":
        return kap_switchback(rng, n, leg=(80, 260), r=(6, 12), wiggle=rng.uniform(30, 80))
    if style == "trail":
        return kap_road(rng, n, rmin=rng.uniform(20, 40), corr=rng.uniform(15, 40))
    if style == "straight":
        return kap_road(rng, n, rmin=400, corr=200)
    return kap_road(rng, n, rmin=rng.uniform(40, 150), corr=rng.uniform(50, 120))

def auto_laps(run, every=1000.0):
    laps = []; nxt = every
    for t, o in zip(run.t, run.odo):
        if o >= nxt:
            laps.append(int(t)); nxt += every
    return laps

# ------------------------------------------------------------------ short reps
def short_session(rng, sub):
    ve = U(rng, 2.7, 3.5)
    n = rng.randint(8, 20) if sub != "few" else rng.randint(3, 6)
    L = U(rng, 84, 96) if sub != "short" else U(rng, 42, 58)
    g = U(rng, 8.4, 9.6) if sub != "gentle" else U(rng, 5.0, 6.0)
    p = Path(rng)
    W = int(U(rng, 1200, 3000)); flat_section(p, rng, W)
    p.add(kap_road(rng, 30, rmin=100), [0.0] * 30)          # flat approach at the top
    mt, mb = int(U(rng, 3, 20)), int(U(rng, 3, 25)); H = int(L) + mt + mb + 1
    style = rng.choice(["road", "road", "straight", "trail"])
    gh = grade_hill(rng, H, -g / 100, U(rng, 1.0, 2.0), U(rng, 30, 80), 8)
    s_hill = p.n; s_a = s_hill + mt; s_b = s_a + L
    gh = scale_to(gh, mt, mt + int(L), -g / 100)
    p.add(hill_kappa(rng, H, style), gh)
    p.add(kap_road(rng, 40, rmin=100), [0.0] * 40)
    C = int(U(rng, 1000, 2500)); flat_section(p, rng, C); p.finish()
    r = Runner(p, rng, 0.0)
    r.move(s_a, easy_v(p, ve), "easy", v_end=0)
    r.stand(U(rng, 10, 60))
    rec = "walk" if rng.random() < 0.7 else "jog"
    vrep0 = ve * U(rng, 1.45, 1.75); prog = rng.choice([0.0, 0.0, 0.004])
    acc, dec = U(rng, 2.0, 3.5), U(rng, 2.5, 4.0)
    reps = []; laps = []; lapping = rng.random() < 0.5
    s_start = s_a
    for i in range(n):
        t0 = r.now
        vr = vrep0 * (1 + prog * i + rng.gauss(0, 0.02))
        end = s_start + L + rng.gauss(0, 1.0)
        r.move(end, lambda s, d, vr=vr: vr, "rep", a_acc=acc, a_dec=dec, v_end=0)
        t1 = r.now; reps.append(r.seg_truth(t0, t1))
        if lapping and rng.random() > 0.05: laps += [int(t0), int(t1)]
        last = i == n - 1
        if last and rng.random() < 0.5:
            break
        r.stand(U(rng, 3, 40))
        s_start = s_a + rng.gauss(0, 1.5)
        if rec == "walk":
            vw = U(rng, 1.2, 1.6); r.move(s_start, lambda s, d, vw=vw: vw, "walk", a_acc=1, a_dec=1, noise_sd=0.04)
        else:
            vj = ve / gap_factor(g / 100) * U(rng, 0.85, 0.95)
            r.move(s_start, lambda s, d, vj=vj: vj, "jog", a_acc=1, a_dec=1.5)
        if not last:
            r.stand(U(rng, 5, 60))
    r.stand(U(rng, 5, 30))
    if r.s[-1] < s_b - 5:   # went back up: return the way we came
        r.move(0.0, easy_v(p, ve), "easy")
    else:
        r.move(p.n - 1, easy_v(p, ve), "easy")
    truth = dict(kind="short", compliant=(sub == "compliant"), reps=reps, recovery=rec, easy_speed_mps=round(ve, 2),
                 target=dict(n=n, length_m=round(L, 1), grade_pct=round(g, 2)), long_descents=[])
    return p, r, truth, laps

# ------------------------------------------------------------------ long reps
def long_session(rng, sub):
    ve = U(rng, 2.8, 3.5)
    n = rng.randint(2, 6)
    if sub == "compliant":
        L = U(rng, 1050, 1950); g = rng.choice([U(rng, 10.5, 11.7), U(rng, 12.5, 17.5), U(rng, 18.5, 19.6)])
    elif sub == "gentle":
        L = U(rng, 1100, 1500); g = U(rng, 6.0, 7.5); n = rng.randint(3, 4)
    else:  # too short
        L = U(rng, 550, 800); g = U(rng, 12, 15); n = rng.randint(3, 5)
    style = rng.choice(["switchback", "trail", "road"])
    p = Path(rng)
    W = int(U(rng, 1000, 2000)); flat_section(p, rng, W)
    mb, mt = int(U(rng, 20, 100)), int(U(rng, 20, 100)); H = int(L) + mb + mt + 1
    gh = grade_hill(rng, H, g / 100, U(rng, 1.5, 2.0), U(rng, 150, 400), 25)
    gh = scale_to(gh, mb, mb + int(L), g / 100)
    s_bot = p.n + mb; s_top = s_bot + L
    p.add(hill_kappa(rng, H, style), gh)
    p.add(kap_road(rng, 60, rmin=60), [0.0] * 60); p.finish()
    tech = U(rng, 0.8, 0.95) if style != "road" else 1.0
    r = Runner(p, rng, 0.0)
    up = lambda s, d, f=U(rng, 0.85, 1.0): max(1.3, ve * f / gap_factor(p.grade(s, d)))
    r.move(p.n - 30, easy_v(p, ve), "easy")   # warm-up + first climb (past the top)
    r.move(s_top, up, "jog"); r.stand(U(rng, 10, 120))
    reps = []; laps = []; lapping = rng.random() < 0.6; f_down = U(rng, 1.1, 1.35) * tech
    for i in range(n):
        t0 = r.now; fi = f_down * (1 + rng.gauss(0, 0.03))
        r.move(s_bot + rng.gauss(0, 3), lambda s, d, fi=fi: min(5.5, ve * fi / gap_factor(p.grade(s, d))), "rep",
               a_acc=1.5, a_dec=2.0)
        t1 = r.now; reps.append(r.seg_truth(t0, t1))
        if lapping: laps += [int(t0), int(t1)]
        r.stand(U(rng, 10, 90))
        if i < n - 1:
            r.move(s_top + rng.gauss(0, 3), up, "jog"); r.stand(U(rng, 10, 60))
    r.move(0.0, easy_v(p, ve), "easy")
    truth = dict(kind="long", compliant=(sub == "compliant"), reps=reps, recovery="jog", easy_speed_mps=round(ve, 2),
                 target=dict(n=n, length_m=round(L, 1), grade_pct=round(g, 2)), long_descents=[dict(x) for x in reps],
                 style=style)
    return p, r, truth, laps

# ------------------------------------------------------------------ intervals
def interval_session(rng, sub):
    ve = U(rng, 2.9, 3.6)
    D = U(rng, 2000, 3500); g = U(rng, 11, 16); style = rng.choice(["switchback", "road", "trail"])
    p = Path(rng)
    W = int(U(rng, 1000, 2000)); flat_section(p, rng, W)
    mb, mt = int(U(rng, 10, 30)), int(U(rng, 10, 30)); H = int(D) + mb + mt + 1
    gh = grade_hill(rng, H, g / 100, U(rng, 1.0, 2.0), U(rng, 200, 500), 30)
    gh = scale_to(gh, mb, mb + int(D), g / 100)
    s_bot = p.n + mb; s_top = s_bot + D
    p.add(hill_kappa(rng, H, style), gh)
    p.add(kap_road(rng, 50, rmin=60), [0.0] * 50); p.finish()
    tech = U(rng, 0.85, 0.95) if style != "road" else 1.0
    r = Runner(p, rng, 0.0)
    up = lambda s, d, f=U(rng, 0.85, 1.0): max(1.3, ve * f / gap_factor(p.grade(s, d)))
    r.move(s_bot - mb, easy_v(p, ve), "easy"); r.move(s_top, up, "jog"); r.stand(U(rng, 20, 120))
    ff, fs = U(rng, 1.3, 1.55) * tech, U(rng, 0.85, 1.0) * tech
    vf = lambda s, d: min(6.0, ve * ff / gap_factor(p.grade(s, d)))
    vs = lambda s, d: ve * fs / gap_factor(p.grade(s, d))
    t_desc0 = r.now; laps = [int(r.now)]; reps = []
    lead = rng.choice([0, U(rng, 20, 60)])
    if lead:
        r.move(s_bot, vs, "jog", t_max=lead, a_acc=1.0); laps.append(int(r.now))
    while True:
        rem = r.s[-1] - s_bot
        if rem < ve * ff / gap_factor(-g / 100) * 60 + 40:
            break
        t0 = r.now; r.move(s_bot, vf, "rep", t_max=60 + rng.gauss(0, 0.7), a_acc=U(rng, 1.0, 2.0), a_dec=2.0)
        reps.append(r.seg_truth(t0, r.now)); laps.append(int(r.now))
        if r.s[-1] - s_bot < 5:
            break
        r.move(s_bot, vs, "jog", t_max=60 + rng.gauss(0, 0.7), a_acc=1.0, a_dec=U(rng, 1.0, 2.0)); laps.append(int(r.now))
    r.move(s_bot, vs, "jog", a_dec=1.5)
    t_desc1 = r.now
    r.stand(U(rng, 10, 60)); r.move(0.0, easy_v(p, ve), "easy")
    truth = dict(kind="intervals", compliant=True, reps=reps, recovery="jog", easy_speed_mps=round(ve, 2),
                 target=dict(n=len(reps), length_m=round(D, 1), grade_pct=round(g, 2)),
                 long_descents=[r.seg_truth(t_desc0, t_desc1)], style=style)
    return p, r, truth, laps

# ------------------------------------------------------------------ no-rep runs
def mountain_session(rng, sub):
    ve = U(rng, 2.7, 3.4); D = U(rng, 3000, 6000); g = U(rng, 7, 12); style = rng.choice(["switchback", "trail", "road"])
    p = Path(rng); W = int(U(rng, 800, 2000)); flat_section(p, rng, W)
    gh = grade_hill(rng, int(D), g / 100, U(rng, 1.5, 2.5), U(rng, 300, 800), 40)
    s_bot = p.n; p.add(hill_kappa(rng, int(D), style), gh); s_top = p.n
    p.add(kap_road(rng, 60, rmin=60), [0.0] * 60); p.finish()
    tech = U(rng, 0.85, 0.95) if style != "road" else 1.0
    r = Runner(p, rng, 0.0)
    up = lambda s, d, f=U(rng, 0.85, 1.0): max(1.2, ve * f / gap_factor(p.grade(s, d)))
    r.move(s_bot, easy_v(p, ve), "easy"); r.move(s_top + 20, up, "jog"); r.stand(U(rng, 30, 300))
    r.move(s_top, lambda s, d: 1.5, "walk")
    fd = U(rng, 0.95, 1.15) * tech; t0 = r.now
    r.move(s_bot, lambda s, d: ve * fd / gap_factor(p.grade(s, d)), "easy", v_end=ve)
    t1 = r.now; r.move(0.0, easy_v(p, ve), "easy")
    truth = dict(kind="none", compliant=False, reps=[], easy_speed_mps=round(ve, 2),
                 target=dict(length_m=round(D, 1), grade_pct=round(g, 2)), long_descents=[r.seg_truth(t0, t1)], style=style)
    return p, r, truth, auto_laps(r)

def flat_session(rng, sub):
    ve = U(rng, 2.7, 3.6); p = Path(rng); D = int(U(rng, 4000, 10000)); flat_section(p, rng, D); p.finish()
    r = Runner(p, rng, 0.0)
    if rng.random() < 0.5:
        r.move(D / 2, easy_v(p, ve), "easy"); r.stand(U(rng, 5, 30)); r.move(0.0, easy_v(p, ve), "easy")
    else:
        r.move(D - 1, easy_v(p, ve), "easy")
    return p, r, dict(kind="none", compliant=False, reps=[], easy_speed_mps=round(ve, 2), long_descents=[]), auto_laps(r)

def rolling_session(rng, sub):
    ve = U(rng, 2.7, 3.5); p = Path(rng)
    total = U(rng, 6000, 12000)
    while p.n < total:
        flat_section(p, rng, int(U(rng, 150, 700)))
        for sgn in rng.sample([1, -1], 2):
            n = int(U(rng, 100, 450)); gg = U(rng, 3, 8) / 100 * sgn
            p.add(hill_kappa(rng, n, rng.choice(["road", "trail"])), grade_hill(rng, n, gg, 1.0, 100, 15))
            if rng.random() < 0.5: flat_section(p, rng, int(U(rng, 30, 200)))
    p.finish(); r = Runner(p, rng, 0.0); r.move(p.n - 1, easy_v(p, ve), "easy")
    return p, r, dict(kind="none", compliant=False, reps=[], easy_speed_mps=round(ve, 2), long_descents=[]), auto_laps(r)

def loop_session(rng, sub):
    """2-4 laps of a closed rolling loop (same descents run again each lap)"""
    ve = U(rng, 2.7, 3.5); R = U(rng, 250, 450)
    ks = [(k, U(rng, 0, 0.12 / k), U(rng, 0, 6.3)) for k in range(2, 5)]
    pts = []; M = 4000
    for j in range(M + 1):
        th = 2 * math.pi * j / M; rr = R * (1 + sum(a * math.cos(k * th + ph) for k, a, ph in ks))
        pts.append((rr * math.cos(th), rr * math.sin(th)))
    cum = [0.0]
    for a, b in zip(pts, pts[1:]): cum.append(cum[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    P = cum[-1]; laps_n = rng.randint(2, 4)
    comps = [(k, U(rng, 0.5, 1.0), U(rng, 0, 6.3)) for k in range(1, 4)]
    def zr(s): return sum(a / k * math.sin(2 * math.pi * k * s / P + ph) for k, a, ph in comps)
    gmax = max(abs(zr(s + 1) - zr(s)) for s in range(0, int(P)))
    scale = U(rng, 0.05, 0.085) / gmax
    p = Path(rng); p.x, p.y, p.z, p.k = [], [], [], []
    z0 = U(rng, 300, 1200); j = 0
    for s in range(int(P) * laps_n):
        sl = s % P
        while cum[j + 1] < sl: j += 1
        if cum[j] > sl: j = 0
        while cum[j + 1] < sl: j += 1
        f = (sl - cum[j]) / (cum[j + 1] - cum[j])
        p.x.append(pts[j][0] + f * (pts[j + 1][0] - pts[j][0])); p.y.append(pts[j][1] + f * (pts[j + 1][1] - pts[j][1]))
        p.z.append(z0 + scale * zr(sl))
    for i in range(len(p.x) - 1):
        p.k.append(0.0)
    # curvature from geometry
    for i in range(1, len(p.x) - 1):
        h0 = math.atan2(p.y[i] - p.y[i - 1], p.x[i] - p.x[i - 1]); h1 = math.atan2(p.y[i + 1] - p.y[i], p.x[i + 1] - p.x[i])
        p.k[i] = abs((h1 - h0 + math.pi) % (2 * math.pi) - math.pi)
    p.finish(); r = Runner(p, rng, 0.0); r.move(p.n - 1, easy_v(p, ve), "easy")
    return p, r, dict(kind="none", compliant=False, reps=[], easy_speed_mps=round(ve, 2), long_descents=[],
                      loop_m=round(P), laps=laps_n, max_grade_pct=round(100 * scale * gmax, 1)), auto_laps(r)

PLAN = [  # (category, sub, count)
    ("short", "compliant", 40), ("short", "few", 8), ("short", "short", 8), ("short", "gentle", 8),
    ("long", "compliant", 24), ("long", "gentle", 3), ("long", "short", 3),
    ("intervals", "compliant", 24),
    ("flat", "-", 8), ("rolling", "-", 10), ("mountain", "-", 8), ("loop", "-", 6),
]
FUN = dict(short=short_session, long=long_session, intervals=interval_session, flat=flat_session,
           rolling=rolling_session, mountain=mountain_session, loop=loop_session)
