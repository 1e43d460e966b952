//! Charts: SVG carries the titles, axis labels and one mark per rep; PNG decodes to the
//! requested size and is not blank; an empty session says so. Synthetic sessions in code.
//!
//! Set `DOWNHILL_CHART_DIR=/some/dir` to also write the synthetic charts there as PNG, to
//! look at them.

use std::path::Path;

use downhill::chart::{
    Chart, ChartError, ChartOptions, ImageFormat, ProfileAxis, ProfileChartData, SeasonChartData,
    SlopeSpeedData, render_rgb, render_svg, weeks_from_reports, weeks_from_season, write_chart,
    write_season_charts,
};
use downhill::descent::{Bands, Confidence, Descent};
use downhill::profile::Profile;
use downhill::report::Report;
use downhill::report::units::{SpeedDisplay, Units};
use downhill::reps::{Rep, RepAnalysis, RepSource};
use downhill::summary::Summary;
use downhill::track::{AltitudeSource, Pause};

use crate::common;

/// A session of `n` reps down one hill of `len_m` at about `grade_pct`, walking back up;
/// rep k is run a little faster than rep k-1 (progression). A pause after every 4th rep.
struct Session {
    report: Report,
    profile: Profile,
    pauses: Vec<Pause>,
}

/// The profile grid being built.
struct Grid {
    dist: Vec<f64>,
    ele: Vec<f64>,
    time: Vec<f64>,
}

impl Grid {
    fn push(&mut self, dd: f64, de: f64, dt: f64) -> usize {
        let i = self.dist.len() - 1;
        self.dist.push(self.dist[i] + dd);
        self.ele.push(self.ele[i] + de);
        self.time.push(self.time[i] + dt);
        i + 1
    }
    fn d(&self) -> f64 {
        self.dist[self.dist.len() - 1]
    }
    fn t(&self) -> f64 {
        self.time[self.time.len() - 1]
    }
}

