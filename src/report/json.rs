//! JSON rendering: one object per file (JSON Lines when several).
//!
//! Numbers are rounded to what the measurement supports, by the unit their field names:
//! a float of `70.19999999999982` m gain is written `70.2`. The units stay SI.

use super::Report;

/// Decimals kept per unit suffix of a field name. Positions to 1e-7 degree (1 cm);
/// distances and heights to 1 cm (a barometer's step is 10-20 cm, GPS error metres);
/// grades to 0.001 point (a pooled grade's standard error is 0.05 point at best); speeds to
/// 1 mm/s; times to 1 ms; vertical speeds to 0.1 m/h; cadence and heart rate to 0.1.
const DECIMALS: &[(&str, i32)] = &[
    ("_deg", 7),
    ("_m", 2),
    ("_pct", 3),
    ("_mps", 3),
    ("_s", 3),
    ("_m_per_h", 1),
    ("_spm", 1),
    ("_bpm", 1),
];
/// Fields without a unit suffix (check values and their uncertainties, ratios) keep this
/// many significant digits.
const SIGNIFICANT: i32 = 6;

/// One line of JSON for `report`.
pub fn render(report: &Report) -> String {
    to_json(report, false)
}

/// `value` as JSON with its numbers rounded (pretty-printed when `pretty`).
pub fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> String {
    let mut v = match serde_json::to_value(value) {
        Ok(v) => v,
        Err(e) => return format!("{{\"error\":\"{e}\"}}"),
    };
    round_numbers(&mut v, None);
    let text = if pretty {
        serde_json::to_string_pretty(&v)
    } else {
        serde_json::to_string(&v)
    };
    text.unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn decimals_for(key: Option<&str>) -> Option<i32> {
    let key = key?;
    // The longest suffix that matches (`_m_per_h` before `_h`, `_mps` before `_s`).
    DECIMALS
        .iter()
        .filter(|(suffix, _)| key.ends_with(suffix))
        .max_by_key(|(suffix, _)| suffix.len())
        .map(|(_, d)| *d)
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    if r.is_finite() { r } else { x }
}

fn round_numbers(v: &mut serde_json::Value, key: Option<&str>) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            let r = match decimals_for(key) {
                Some(d) => round_to(x, d),
                None if x == 0.0 => 0.0,
                None => {
                    let magnitude = x.abs().log10().floor() as i32;
                    round_to(x, SIGNIFICANT - 1 - magnitude)
                }
            };
            if let Some(m) = serde_json::Number::from_f64(r) {
                *v = Value::Number(m);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| round_numbers(x, key)),
        Value::Object(o) => o
            .iter_mut()
            .for_each(|(k, x)| round_numbers(x, Some(k.as_str()))),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_by_their_unit() {
        let v = serde_json::json!({
            "gain_m": 70.19999999999982,
            "start_lat_deg": 45.529661123456,
            "grade_pct": 9.162790498658977,
            "avg_speed_mps": 4.018377834954696,
            "vertical_speed_m_per_h": 529.8113207547217,
            "value": 1.304353996181046,
            "uncertainty": 0.000123456789,
            "reps": [{"distance_m": 94.56560145623482}],
            "count": 12
        });
        let out: serde_json::Value = serde_json::from_str(&to_json(&v, false)).unwrap();
        assert_eq!(out["gain_m"], 70.2);
        assert_eq!(out["start_lat_deg"], 45.5296611);
        assert_eq!(out["grade_pct"], 9.163);
        assert_eq!(out["avg_speed_mps"], 4.018);
        assert_eq!(out["vertical_speed_m_per_h"], 529.8);
        assert_eq!(out["value"], 1.30435);
        assert_eq!(out["uncertainty"], 0.000123457);
        assert_eq!(out["reps"][0]["distance_m"], 94.57);
        assert_eq!(out["count"], 12);
    }
}
