//! Courses: a 2-D path with an elevation profile along it, tabulated every metre.
//!
//! A course is built from [`Section`]s laid end to end (flats, constant-grade road hills,
//! undulating trail hills) and a [`PathStyle`] that bends the path (gentle bends, hairpins).
//! Trail undulation is a sum of `sin(pi k x / L)` modes, which vanish at both ends of the
//! section, so a section's net drop is exactly `grade x length`: the truth stays exact.

use rand::Rng;
use rand_distr::{Distribution, Normal};

/// Surface and shape of a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Terrain {
    /// Constant grade (asphalt, gravel road).
    Road,
    /// Grade varying along the section and small bumps.
    Trail {
        /// Standard deviation of the local grade around the nominal one, as a fraction of
        /// the nominal grade (0.3 = a 10 % trail runs between ~4 and ~16 %). Keep below ~0.5
        /// so that a descent never turns into a climb.
        grade_variation: f64,
        /// Amplitude of short bumps (10-30 m wavelength), metres.
        bump_m: f64,
        /// RMS of long undulations on flats (100-300 m wavelength), metres.
        undulation_m: f64,
    },
}

impl Terrain {
    /// A typical trail: grade +-30 %, 0.2 m bumps, 0.3 m RMS undulation on flats (a flat
    /// that undulates by more is a string of small hills).
    pub fn trail() -> Terrain {
        Terrain::Trail {
            grade_variation: 0.3,
            bump_m: 0.2,
            undulation_m: 0.3,
        }
    }
    /// Whether this is trail terrain.
    pub fn is_trail(self) -> bool {
        matches!(self, Terrain::Trail { .. })
    }
}

/// One piece of a course, in the direction of increasing course distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    /// Horizontal length.
    pub length_m: f64,
    /// Net grade in percent, signed: negative goes down in the course direction.
    pub grade_pct: f64,
    /// Surface and shape.
    pub terrain: Terrain,
}

impl Section {
    /// A flat section of `length_m` (grade 0).
    pub fn flat(length_m: f64, terrain: Terrain) -> Section {
        Section {
            length_m,
            grade_pct: 0.0,
            terrain,
        }
    }
    /// A section of `length_m` at net `grade_pct` (signed: negative goes down).
    pub fn hill(length_m: f64, grade_pct: f64, terrain: Terrain) -> Section {
        Section {
            length_m,
            grade_pct,
            terrain,
        }
    }
    /// Whether the section counts as a hill (a descent in one of the two directions).
    pub fn is_hill(&self) -> bool {
        self.grade_pct.abs() >= 1.0
    }
}

/// How the path bends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathStyle {
    /// Probability that a piece of path (30-150 m) is a bend rather than straight.
    pub bend_prob: f64,
    /// Largest turn of a bend, degrees.
    pub max_bend_deg: f64,
    /// Probability that a piece of path is a hairpin (180 deg over ~15 m).
    pub hairpin_prob: f64,
}

impl PathStyle {
    /// A straight path: no bends, no hairpins.
    pub fn straight() -> PathStyle {
        PathStyle {
            bend_prob: 0.0,
            max_bend_deg: 0.0,
            hairpin_prob: 0.0,
        }
    }
    /// A road: some bends up to 60 deg, rare hairpins.
    pub fn road() -> PathStyle {
        PathStyle {
            bend_prob: 0.3,
            max_bend_deg: 60.0,
            hairpin_prob: 0.02,
        }
    }
    /// A trail: frequent bends up to 90 deg, hairpins.
    pub fn trail() -> PathStyle {
        PathStyle {
            bend_prob: 0.5,
            max_bend_deg: 90.0,
            hairpin_prob: 0.1,
        }
    }
}

/// Where a section lies on the course.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SectionSpan {
    /// Course distance where the section begins, m.
    pub start_m: f64,
    /// Course distance where it ends, m.
    pub end_m: f64,
    /// The section (its length rounded to whole metres).
    pub section: Section,
}

/// A course tabulated every metre: position (local east/north metres) and true elevation.
#[derive(Debug, Clone)]
pub struct Course {
    x_m: Vec<f64>,
    y_m: Vec<f64>,
    z_m: Vec<f64>,
    /// Where each section lies, in course order.
    pub spans: Vec<SectionSpan>,
}

impl Course {
    /// Lay `sections` end to end starting at `start_elevation_m`, bending the path by `style`.
    pub fn build<R: Rng>(
        sections: &[Section],
        style: &PathStyle,
        start_elevation_m: f64,
        rng: &mut R,
    ) -> Course {
        let mut spans = Vec::with_capacity(sections.len());
        let mut z_m = vec![start_elevation_m];
        let mut at = 0.0;
        for sec in sections {
            let n = sec.length_m.round().max(1.0) as usize;
            let len = n as f64;
            let z0 = *z_m.last().unwrap_or(&start_elevation_m);
            let shape = SectionShape::new(sec, len, rng);
            for i in 1..=n {
                z_m.push(z0 + shape.rel_elevation(i as f64));
            }
            spans.push(SectionSpan {
                start_m: at,
                end_m: at + len,
                section: Section {
                    length_m: len,
                    ..*sec
                },
            });
            at += len;
        }
        let (x_m, y_m) = bend_path(z_m.len(), style, rng);
        Course {
            x_m,
            y_m,
            z_m,
            spans,
        }
    }