fn session(name: &str, t0: f64, n: usize, len_m: f64, grade_pct: f64, speed_mps: f64) -> Session {
    let bands = Bands::default();
    let step = 5.0;
    let mut grid = Grid {
        dist: vec![0.0],
        ele: vec![300.0],
        time: vec![t0],
    };
    // Warm-up: 600 m flat at 3 m/s.
    for _ in 0..120 {
        grid.push(step, 0.0, step / 3.0);
    }
    let mut descents = Vec::new();
    let mut reps = Vec::new();
    let mut pauses = Vec::new();
    for k in 0..n {
        let g = grade_pct + (k % 3) as f64 * 0.6 - 0.6;
        let v = speed_mps * (1.0 + 0.01 * k as f64);
        let start_d = grid.d();
        let start_i = grid.dist.len() - 1;
        let start_t = grid.t();
        let steps = (len_m / step) as usize;
        let mut end_i = start_i;
        for _ in 0..steps {
            end_i = grid.push(step, -step * g / 100.0, step / v);
        }
        let drop = steps as f64 * step * g / 100.0;
        let band = bands.label(g);
        descents.push(Descent {
            index: k + 1,
            start_s: Some(start_t),
            end_s: Some(grid.t()),
            start_distance_m: start_d,
            distance_m: grid.d() - start_d,
            drop_m: drop,
            grade_pct: g,
            max_grade_pct: g + 1.0,
            band: band.clone(),
            duration_s: Some(grid.t() - start_t),
            avg_speed_mps: Some(v),
            vertical_speed_m_per_h: Some(drop / (grid.t() - start_t) * 3600.0),
            gap_speed_mps: None,
            on_foot: true,
            cadence_spm: None,
            stance_time_s: None,
            confidence: Confidence::High,
            start_lat_deg: None,
            start_lon_deg: None,
            end_lat_deg: None,
            end_lon_deg: None,
            grid_range: (start_i, end_i),
        });
        reps.push(Rep {
            index: k + 1,
            hill: 1,
            set: 1,
            start_s: Some(start_t),
            end_s: Some(grid.t()),
            distance_m: grid.d() - start_d,
            distance_sd_m: 1.0,
            drop_m: drop,
            grade_pct: g,
            pass_grade_pct: g,
            band,
            duration_s: Some(grid.t() - start_t),
            duration_sd_s: 0.3,
            avg_speed_mps: Some(v),
            avg_speed_sd_mps: Some(0.05),
            max_speed_mps: Some(v * 1.1),
            cadence_spm: None,
            heart_rate_bpm: None,
            heart_rate_max_bpm: None,
            gap_speed_mps: None,
            source: RepSource::Shuttle,
            descent: Some(k),
            lap: None,
            recovery: None,
        });
        if k + 1 < n {
            // Walk back up at 1.1 m/s.
            for _ in 0..steps {
                grid.push(step, step * g / 100.0, step / 1.1);
            }
            if (k + 1) % 4 == 0 {
                // 90 s standing still at the top.
                pauses.push(Pause {
                    start_s: grid.t(),
                    end_s: grid.t() + 90.0,
                });
                grid.push(0.0, 0.0, 90.0);
            }
        }
    }
    let profile = Profile {
        step_m: step,
        distance_m: grid.dist,
        elevation_m: grid.ele,
        time_s: Some(grid.time),
        altitude_source: AltitudeSource::Barometric,
        altitude_fine: true,
        ..Profile::default()
    };
    let report = Report {
        file: format!("synthetic/{name}.fit"),
        utc_offset_s: 0,
        utc_offset_from: downhill::localtime::OffsetFrom::System,
        format: None,
        gzipped: false,
        name: None,
        sport: Some("running".into()),
        sub_sport: None,
        device: None,
        altitude_source: AltitudeSource::Barometric,
        altitude_source_from_temperature: false,
        legs: Vec::new(),
        altitude: Default::default(),
        summary: Summary {
            start_s: Some(t0),
            ..Summary::default()
        },
        descent_notes: Vec::new(),
        set_aside: Vec::new(),
        sustained_effort: None,
        descents,
        reps: RepAnalysis {
            reps,
            ..RepAnalysis::default()
        },
        workout: Default::default(),
        gap_model: downhill::gap::MODEL_NAME,
        band_labels: bands.labels(),
        cleaning: Default::default(),
        warnings: Vec::new(),
    };
    Session {
        report,
        profile,
        pauses,
    }
}

/// 2026-03-02T08:00:00Z, a Monday.
const T0: f64 = 1_772_438_400.0;

fn short_reps() -> Session {
    session("short-reps", T0, 12, 90.0, 9.0, 5.6)
}

fn long_reps() -> Session {
    session("long-reps", T0, 4, 1500.0, 15.0, 3.6)
}

fn empty_session() -> Session {
    let mut s = session("flat", T0, 0, 90.0, 9.0, 5.0);
    s.report.descents.clear();
    s.report.reps.reps.clear();
    s
}

/// A season of 8 weeks, two sessions a week, steeper long reps as the weeks go.
fn season_reports() -> Vec<Report> {
    let mut out = Vec::new();
    for w in 0..8 {
        let t = T0 + w as f64 * 7.0 * 86400.0;
        out.push(session("short", t, 10 + w, 90.0, 9.0, 5.4 + 0.05 * w as f64).report);
        out.push(
            session(
                "long",
                t + 3.0 * 86400.0,
                3,
                1200.0,
                11.0 + w as f64,
                3.8 - 0.05 * w as f64,
            )
            .report,
        );
    }
    out
}

fn opts() -> ChartOptions {
    ChartOptions::default()
}

/// Filled circles in an SVG: the marks of the slope-speed chart.
fn filled_circles(svg: &str) -> usize {
    svg.match_indices("<circle")
        .filter(|(i, _)| {
            let end = svg[*i..].find("/>").map_or(svg.len(), |e| i + e);
            !svg[*i..end].contains("fill=\"none\"")
        })
        .count()
}

