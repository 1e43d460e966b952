//! Slope bands: the grade edges descents are banded by, and their labels.

/// Slope band edges in percent, ascending. Default 8, 10, 12, 18 (the article's bands:
/// 8-10 % for short reps, 10-12 % rising to 18-20 %+ for long reps, 12-18 % between them).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// The grades where one band ends and the next begins, positive, ascending, percent.
    pub edges_pct: Vec<f64>,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            edges_pct: vec![8.0, 10.0, 12.0, 18.0],
        }
    }
}

impl Bands {
    /// Bands from user edges; they must be positive and strictly increasing.
    pub fn new(mut edges_pct: Vec<f64>) -> Result<Self, String> {
        if edges_pct.is_empty() {
            return Err("give at least one band edge, e.g. --bands 8,10,12,18".into());
        }
        if edges_pct
            .iter()
            .any(|e| !e.is_finite() || *e <= 0.0 || *e >= 100.0)
        {
            return Err("band edges are grades in percent between 0 and 100".into());
        }
        if edges_pct.windows(2).any(|w| w[1] <= w[0]) {
            return Err("band edges must increase, e.g. --bands 8,10,12,18".into());
        }
        edges_pct.shrink_to_fit();
        Ok(Bands { edges_pct })
    }

    /// Every label, gentlest first: `gentle`, `8-10`, `10-12`, `12-18`, `18+`.
    pub fn labels(&self) -> Vec<String> {
        let mut out = vec!["gentle".to_string()];
        for w in self.edges_pct.windows(2) {
            out.push(format!("{}-{}", fmt_edge(w[0]), fmt_edge(w[1])));
        }
        if let Some(last) = self.edges_pct.last() {
            out.push(format!("{}+", fmt_edge(*last)));
        }
        out
    }

    /// Index of the band holding `grade_pct` (0 = gentle). An edge belongs to the band above.
    pub fn index_of(&self, grade_pct: f64) -> usize {
        self.edges_pct.partition_point(|&e| e <= grade_pct)
    }

    /// The label of the band holding `grade_pct` (`gentle`, `8-10`, ..., `18+`).
    pub fn label(&self, grade_pct: f64) -> String {
        self.labels()[self.index_of(grade_pct)].clone()
    }
}

fn fmt_edge(e: f64) -> String {
    if e.fract() == 0.0 {
        format!("{}", e as i64)
    } else {
        format!("{e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_have_the_article_labels() {
        let b = Bands::default();
        assert_eq!(b.labels(), ["gentle", "8-10", "10-12", "12-18", "18+"]);
        assert_eq!(b.label(7.99), "gentle");
        assert_eq!(b.label(8.0), "8-10");
        assert_eq!(b.label(11.0), "10-12");
        assert_eq!(b.label(25.0), "18+");
    }

    #[test]
    fn custom_edges_must_increase() {
        assert!(Bands::new(vec![10.0, 8.0]).is_err());
        let b = Bands::new(vec![6.0, 8.5]).unwrap();
        assert_eq!(b.labels(), ["gentle", "6-8.5", "8.5+"]);
    }
}