    /// The course's length, m.
    pub fn length_m(&self) -> f64 {
        (self.z_m.len().saturating_sub(1)) as f64
    }

    fn interp(v: &[f64], s_m: f64) -> f64 {
        let last = v.len().saturating_sub(1);
        let s = s_m.clamp(0.0, last as f64);
        let i = (s.floor() as usize).min(last.saturating_sub(1));
        let f = s - i as f64;
        match (v.get(i), v.get(i + 1)) {
            (Some(a), Some(b)) => a + (b - a) * f,
            (Some(a), None) => *a,
            _ => 0.0,
        }
    }

    /// Local east/north position at course distance `s_m`.
    pub fn position_m(&self, s_m: f64) -> (f64, f64) {
        (Self::interp(&self.x_m, s_m), Self::interp(&self.y_m, s_m))
    }

    /// True elevation at course distance `s_m`.
    pub fn elevation_m(&self, s_m: f64) -> f64 {
        Self::interp(&self.z_m, s_m)
    }

    /// Local grade (rise / run, a fraction) over the metre at `s_m`, course direction.
    pub fn grade(&self, s_m: f64) -> f64 {
        self.elevation_m(s_m + 0.5) - self.elevation_m(s_m - 0.5)
    }

    /// The section at `s_m`.
    pub fn span_at(&self, s_m: f64) -> Option<&SectionSpan> {
        self.spans
            .iter()
            .find(|sp| s_m >= sp.start_m && s_m < sp.end_m)
            .or(self.spans.last())
    }
}

/// The elevation of one section relative to its start.
struct SectionShape {
    grade: f64,
    len: f64,
    /// (amplitude m, mode k) of sin(pi k x / len).
    modes: Vec<(f64, f64)>,
}

impl SectionShape {
    fn new<R: Rng>(sec: &Section, len: f64, rng: &mut R) -> SectionShape {
        let grade = sec.grade_pct / 100.0;
        let mut modes = Vec::new();
        let unit = Normal::new(0.0, 1.0).expect("unit normal");
        if let Terrain::Trail {
            grade_variation,
            bump_m,
            undulation_m,
        } = sec.terrain
        {
            // Grade variation: wavelengths 2L/k between 60 and 600 m. A mode of amplitude A
            // has grade amplitude A pi k / L; spread the variance over the modes.
            let ks: Vec<f64> = (1..)
                .map(|k| k as f64)
                .take_while(|k| 2.0 * len / k >= 60.0)
                .filter(|k| 2.0 * len / k <= 600.0 || *k == 1.0)
                .collect();
            let per_mode = grade_variation * grade.abs() * (2.0 / ks.len().max(1) as f64).sqrt();
            for &k in &ks {
                let a = per_mode * len / (std::f64::consts::PI * k) * unit.sample(rng) * 0.7;
                modes.push((a, k));
            }
            if grade == 0.0 && undulation_m > 0.0 {
                // Wavelengths 100-300 m, total RMS `undulation_m`.
                let ks: Vec<f64> = (1..)
                    .map(|k| k as f64)
                    .take_while(|k| 2.0 * len / k >= 100.0)
                    .filter(|k| 2.0 * len / k <= 300.0)
                    .collect();
                let per_mode = undulation_m * (2.0 / ks.len().max(1) as f64).sqrt();
                for k in ks {
                    modes.push((per_mode * unit.sample(rng), k));
                }
            }
            if bump_m > 0.0 {
                for _ in 0..3 {
                    let wl = rng.gen_range(10.0..30.0);
                    let k = (2.0 * len / wl).round().max(1.0);
                    modes.push((bump_m * unit.sample(rng) * 0.6, k));
                }
            }
        }
        SectionShape { grade, len, modes }
    }

    fn rel_elevation(&self, x: f64) -> f64 {
        let pi = std::f64::consts::PI;
        self.grade * x
            + self
                .modes
                .iter()
                .map(|(a, k)| a * (pi * k * x / self.len).sin())
                .sum::<f64>()
    }
}

/// Positions every metre along a path of `n` points bent by `style`.
fn bend_path<R: Rng>(n: usize, style: &PathStyle, rng: &mut R) -> (Vec<f64>, Vec<f64>) {
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    let mut heading = rng.gen_range(0.0..std::f64::consts::TAU);
    let (mut px, mut py) = (0.0, 0.0);
    let mut i = 0;
    while i < n {
        let u: f64 = rng.r#gen();
        let (len, turn) = if u < style.hairpin_prob {
            let side = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
            (15usize, side * std::f64::consts::PI)
        } else if u < style.hairpin_prob + style.bend_prob {
            let deg = rng.gen_range(0.0..=style.max_bend_deg.max(0.0));
            let side = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
            (rng.gen_range(20..60), side * deg.to_radians())
        } else {
            (rng.gen_range(30..150), 0.0)
        };
        let per_m = turn / len as f64;
        for _ in 0..len {
            if i >= n {
                break;
            }
            x.push(px);
            y.push(py);
            heading += per_m;
            px += heading.cos();
            py += heading.sin();
            i += 1;
        }
    }
    (x, y)
}