/// The text elements of an SVG, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(t[start..end].trim().to_string())
        })
        .collect()
}

/// Write the PNG for a person to look at, when asked to.
fn look(name: &str, chart: &Chart, opts: &ChartOptions) {
    if let Ok(dir) = std::env::var("DOWNHILL_CHART_DIR") {
        let path = Path::new(&dir).join(format!("{name}.png"));
        write_chart(&path, chart, opts).expect("the chart is written");
        let small = ChartOptions {
            width_px: 600,
            height_px: 400,
            ..opts.clone()
        };
        let path = Path::new(&dir).join(format!("{name}_600x400.png"));
        write_chart(&path, chart, &small).expect("the chart is written");
    }
}

#[test]
fn slope_speed_svg_has_title_axis_labels_and_one_mark_per_rep() {
    for s in [short_reps(), long_reps()] {
        let data = SlopeSpeedData::from_report(&s.report, &Bands::default());
        let chart = Chart::SlopeSpeed(data);
        let svg = render_svg(&chart, &opts()).expect("renders");
        assert!(svg.contains("Slope and speed"), "title");
        assert!(svg.contains("Grade (% downhill)"), "x axis label");
        assert!(svg.contains("Pace (min/km"), "y axis label");
        assert!(svg.contains("Equal effort"), "curve legend");
        assert_eq!(filled_circles(&svg), s.report.reps.reps.len());
        let name = s.report.file.replace("synthetic/", "").replace(".fit", "");
        look(&format!("slope-speed_{name}"), &chart, &opts());
    }
}

#[test]
fn slope_speed_in_kmh_labels_the_axis_and_the_legend_in_kmh() {
    // The legend said "flat 4:30/km" on a km/h chart (issue #15).
    let s = short_reps();
    let data = SlopeSpeedData::from_report(&s.report, &Bands::default())
        .with_flat_speed(Some(1000.0 / 270.0));
    let o = ChartOptions {
        units: Units::METRIC.with_speed_display(SpeedDisplay::Speed),
        ..opts()
    };
    let svg = render_svg(&Chart::SlopeSpeed(data), &o).expect("renders");
    assert!(svg.contains("Speed (km/h)"));
    let t = texts(&svg);
    assert!(t.iter().any(|t| t == "to flat 13.3 km/h"), "{t:?}");
    assert!(t.iter().any(|t| t == "(your flat speed)"), "{t:?}");
    assert!(!t.iter().any(|t| t.contains("/km")), "{t:?}");
}

#[test]
fn slope_speed_in_imperial_units_labels_axis_and_legend_per_mile() {
    let s = short_reps();
    let flat = || {
        SlopeSpeedData::from_report(&s.report, &Bands::default())
            .with_flat_speed(Some(1000.0 / 270.0))
    };
    let pace = ChartOptions {
        units: Units::IMPERIAL,
        ..opts()
    };
    let svg = render_svg(&Chart::SlopeSpeed(flat()), &pace).expect("renders");
    assert!(svg.contains("Pace (min/mi, faster up)"));
    // 4:30 /km x 1.609344 = 7:14.5 /mi.
    let t = texts(&svg);
    assert!(t.iter().any(|t| t == "to flat 7:15 /mi"), "{t:?}");
    let mph = ChartOptions {
        units: Units::IMPERIAL.with_speed_display(SpeedDisplay::Speed),
        ..opts()
    };
    let svg = render_svg(&Chart::SlopeSpeed(flat()), &mph).expect("renders");
    assert!(svg.contains("Speed (mph)"));
    let t = texts(&svg);
    assert!(t.iter().any(|t| t == "to flat 8.3 mph"), "{t:?}");
}

