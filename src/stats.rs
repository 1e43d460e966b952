//! Small statistics shared by the stages.

/// Median of a slice (None when empty).
pub fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // Selection, not a sort: the middle element(s) in O(n).
    let mut w = v.to_vec();
    let n = w.len();
    let (below, mid, _) = w.select_nth_unstable_by(n / 2, f64::total_cmp);
    let mid = *mid;
    Some(if n % 2 == 1 {
        mid
    } else {
        let lower = below.iter().copied().max_by(f64::total_cmp).unwrap_or(mid);
        (lower + mid) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_by_selection_is_the_sorted_median() {
        let by_sorting = |v: &[f64]| {
            let mut w = v.to_vec();
            w.sort_by(f64::total_cmp);
            let n = w.len();
            if n % 2 == 1 {
                w[n / 2]
            } else {
                (w[n / 2 - 1] + w[n / 2]) / 2.0
            }
        };
        assert_eq!(median(&[]), None);
        for n in 1..60 {
            let v: Vec<f64> = (0..n)
                .map(|i| ((i * 37) % 11) as f64 * 0.25 - 1.0)
                .collect();
            assert_eq!(
                median(&v).map(f64::to_bits),
                Some(by_sorting(&v).to_bits()),
                "{v:?}"
            );
        }
    }
}
