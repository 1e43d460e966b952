"""Independent downhill-session simulator (pure Python, no numpy).
World = one polyline path (1 m steps) with true elevation; runner kinematics at 0.2 s;
sensors: receiver lag + OU horizontal error + jitter + rare multipath; baro (lag, offset,
drift, white, 0.2 m quantization) or GPS altitude (OU 5-10 m, minutes); 1 s / smart / 5 s
recording; auto-pause; GPX 1.1 or TCX writers; truth JSON + 1 Hz truth track."""
import math, random, json, os, datetime

BAND_EDGES = [8, 10, 12, 18]
BAND_LABELS = ["gentle", "8-10", "10-12", "12-18", "18+"]
def band(g):
    for e, l in zip(BAND_EDGES, BAND_LABELS):
        if g < e:
            return l
    return BAND_LABELS[-1]

# ---------------------------------------------------------------- world
class Path:
    def __init__(self, rng, z0=None):
        self.rng = rng
        self.x = [0.0]; self.y = [0.0]; self.z = [z0 if z0 is not None else rng.uniform(300, 1500)]
        self.h = rng.uniform(0, 2 * math.pi)
        self.k = []
        self.marks = {}
    @property
    def n(self):
        return len(self.x) - 1  # length in m
    def add(self, kap, grd):
        assert len(kap) == len(grd)
        for kk, gg in zip(kap, grd):
            self.h += kk
            self.x.append(self.x[-1] + math.cos(self.h))
            self.y.append(self.y[-1] + math.sin(self.h))
            self.z.append(self.z[-1] + gg)
            self.k.append(abs(kk))
    def finish(self):
        self.k.append(0.0)
        # smoothed curvature, then max-ahead lookup handled by runner
        n = len(self.k)
        sm = [0.0] * n
        for i in range(n):
            a, b = max(0, i - 3), min(n, i + 4)
            sm[i] = sum(self.k[a:b]) / (b - a)
        self.ks = sm
    def at(self, s):
        s = min(max(s, 0.0), self.n)
        i = min(int(s), self.n - 1); f = s - i
        return (self.x[i] + f * (self.x[i + 1] - self.x[i]),
                self.y[i] + f * (self.y[i + 1] - self.y[i]),
                self.z[i] + f * (self.z[i + 1] - self.z[i]))
    def zat(self, s):
        return self.at(s)[2]
    def grade(self, s, d=1):
        s = min(max(s, 0), self.n - 6)
        return (self.zat(s + 5) - self.zat(s)) / 5.0 * d
    def kahead(self, s, d, look=12):
        i0 = int(s); best = 0.0
        for j in range(0, look, 2):
            i = i0 + d * j
            if 0 <= i < len(self.ks):
                best = max(best, self.ks[i])
        return best

# curvature generators (return per-metre heading increments)
def kap_road(rng, n, rmin=80.0, corr=100.0):
    out = []; k = 0.0; a = math.exp(-1.0 / corr); sd = 0.6 / rmin
    for _ in range(n):
        k = a * k + sd * math.sqrt(1 - a * a) * rng.gauss(0, 1)
        k = max(-1 / rmin, min(1 / rmin, k)); out.append(k)
    return out

def kap_switchback(rng, n, leg=(80, 250), r=(6, 12), wiggle=60.0):
    out = []; sign = rng.choice([-1, 1])
    while len(out) < n:
        L = int(rng.uniform(*leg))
        out.extend(kap_road(rng, L, rmin=wiggle, corr=25))
        rr = rng.uniform(*r); ang = math.radians(rng.uniform(150, 180))
        m = max(3, int(ang * rr))
        out.extend([sign * ang / m] * m); sign = -sign
    return out[:n]

def smooth_noise(rng, n, amp, wl):
    """sum of two sinusoids, amplitude amp (fraction), wavelengths around wl m"""
    comps = [(amp * rng.uniform(0.4, 0.7), wl * rng.uniform(0.6, 1.4), rng.uniform(0, 6.3)) for _ in range(2)]
    return [sum(a * math.sin(2 * math.pi * i / w + p) for a, w, p in comps) for i in range(n)]

def ramp(n, r):
    out = []
    for i in range(n):
        u = min(1.0, i / r if r else 1.0, (n - 1 - i) / r if r else 1.0)
        u = max(0.0, u); out.append(u * u * (3 - 2 * u))
    return out

def grade_flat(rng, n, amp=0.012, wl=250):
    return smooth_noise(rng, n, amp, wl)