#[test]
fn slope_speed_without_reps_plots_the_descents() {
    let mut s = long_reps();
    s.report.reps.reps.clear();
    let data = SlopeSpeedData::from_report(&s.report, &Bands::default());
    assert_eq!(data.what, "descents");
    let svg = render_svg(&Chart::SlopeSpeed(data), &opts()).expect("renders");
    assert_eq!(filled_circles(&svg), s.report.descents.len());
}

#[test]
fn season_slope_speed_has_one_mark_per_rep_of_every_session() {
    let reports = season_reports();
    let n: usize = reports.iter().map(|r| r.reps.reps.len()).sum();
    let data = SlopeSpeedData::from_reports(&reports, &Bands::default(), "Season slope and speed");
    let chart = Chart::SlopeSpeed(data);
    let svg = render_svg(&chart, &opts()).expect("renders");
    assert_eq!(filled_circles(&svg), n);
    look("slope-speed_season", &chart, &opts());
}

#[test]
fn profile_svg_numbers_every_rep_and_labels_its_axes() {
    let s = long_reps();
    let data = ProfileChartData::new(&s.report, &s.profile, &s.pauses, &Bands::default());
    let chart = Chart::Profile(data);
    let svg = render_svg(&chart, &opts()).expect("renders");
    assert!(svg.contains("Elevation profile"));
    assert!(svg.contains("Elevation (m)"));
    assert!(svg.contains("Distance (km)"));
    for r in &s.report.reps.reps {
        let label = format!("R{}", r.index);
        assert!(texts(&svg).contains(&label), "rep {} numbered", r.index);
    }
    look("profile_long-reps", &chart, &opts());
    let short = short_reps();
    let chart = Chart::Profile(ProfileChartData::new(
        &short.report,
        &short.profile,
        &short.pauses,
        &Bands::default(),
    ));
    look("profile_short-reps", &chart, &opts());
}

#[test]
fn profile_over_time_labels_the_time_axis_and_shows_pauses() {
    let s = short_reps();
    assert!(!s.pauses.is_empty());
    let data = ProfileChartData::new(&s.report, &s.profile, &s.pauses, &Bands::default());
    let o = ChartOptions {
        profile_axis: ProfileAxis::Time,
        ..opts()
    };
    let chart = Chart::Profile(data);
    let svg = render_svg(&chart, &o).expect("renders");
    assert!(svg.contains("Elapsed time (h:mm)"));
    assert!(svg.contains(&format!("Pauses: {}", s.pauses.len())));
    look("profile_short-reps_time", &chart, &o);
}

#[test]
fn png_decodes_to_the_requested_size_and_is_not_blank() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = short_reps();
    let path = dir.path().join("reps.png");
    let o = ChartOptions {
        width_px: 900,
        height_px: 600,
        ..opts()
    };
    let chart = Chart::SlopeSpeed(SlopeSpeedData::from_report(&s.report, &Bands::default()));
    write_chart(&path, &chart, &o).expect("written");
    let img = image::open(&path).expect("decodes").to_rgb8();
    assert_eq!(img.dimensions(), (900, 600));
    let px: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    let white = px.iter().filter(|p| **p == [255, 255, 255]).count();
    assert!(white < px.len() * 97 / 100, "mostly blank: {white}");
    let colored = px
        .iter()
        .filter(|p| p.iter().max().unwrap_or(&0) - p.iter().min().unwrap_or(&0) > 60)
        .count();
    assert!(colored > 500, "too few colored pixels: {colored}");
    // Nothing but the chart left in the folder (the temp file was renamed).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("reps.png")]);
}

