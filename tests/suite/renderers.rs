//! Every renderer on one canned analysis (the README fixture), as snapshots: a change to
//! what a user reads shows up as a diff to review (`INSTA_UPDATE=always cargo test` writes
//! the new snapshots; review them before committing).

use downhill::report::units::{SpeedDisplay, Units};
use downhill::report::{CsvRenderer, JsonRenderer, Renderer, TableRenderer, table};

fn canned() -> downhill::report::Report {
    let path = crate::common::fixture("sim/short-reps_baro_seed7.gpx.gz");
    let track = downhill::io::read_activity(&path, &Default::default()).unwrap();
    downhill::analysis::analyze(&track, "short-reps_baro_seed7.gpx.gz", &Default::default())
}

#[test]
fn renderers_table_snapshot() {
    let r = canned();
    insta::assert_snapshot!(TableRenderer(table::Style::default()).render(&r));
}

#[test]
fn renderers_table_imperial_snapshot() {
    let r = canned();
    let style = table::Style {
        units: Units::IMPERIAL,
        ..Default::default()
    };
    insta::assert_snapshot!(TableRenderer(style).render(&r));
}

#[test]
fn renderers_table_imperial_speed_snapshot() {
    let r = canned();
    let style = table::Style {
        units: Units::IMPERIAL.with_speed_display(SpeedDisplay::Speed),
        ..Default::default()
    };
    insta::assert_snapshot!(TableRenderer(style).render(&r));
}

/// The imperial table says what the metric one says, converted: each distance, length and
/// pace of the metric rows read back from the imperial rows within the rounding of both.
#[test]
fn the_imperial_table_converts_every_metric_figure() {
    let r = canned();
    let metric = TableRenderer(table::Style::default()).render(&r);
    let imperial = TableRenderer(table::Style {
        units: Units::IMPERIAL,
        ..Default::default()
    })
    .render(&r);
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .skip_while(|l| !l.trim_start().starts_with("#"))
            .skip(1)
            .take(r.descents.len())
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    };
    let secs = |p: &str| {
        let (m, s) = p.split_once(':').unwrap();
        m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap()
    };
    let (m, i) = (rows(&metric), rows(&imperial));
    assert_eq!(m.len(), 10);
    for (m, i) in m.iter().zip(&i) {
        let num = |v: &[String], k: usize| v[k].parse::<f64>().unwrap();
        // at km -> at mi: 1 mi = 1.609344 km (both to 0.01).
        assert!(
            (num(m, 2) / 1.609344 - num(i, 2)).abs() <= 0.01,
            "{m:?} {i:?}"
        );
        // dist m -> dist ft: 1 ft = 0.3048 m (metres to 1, feet to 1).
        assert!((num(m, 3) / 0.3048 - num(i, 3)).abs() <= 2.2, "{m:?} {i:?}");
        // drop m (0.1) -> drop ft (1).
        assert!((num(m, 4) / 0.3048 - num(i, 4)).abs() <= 0.7, "{m:?} {i:?}");
        // Grades stay percent.
        assert_eq!(m[5..8], i[5..8]);
        // min/mi = min/km x 1.609344 (each to the second).
        for k in [9, 10] {
            let (pm, pi) = (secs(&m[k]), secs(&i[k]));
            assert!((pm * 1.609344 - pi).abs() <= 1.5, "{k}: {m:?} {i:?}");
        }
    }
}

#[test]
fn renderers_csv_snapshot() {
    let r = canned();
    let text = format!("{}{}", CsvRenderer.header(), CsvRenderer.render(&r));
    // One header and one row per rep, every row as wide as the header.
    let cols = text.lines().next().unwrap().split(',').count();
    assert_eq!(text.lines().count(), 1 + r.reps.reps.len());
    assert!(text.lines().all(|l| l.split(',').count() == cols), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn renderers_json_snapshot() {
    let r = canned();
    let text = JsonRenderer.render(&r);
    let mut v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    // Six significant digits: the last bits of a float may differ with another libm.
    round(&mut v);
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn renderers_write_to_any_writer() {
    let r = canned();
    let mut buf = Vec::new();
    JsonRenderer.write(&r, &mut buf).unwrap();
    assert_eq!(String::from_utf8(buf).unwrap(), JsonRenderer.render(&r));
}

fn round(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            let r: f64 = format!("{x:.6e}").parse().unwrap_or(x);
            *v = serde_json::json!(r);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(round),
        serde_json::Value::Object(o) => o.values_mut().for_each(round),
        _ => {}
    }
}

#[test]
fn heart_rate_per_rep_and_recovery_is_the_mean_and_max_of_the_recorded_samples() {
    let path = crate::common::fixture("fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit");
    let track = downhill::io::read_activity(&path, &Default::default()).unwrap();
    let report = downhill::analysis::analyze(&track, "edge", &Default::default());
    assert!(!report.reps.reps.is_empty());
    // The samples between two times, as the file has them.
    let hr_between = |a: f64, b: f64| -> Vec<f64> {
        track
            .points
            .iter()
            .filter(|p| p.time_s.is_some_and(|t| t >= a - 0.5 && t <= b + 0.5))
            .filter_map(|p| p.heart_rate_bpm)
            .collect()
    };
    for rep in &report.reps.reps {
        let hr = hr_between(rep.start_s.unwrap(), rep.end_s.unwrap());
        let max = hr.iter().copied().fold(f64::MIN, f64::max);
        let (lo, hi) = (hr.iter().copied().fold(f64::MAX, f64::min), max);
        assert_eq!(rep.heart_rate_max_bpm, Some(max), "rep {}", rep.index);
        let mean = rep.heart_rate_bpm.unwrap();
        assert!(
            lo <= mean && mean <= hi,
            "rep {}: {mean} outside {lo}-{hi}",
            rep.index
        );
        if let Some(rc) = &rep.recovery {
            let m = rc.heart_rate_max_bpm.unwrap();
            assert!(m >= rc.heart_rate_bpm.unwrap() && (40.0..=230.0).contains(&m));
        }
    }
}