def grade_hill(rng, n, gmean, var_pp, wl, rampm, base=0.0):
    """signed grade (negative = down in forward direction); ramps at both ends to base"""
    noise = smooth_noise(rng, n, var_pp / 100.0, wl)
    rp = ramp(n, rampm)
    return [base + (gmean + noise[i] - base) * rp[i] for i in range(n)]

def scale_to(g, i0, i1, target_mean):
    cur = sum(g[i0:i1]) / (i1 - i0)
    f = target_mean / cur
    return [v * f for v in g]

# ---------------------------------------------------------------- runner
def gap_factor(g):
    # flat-equivalent effort factor (Strava-like fit): >1 = harder
    if g >= 0:
        return 1 + 3.2 * g + 14 * g * g
    return 1 + 2.885 * g + 16.45 * g * g

class Runner:
    DT = 0.2
    def __init__(self, path, rng, s0):
        self.p = path; self.rng = rng
        self.t = [0.0]; self.s = [s0]; self.odo = [0.0]; self.mode = ["stand"]
        self.v = 0.0; self.noise = 0.0
        self.stands = []  # (t0, t1)
        self.a_lat = rng.uniform(1.2, 2.0)
    @property
    def now(self):
        return self.t[-1]
    def _push(self, dt, s, mode):
        self.odo.append(self.odo[-1] + abs(s - self.s[-1]))
        self.t.append(self.t[-1] + dt); self.s.append(s); self.mode.append(mode)
    def stand(self, dur):
        t0 = self.now; n = max(1, int(dur / 1.0))
        for _ in range(n):
            self._push(dur / n, self.s[-1], "stand")
        self.v = 0.0; self.stands.append((t0, self.now))
    def move(self, s_to, vfun, mode, a_acc=1.5, a_dec=2.0, v_end=0.0, t_max=None, noise_sd=0.03):
        d = 1 if s_to > self.s[-1] else -1
        dt = self.DT; a = math.exp(-dt / 10.0); t_start = self.now
        while True:
            s = self.s[-1]; rem = abs(s_to - s)
            if rem < 1e-3:
                break
            if t_max is not None and self.now - t_start >= t_max - 1e-9:
                break
            self.noise = a * self.noise + noise_sd * math.sqrt(1 - a * a) * self.rng.gauss(0, 1)
            vt = vfun(s, d) * (1 + self.noise)
            kk = self.p.kahead(s, d)
            if kk > 1e-4:
                vt = min(vt, max(1.0, math.sqrt(self.a_lat / kk)))
            vt = min(vt, math.sqrt(v_end * v_end + 2 * a_dec * rem))
            if self.v < vt:
                self.v = min(vt, self.v + a_acc * dt)
            else:
                self.v = max(vt, self.v - a_dec * 1.3 * dt)
            self.v = max(self.v, 0.3)
            step = self.v * dt
            if step >= rem:
                self._push(rem / self.v, s_to, mode); break
            self._push(dt, s + d * step, mode)
        if t_max is None or abs(self.s[-1] - s_to) < 1e-3:
            self.v = v_end if abs(self.s[-1] - s_to) < 1e-3 else self.v

    # ---- truth queries
    def interp(self, t, arr):
        import bisect
        i = bisect.bisect_right(self.t, t) - 1
        i = max(0, min(i, len(self.t) - 2))
        t0, t1 = self.t[i], self.t[i + 1]
        f = 0 if t1 == t0 else (t - t0) / (t1 - t0)
        f = max(0.0, min(1.0, f))
        return arr[i] + f * (arr[i + 1] - arr[i])
    def seg_truth(self, t0, t1):
        s0, s1 = self.interp(t0, self.s), self.interp(t1, self.s)
        o0, o1 = self.interp(t0, self.odo), self.interp(t1, self.odo)
        L = o1 - o0; drop = self.p.zat(s0) - self.p.zat(s1)
        return dict(start_s=round(t0, 1), end_s=round(t1, 1), length_m=round(L, 1), drop_m=round(drop, 2),
                    grade_pct=round(100 * drop / L, 2) if L > 0 else None)