#[test]
fn empty_session_gives_a_chart_that_says_so() {
    let s = empty_session();
    let bands = Bands::default();
    let slope = Chart::SlopeSpeed(SlopeSpeedData::from_report(&s.report, &bands));
    let svg = render_svg(&slope, &opts()).expect("renders");
    assert!(svg.contains("No descents in this session"));
    let profile = Chart::Profile(ProfileChartData::new(
        &s.report, &s.profile, &s.pauses, &bands,
    ));
    let svg = render_svg(&profile, &opts()).expect("renders");
    assert!(svg.contains("no descents found"));
    let season = Chart::Season(SeasonChartData::new("Season", bands.labels(), Vec::new()));
    let svg = render_svg(&season, &opts()).expect("renders");
    assert!(svg.contains("No reps in this season"));
    // And as pixels: the message is drawn.
    let rgb = render_rgb(&slope, &opts()).expect("renders");
    assert!(rgb.iter().any(|&b| b < 128));
    look("slope-speed_empty", &slope, &opts());
}

#[test]
fn season_weeks_count_reps_per_band_and_the_steepest() {
    let reports = season_reports();
    let bands = Bands::default();
    let weeks = weeks_from_reports(&reports, &bands);
    assert_eq!(weeks.len(), 8);
    for (w, week) in weeks.iter().enumerate() {
        let total: usize = week.reps_per_band.iter().sum();
        assert_eq!(total, 10 + w + 3, "week {w}");
        let steepest = week.steepest_band.expect("reps this week");
        assert_eq!(
            week.reps_per_band[steepest..].iter().sum::<usize>(),
            week.reps_per_band[steepest]
        );
    }
    // Week 1's 8-10 % reps are the short session's: their median speed is plotted.
    let mut v: Vec<f64> = reports[0]
        .reps
        .reps
        .iter()
        .filter_map(|r| r.avg_speed_mps)
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    let median = (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0;
    let plotted = weeks[0].rep_speed_mps_per_band[1].expect("a speed");
    assert!((plotted - median).abs() < 1e-9, "{plotted} vs {median}");
    // The long reps get steeper: the last week reaches a steeper band than the first.
    assert!(weeks[7].steepest_band > weeks[0].steepest_band);
    let data = SeasonChartData::new("Season progression", bands.labels(), weeks);
    let chart = Chart::Season(data);
    let svg = render_svg(&chart, &opts()).expect("renders");
    assert!(svg.contains("Reps per week, by band"));
    assert!(svg.contains("Median rep pace per band"));
    assert!(svg.contains("Week starting"));
    look("season", &chart, &opts());
}

#[test]
fn an_unknown_extension_is_an_error_naming_the_file() {
    let s = short_reps();
    let chart = Chart::SlopeSpeed(SlopeSpeedData::from_report(&s.report, &Bands::default()));
    let err = write_chart(Path::new("out/chart.jpg"), &chart, &opts()).unwrap_err();
    assert!(matches!(err, ChartError::UnknownFormat { .. }));
    assert!(err.to_string().contains("out/chart.jpg"));
}

#[test]
fn cli_draws_a_chart_of_a_fixture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("profile.svg");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture(
                "gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx",
            ))
            .args(["--kind", "profile", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "stderr: {err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains("Elevation profile") || svg.contains("No elevation profile"));
}

#[test]
fn season_charts_are_written_into_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("charts");
    let reports = season_reports();
    let bands = Bands::default();
    let weeks = weeks_from_reports(&reports, &bands);
    let slope = SlopeSpeedData::from_reports(&reports, &bands, "Slope and speed: the season");
    let written = write_season_charts(&out, ImageFormat::Svg, slope, weeks, &bands, &opts())
        .expect("written");
    assert_eq!(written.len(), 2);
    for p in &written {
        let svg = std::fs::read_to_string(p).expect("readable");
        assert!(svg.starts_with("<svg"), "{}", p.display());
    }
}

#[test]
fn cli_draws_a_season_of_a_folder_at_the_requested_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("season.png");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture("gpx"))
            .args(["--kind", "season", "--size", "800x600", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "stderr: {err}");
    let img = image::open(&out).expect("decodes");
    assert_eq!((img.width(), img.height()), (800, 600));
}

