//! A sentence of the model whose quantities stay numbers: the words are fixed where the
//! figure is computed (a check, a verdict), the lengths and speeds in it are shown by each
//! renderer in its units ([`crate::report::units::Units::phrase`]).
//!
//! Serialized (JSON) and displayed as its SI text: metres and m/s, as the JSON promises.

use serde::{Serialize, Serializer};

/// One part of a [`Phrase`].
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Words, as they are.
    Text(String),
    /// A length or a drop in metres, shown to the whole unit: "85 m".
    Length {
        /// The length, metres.
        m: f64,
    },
    /// A small length in metres to one decimal (an altitude's noise): "0.6 m".
    LengthTenth {
        /// The length, metres.
        m: f64,
    },
    /// A length with its uncertainty (two standard deviations): "112 m (+-6 m)"; the
    /// uncertainty is left out when it rounds to nothing.
    LengthPm {
        /// The length, metres.
        m: f64,
        /// Its uncertainty (two standard deviations), metres.
        pm_m: f64,
    },
    /// A range of lengths, metres, either end open: "80-100 m", ">= 80 m"; an end that is
    /// not whole metres keeps one decimal.
    LengthRange {
        /// The lower end, metres; `None`: open below.
        min_m: Option<f64>,
        /// The upper end, metres; `None`: open above.
        max_m: Option<f64>,
    },
    /// The measured span of some lengths, metres, each end shown to the whole unit:
    /// "82-88 m".
    LengthSpan {
        /// The shortest length, metres.
        min_m: f64,
        /// The longest length, metres.
        max_m: f64,
    },
    /// A speed in m/s: "4.12 m/s" in SI, a pace or a speed in a renderer's units.
    Speed {
        /// The speed, m/s.
        mps: f64,
    },
    /// A speed in m/s whose SI text has one decimal ("4.2 m/s": a season's trend); in a
    /// renderer's units the same as [`Piece::Speed`].
    SpeedTenth {
        /// The speed, m/s.
        mps: f64,
    },
    /// Two speeds, m/s, the unit said once: "4.2 to 4.5 m/s" in SI (one decimal, a
    /// season's trend), "4:00 to 3:42 /km" as a pace.
    SpeedChange {
        /// The first speed, m/s.
        from_mps: f64,
        /// The second speed, m/s.
        to_mps: f64,
    },
}

/// Words and quantities; see the module docs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Phrase(pub Vec<Piece>);

impl Phrase {
    /// An empty phrase.
    pub fn new() -> Phrase {
        Phrase(Vec::new())
    }
    /// Append words.
    pub fn text(mut self, s: impl Into<String>) -> Phrase {
        self.push_text(s);
        self
    }
    /// Append a quantity.
    pub fn with(mut self, p: Piece) -> Phrase {
        self.0.push(p);
        self
    }
    /// Append another phrase.
    pub fn then(mut self, other: &Phrase) -> Phrase {
        for p in &other.0 {
            match p {
                Piece::Text(s) => self.push_text(s.clone()),
                p => self.0.push(p.clone()),
            }
        }
        self
    }
    fn push_text(&mut self, s: impl Into<String>) {
        let s = s.into();
        match self.0.last_mut() {
            Some(Piece::Text(t)) => t.push_str(&s),
            _ => self.0.push(Piece::Text(s)),
        }
    }
    /// `parts` joined by `sep`.
    pub fn join(parts: &[Phrase], sep: &str) -> Phrase {
        let mut out = Phrase::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out = out.text(sep);
            }
            out = out.then(p);
        }
        out
    }
    /// The phrase with each piece written by `piece` (words as they are).
    pub fn render(&self, piece: impl Fn(&Piece) -> String) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Text(s) => s.clone(),
                p => piece(p),
            })
            .collect()
    }
    /// The SI text: metres, m/s.
    pub fn si(&self) -> String {
        self.render(si_piece)
    }
}

impl From<&str> for Phrase {
    fn from(s: &str) -> Phrase {
        Phrase::new().text(s)
    }
}

impl From<String> for Phrase {
    fn from(s: String) -> Phrase {
        Phrase::new().text(s)
    }
}

/// A number as a prescription states it: whole, or with one decimal.
pub fn fmt_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// `min`-`max` with `unit` after, either end open, each end by `num`.
pub fn range_text(
    min: Option<f64>,
    max: Option<f64>,
    unit: &str,
    num: impl Fn(f64) -> String,
) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{}-{}{unit}", num(a), num(b)),
        (Some(a), None) => format!(">= {}{unit}", num(a)),
        (None, Some(b)) => format!("<= {}{unit}", num(b)),
        (None, None) => "any".into(),
    }
}

fn si_piece(p: &Piece) -> String {
    match p {
        Piece::Text(s) => s.clone(),
        Piece::Length { m } => format!("{m:.0} m"),
        Piece::LengthTenth { m } => format!("{m:.1} m"),
        Piece::LengthPm { m, pm_m } if *pm_m >= 0.5 => format!("{m:.0} m (+-{pm_m:.0} m)"),
        Piece::LengthPm { m, .. } => format!("{m:.0} m"),
        Piece::LengthRange { min_m, max_m } => range_text(*min_m, *max_m, " m", fmt_num),
        // One figure when both ends round to it ("all 85 m").
        Piece::LengthSpan { min_m, max_m } if format!("{min_m:.0}") == format!("{max_m:.0}") => {
            format!("all {max_m:.0} m")
        }
        Piece::LengthSpan { min_m, max_m } => format!("{min_m:.0}-{max_m:.0} m"),
        Piece::Speed { mps } => format!("{mps:.2} m/s"),
        Piece::SpeedTenth { mps } => format!("{mps:.1} m/s"),
        Piece::SpeedChange { from_mps, to_mps } => format!("{from_mps:.1} to {to_mps:.1} m/s"),
    }
}

impl std::fmt::Display for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.si())
    }
}

impl Serialize for Phrase {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.si())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn si_text_is_metres_and_metres_per_second() {
        let p = Phrase::from("median ")
            .with(Piece::Length { m: 85.2 })
            .text(", ")
            .with(Piece::LengthRange {
                min_m: Some(80.0),
                max_m: Some(100.0),
            })
            .text(" at ")
            .with(Piece::Speed { mps: 4.123 });
        assert_eq!(p.si(), "median 85 m, 80-100 m at 4.12 m/s");
        assert_eq!(p.to_string(), p.si());
        assert_eq!(
            Phrase::from("was ")
                .with(Piece::LengthPm {
                    m: 112.0,
                    pm_m: 6.2
                })
                .si(),
            "was 112 m (+-6 m)"
        );
    }
}