# ---------------------------------------------------------------- sensors
def record(run, rng, alt, sampling, autopause):
    p = run.p
    T = int(run.now)
    secs = list(range(0, T + 1))
    # auto-pause intervals from standing
    paused = []
    if autopause:
        for a, b in run.stands:
            if b - a > 6:
                paused.append((a + rng.uniform(2, 4), b - rng.uniform(0, 1.0)))
    def is_paused(t):
        return any(a <= t <= b for a, b in paused)
    # true 1 Hz
    tx, ty, tz, tm = [], [], [], []
    for t in secs:
        s = run.interp(t, run.s); x, y, z = p.at(s)
        tx.append(x); ty.append(y); tz.append(z)
        import bisect
        i = max(0, bisect.bisect_right(run.t, t) - 1); tm.append(run.mode[min(i + 1, len(run.mode) - 1)])
    # receiver lag (cuts corners)
    tau = rng.uniform(1.0, 2.5); al = 1 - math.exp(-1.0 / tau)
    fx, fy = [tx[0]], [ty[0]]
    for i in range(1, len(secs)):
        fx.append(fx[-1] + al * (tx[i] - fx[-1])); fy.append(fy[-1] + al * (ty[i] - fy[-1]))
    # OU horizontal error
    sig = rng.uniform(2.0, 4.0); tc = rng.uniform(40, 90); a = math.exp(-1.0 / tc); q = math.sqrt(1 - a * a)
    ex, ey = rng.gauss(0, sig), rng.gauss(0, sig)
    gx, gy = [], []
    spike = 0; sx = sy = 0.0; spikes = []
    for i in range(len(secs)):
        ex = a * ex + sig * q * rng.gauss(0, 1); ey = a * ey + sig * q * rng.gauss(0, 1)
        if spike == 0 and rng.random() < 1 / 2500:
            spike = rng.randint(1, 3); ang = rng.uniform(0, 6.3); mag = rng.uniform(10, 30); spikes.append([secs[i], spike, round(mag, 1)])
            sx, sy = mag * math.cos(ang), mag * math.sin(ang)
        ox, oy = (sx, sy) if spike > 0 else (0.0, 0.0)
        spike = max(0, spike - 1)
        gx.append(fx[i] + ex + ox + rng.gauss(0, 0.5)); gy.append(fy[i] + ey + oy + rng.gauss(0, 0.5))
    # altitude
    info = {}
    if alt == "baro":
        btau = rng.uniform(2, 4); ba = 1 - math.exp(-1.0 / btau)
        off = rng.uniform(-8, 8); drift = rng.uniform(1, 8) * rng.choice([-1, 1]) / 3600.0
        wsd = rng.uniform(0.1, 0.3); lz = tz[0]; ez = []
        rw = 0.0
        for i in range(len(secs)):
            lz += ba * (tz[i] - lz)
            rw += rng.gauss(0, 0.004)
            v = lz + off + drift * i + rw + rng.gauss(0, wsd)
            ez.append(round(round(v / 0.2) * 0.2, 1))
        info = dict(offset_m=round(off, 2), drift_m_per_h=round(drift * 3600, 2), white_sd_m=round(wsd, 2), lag_s=round(btau, 1))
    else:
        zsig = rng.uniform(5, 10); ztc = rng.uniform(120, 400); za = math.exp(-1.0 / ztc); zq = math.sqrt(1 - za * za)
        e = rng.gauss(0, zsig); ez = []
        for i in range(len(secs)):
            e = za * e + zsig * zq * rng.gauss(0, 1)
            ez.append(round(tz[i] + e + rng.gauss(0, 1.0), 1))
        info = dict(gps_alt_sd_m=round(zsig, 2), gps_alt_tau_s=round(ztc))
    info.update(gps_spikes=spikes, h_sd_m=round(sig, 2), h_tau_s=round(tc), rx_lag_s=round(tau, 2))
    # cadence (steps/min)
    cad = []
    for i, t in enumerate(secs):
        v = math.hypot(tx[min(i + 1, len(secs) - 1)] - tx[max(i - 1, 0)], ty[min(i + 1, len(secs) - 1)] - ty[max(i - 1, 0)]) / 2
        m = tm[i]
        if m == "stand" or v < 0.4:
            c = 0
        elif m == "walk":
            c = 100 + 12 * v + rng.gauss(0, 2)
        else:
            c = min(200, max(150, 140 + 9 * v)) + rng.gauss(0, 2)
        cad.append(int(round(c)))
    # sampling
    keep = []
    last = None; nextmax = rng.uniform(6, 10)
    for i, t in enumerate(secs):
        if is_paused(t):
            continue
        if sampling == "1s":
            keep.append(i); continue
        if sampling == "5s":
            if t % 5 == 0:
                keep.append(i)
            continue
        # smart
        if last is None:
            keep.append(i); last = i; continue
        el = t - secs[last]
        hd = 0.0
        if i >= 2:
            h1 = math.atan2(gy[i] - gy[i - 1], gx[i] - gx[i - 1]); h0 = math.atan2(gy[last] - gy[max(last - 1, 0)], gx[last] - gx[max(last - 1, 0)])
            hd = abs((h1 - h0 + math.pi) % (2 * math.pi) - math.pi)
        v1 = math.hypot(tx[i] - tx[i - 1], ty[i] - ty[i - 1]); v0 = math.hypot(tx[last] - tx[max(last - 1, 0)], ty[last] - ty[max(last - 1, 0)])
        interest = math.degrees(hd) / 30.0 + abs(v1 - v0) / 1.0
        if el >= nextmax or (el >= 2 and interest * el / 3.0 > 1.0) or (i > 0 and is_paused(secs[i] - 1)):
            keep.append(i); last = i; nextmax = rng.uniform(5, 10)
    pts = [dict(t=secs[i], x=gx[i], y=gy[i], z=ez[i], cad=cad[i]) for i in keep]
    truth_track = [(secs[i], round(run.interp(secs[i], run.odo), 2), round(tz[i], 3)) for i in range(len(secs))]
    return pts, truth_track, info, paused