#[test]
fn cli_refuses_a_folder_for_the_profile_and_a_bad_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("p.svg");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture("gpx"))
            .args(["--kind", "profile", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 2);
    assert!(err.contains("one file"), "{err}");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture("gpx"))
            .args(["--kind", "season", "--size", "1200", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 2);
    assert!(err.contains("WIDTHxHEIGHT"), "{err}");
    assert!(!out.exists());
}

#[test]
fn gaps_in_the_profile_do_not_break_the_chart() {
    let mut s = long_reps();
    let n = s.profile.elevation_m.len();
    s.profile.elevation_m[n / 3] = f64::NAN;
    if let Some(t) = s.profile.time_s.as_mut() {
        t[n - 1] = f64::NAN;
    }
    let data = ProfileChartData::new(&s.report, &s.profile, &s.pauses, &Bands::default());
    for axis in [ProfileAxis::Distance, ProfileAxis::Time] {
        let o = ChartOptions {
            profile_axis: axis,
            ..opts()
        };
        let svg = render_svg(&Chart::Profile(data.clone()), &o).expect("renders");
        assert!(svg.contains("Elevation (m)"));
    }
}

#[test]
fn cli_season_of_a_folder_leaves_out_rides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("slope.svg");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture("fit"))
            .args(["--kind", "slope-speed", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "stderr: {err}");
    // fixtures/fit holds one mountain-bike ride (edge_mtb-downhill) beside the runs, and a
    // multisport file whose bike leg and three transitions are sessions of their own.
    assert!(err.contains("5 sessions of other sports left out"), "{err}");
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains("Slope and speed"));
}

#[test]
fn the_curve_follows_the_runners_easy_flat_pace_when_the_session_has_one() {
    let mut s = short_reps();
    s.report.reps.easy_speed_mps = Some(1000.0 / 330.0);
    let data = SlopeSpeedData::from_report(&s.report, &Bands::default());
    let svg = render_svg(&Chart::SlopeSpeed(data.clone()), &opts()).expect("renders");
    let t = texts(&svg);
    assert!(t.iter().any(|t| t == "to flat 5:30 /km"), "{t:?}");
    assert!(t.iter().any(|t| t == "(your easy flat pace)"));
    // A pace the user gives wins.
    let given = data.with_flat_speed(Some(1000.0 / 300.0));
    let svg = render_svg(&Chart::SlopeSpeed(given), &opts()).expect("renders");
    assert!(texts(&svg).iter().any(|t| t == "to flat 5:00 /km"));
}

#[test]
fn the_season_stage_weeks_give_the_same_bars_as_the_reports() {
    let reports = season_reports();
    let bands = Bands::default();
    let labels = bands.labels();
    let rows: Vec<_> = reports
        .iter()
        .map(|r| downhill::season::session_row(r, None, r.sport.clone()))
        .collect();
    let season_weeks = downhill::season::summarize_weeks(&rows, &labels);
    let from_season = weeks_from_season(&season_weeks, &labels);
    let from_reports = weeks_from_reports(&reports, &bands);
    assert_eq!(from_season.len(), from_reports.len());
    for (a, b) in from_season.iter().zip(&from_reports) {
        assert_eq!(a.week_start, b.week_start);
        assert_eq!(a.reps_per_band, b.reps_per_band);
        assert_eq!(a.steepest_band, b.steepest_band);
    }
}

#[test]
fn profile_chart_draws_heart_rate_on_a_right_axis_only_when_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let svg_of = |fixture: &str| {
        let out = dir.path().join("p.svg");
        let (_, err, code) = common::run(
            common::downhill()
                .arg("chart")
                .arg(common::fixture(fixture))
                .args(["--kind", "profile", "-o"])
                .arg(&out),
        );
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&out).unwrap()
    };
    let with = svg_of("tcx/fr410_hilly-5k__runpandas_basic.tcx");
    assert!(with.contains("Heart rate (bpm)"), "right axis");
    assert!(with.contains("Heart rate (right axis)"), "legend");
    // The trace: a polyline in the heart-rate colour.
    assert!(with.contains("#C81E3C"), "no heart-rate line");
    let without = svg_of("sim/short-reps_baro_seed7.gpx.gz");
    assert!(!without.contains("Heart rate"));
}

#[test]
fn a_profile_chart_of_a_file_without_a_profile_is_an_error_and_no_image() {
    let dir = tempfile::tempdir().unwrap();
    // The first 2000 bytes of a real FIT: a few records before the GPS fix, no distance.
    let full = std::fs::read(common::fixture("fit/fr645m_hill-run__runpandas_run.fit")).unwrap();
    let cut = dir.path().join("cut.fit");
    std::fs::write(&cut, &full[..2000]).unwrap();
    let out = dir.path().join("p.png");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(&cut)
            .args(["--kind", "profile", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 1, "{err}");
    let line = err.lines().find(|l| l.contains("error")).unwrap();
    assert!(
        line.contains("cut.fit") && line.contains("no elevation profile"),
        "{err}"
    );
    assert!(!out.exists(), "no placeholder image written");
}

#[test]
fn a_ride_gets_no_running_equal_effort_curve_unless_a_flat_pace_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.svg");
    let svg = |extra: &[&str]| {
        let (_, err, code) = common::run(
            common::downhill()
                .arg("chart")
                .arg(common::fixture(
                    "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
                ))
                .args(["--kind", "slope-speed", "-o"])
                .arg(&out)
                .args(extra),
        );
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&out).unwrap()
    };
    assert!(
        !svg(&[]).contains("Equal effort"),
        "a ride has no runner's flat pace"
    );
    assert!(svg(&["--flat-pace", "5:00"]).contains("Equal effort"));
    // A run keeps its curve.
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .arg(common::fixture("sim/short-reps_baro_seed7.gpx.gz"))
            .args(["--kind", "slope-speed", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Equal effort")
    );
}

/// The fenix2 multisport fixture: 7 legs, leg 3 the first running one.
const MULTISPORT: &str =
    "fit/fenix2_multisport-6h50__fitdecode_activity-large-fenxi2-multisport.fit";

/// `downhill chart ARGS -o OUT INPUT`: stderr and the exit code.
fn chart_cli(args: &[&str], out: &Path, input: &Path) -> (String, i32) {
    let (_, err, code) = common::run(
        common::downhill()
            .arg("chart")
            .args(args)
            .arg("-o")
            .arg(out)
            .arg(input),
    );
    (err, code)
}

#[test]
fn a_multisport_file_charts_its_first_running_leg_or_the_leg_asked_for() {
    let f = common::fixture(MULTISPORT);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.svg");
    let (err, code) = chart_cli(&["--kind", "profile"], &out, &f);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("leg 3 of 7 (running) drawn"), "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t.contains("(leg 3 of 7, running)")),
        "{svg:.400}"
    );
    // A leg the file does not have: one line naming the file, nothing written.
    let bad = dir.path().join("bad.svg");
    let (err, code) = chart_cli(&["--kind", "profile", "--leg", "9"], &bad, &f);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("multisport.fit: --leg 9: the file has 7 legs"),
        "{err}"
    );
    assert!(!bad.exists());
}

#[test]
fn a_season_chart_of_one_file_of_several_activities_draws_them_all_and_leg_needs_a_file() {
    // The fenix2 multisport has 7 legs; the season chart is not one leg's.
    let f = common::fixture(MULTISPORT);
    let dir = tempfile::tempdir().unwrap();
    let (err, code) = chart_cli(&["--kind", "season"], &dir.path().join("s.svg"), &f);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("drawn; --leg"), "{err}");
    let (err, code) = chart_cli(
        &["--kind", "profile", "--leg", "2"],
        &dir.path().join("p.svg"),
        dir.path(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--leg picks a leg of one file"), "{err}");
}