# ---------------------------------------------------------------- writers
def to_ll(x, y, lat0, lon0):
    return lat0 + y / 111320.0, lon0 + x / (111320.0 * math.cos(math.radians(lat0)))

def iso(t0, t):
    return (t0 + datetime.timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")

def write_gpx(fn, pts, t0, lat0, lon0, creator, name, with_cad):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gpx creator="{creator}" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" '
           'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
           f' <metadata><time>{iso(t0, 0)}</time></metadata>',
           f' <trk><name>{name}</name><type>running</type><trkseg>']
    for p in pts:
        la, lo = to_ll(p["x"], p["y"], lat0, lon0)
        ext = ""
        if with_cad:
            ext = f'<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>{p["cad"] // 2}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>'
        out.append(f'  <trkpt lat="{la:.7f}" lon="{lo:.7f}"><ele>{p["z"]:.1f}</ele><time>{iso(t0, p["t"])}</time>{ext}</trkpt>')
    out.append(' </trkseg></trk>\n</gpx>\n')
    open(fn, "w").write("\n".join(out))

def write_tcx(fn, pts, t0, lat0, lon0, device, laps):
    """laps: sorted list of lap start times (s), first 0"""
    # cumulative distance as the watch would (from recorded points, lightly smoothed)
    dist = [0.0]
    for a, b in zip(pts, pts[1:]):
        # the watch does not accumulate distance while standing still
        step = math.hypot(b["x"] - a["x"], b["y"] - a["y"]) * 0.985 if b["cad"] > 0 else 0.0
        dist.append(dist[-1] + step)
    bounds = sorted(set([0] + [l for l in laps if l > 0])) + [pts[-1]["t"] + 1]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
           'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
           ' <Activities>', '  <Activity Sport="Running">', f'   <Id>{iso(t0, 0)}</Id>']
    for li in range(len(bounds) - 1):
        a, b = bounds[li], bounds[li + 1]
        idx = [i for i, p in enumerate(pts) if a <= p["t"] < b]
        if not idx:
            continue
        d = dist[idx[-1]] - dist[idx[0]]
        out.append(f'   <Lap StartTime="{iso(t0, pts[idx[0]]["t"])}">')
        out.append(f'    <TotalTimeSeconds>{pts[idx[-1]]["t"] - pts[idx[0]]["t"] + 1:.1f}</TotalTimeSeconds>')
        out.append(f'    <DistanceMeters>{d:.1f}</DistanceMeters><Calories>0</Calories>')
        out.append('    <Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>')
        out.append('    <Track>')
        for i in idx:
            p = pts[i]; la, lo = to_ll(p["x"], p["y"], lat0, lon0)
            out.append(f'     <Trackpoint><Time>{iso(t0, p["t"])}</Time><Position><LatitudeDegrees>{la:.7f}</LatitudeDegrees>'
                       f'<LongitudeDegrees>{lo:.7f}</LongitudeDegrees></Position><AltitudeMeters>{p["z"]:.1f}</AltitudeMeters>'
                       f'<DistanceMeters>{dist[i]:.1f}</DistanceMeters><Extensions><ns3:TPX><ns3:RunCadence>{p["cad"] // 2}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>')
        out.append('    </Track>')
        out.append('   </Lap>')
    out.append(f'   <Creator xsi:type="Device_t"><Name>{device}</Name><UnitId>3999999999</UnitId><ProductID>4024</ProductID>'
               '<Version><VersionMajor>19</VersionMajor><VersionMinor>18</VersionMinor></Version></Creator>')
    out.append('  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n')
    open(fn, "w").write("\n".join(out))
