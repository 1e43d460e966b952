//! The pipeline for one file: Track -> Motion -> Profile -> descents -> reps -> workout ->
//! Report. Pure: it reads nothing and writes nothing. Every command (`analyze`, `chart`,
//! `season`) runs this one function with one [`Settings`].

use crate::descent::{Bands, Confidence, Descent, DescentParams, find_descents, implausible};
use crate::motion::{Motion, MotionParams, compute_motion};
use crate::phrase::{Phrase, Piece};
use crate::profile::{Profile, ProfileParams, build_profile};
use crate::report::{Report, SetAside, UNMEASURABLE_BAND};
use crate::reps::{RecoveryKind, RepAnalysis, RepParams, find_reps};
use crate::summary::{SummaryParams, summarize};
use crate::track::{Track, is_foot_sport};
use crate::workout;

/// Every setting of the analysis, with the documented defaults of each stage.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Moving / stopped detection and smoothing of positions.
    pub motion: MotionParams,
    /// How the session summary totals are computed.
    pub summary: SummaryParams,
    /// Resampling and smoothing of the elevation profile.
    pub profile: ProfileParams,
    /// Descent detection thresholds.
    pub descent: DescentParams,
    /// The slope bands descents and reps are sorted into (`--bands`).
    pub bands: Bands,
    /// Rep detection and recovery classification.
    pub reps: RepParams,
    /// The coach's plan (`--plan`); without one the closest built-in workout is used.
    pub plan: Option<workout::Prescription>,
    /// The clock the session's times are shown in (`--tz`; the system zone by default).
    pub zone: crate::localtime::ZoneChoice,
}

/// Everything the pipeline computed for one file: the report, and the motion and profile it
/// was measured on (for charts).
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The report, as [`analyze`] returns it.
    pub report: Report,
    /// The track's motion (moving time, smoothed positions, stops).
    pub motion: Motion,
    /// The elevation profile; `None` when the track has no usable elevation or distance.
    pub profile: Option<Profile>,
}

/// Analyze one cleaned track. `file` is the name shown in the report.
pub fn analyze(track: &Track, file: &str, settings: &Settings) -> Report {
    analysis(track, file, settings).report
}

/// Analyze one cleaned track, keeping the motion and the profile beside the report.
pub fn analysis(track: &Track, file: &str, settings: &Settings) -> Analysis {
    let motion = compute_motion(track, &settings.motion);
    let summary = summarize(track, &motion, &settings.summary);
    let mut descent_notes = Vec::new();
    let profile = build_profile(track, &motion, &settings.profile);
    let all_descents = match &profile {
        Some(p) => find_descents(p, track, &settings.descent, &settings.bands),
        None => {
            if let Some(per_sample_m) =
                crate::profile::too_sparse_for_a_grid(track, &motion, &settings.profile)
            {
                descent_notes.push(
                    Phrase::from("samples too far apart to resample (")
                        .with(Piece::Length { m: per_sample_m })
                        .text(" of track per sample on average): descents cannot be measured"),
                );
            } else if !track.has_altitude() {
                descent_notes.push(
                    "no elevation in this file: descents cannot be measured (try --dem with SRTM tiles)"
                        .into(),
                );
            } else {
                descent_notes.push(
                    "no usable distance (no positions or distance field): descents cannot be measured"
                        .into(),
                );
            }
            Vec::new()
        }
    };
    // The physics gate: what no runner could run is an altitude artefact, set aside.
    let (mut descents, mut set_aside) = (Vec::new(), Vec::new());
    // The sport a descent was made in: its leg's, in a multisport file.
    let sport_of = |d: &Descent| {
        let mid_s = d.start_s.zip(d.end_s).map(|(a, b)| 0.5 * (a + b));
        mid_s.map_or(track.meta.sport.as_deref(), |t| track.sport_at(t))
    };
    for mut d in all_descents {
        match implausible(&d, &settings.descent, is_foot_sport(sport_of(&d))) {
            None => {
                d.index = descents.len() + 1;
                descents.push(d);
            }
            Some(reason) => {
                // Unmeasurable: it keeps its measured extent, not a band or a GAP.
                d.index = 0;
                d.band = UNMEASURABLE_BAND.to_string();
                d.gap_speed_mps = None;
                set_aside.push(SetAside { reason, descent: d });
            }
        }
    }
    // Off foot (a bike leg, or faster than anyone runs): the ground's band stays, the
    // running measures go.
    for d in &mut descents {
        let sport = sport_of(d);
        let too_fast = d
            .avg_speed_mps
            .is_some_and(|v| v > settings.descent.max_foot_speed_mps);
        if !is_foot_sport(sport) || too_fast {
            d.on_foot = false;
            d.gap_speed_mps = None;
        }
    }
    // A flat-equivalent speed no runner reaches means the times are not a runner's (a
    // course's pace model, a clock error): the descent stays, its GAP goes, and we say so.
    let no_gap: Vec<String> = descents
        .iter_mut()
        .filter(|d| d.gap_speed_mps > Some(settings.descent.max_foot_speed_mps))
        .map(|d| {
            d.gap_speed_mps = None;
            format!("#{}", d.index)
        })
        .collect();
    if !no_gap.is_empty() {
        descent_notes.push(
            Phrase::from(format!(
                "{} {}: the times give an effort no runner makes (flat-equivalent speed \
                 past ",
                if no_gap.len() == 1 {
                    "descent"
                } else {
                    "descents"
                },
                no_gap.join(" "),
            ))
            .with(Piece::Speed {
                mps: settings.descent.max_foot_speed_mps,
            })
            .text("), so no GAP"),
        );
    }
    // The noise floor: on coarse altitude a drop within the noise has no band of its own.
    if !motion.altitude.fine {
        let floor_m = settings.descent.band_min_drop_sd * motion.altitude.drop_sd_m;
        let mut below = 0;
        for d in descents.iter_mut().filter(|d| d.drop_m < floor_m) {
            d.band = UNMEASURABLE_BAND.to_string();
            below += 1;
        }
        if below > 0 {
            descent_notes.push(
                Phrase::from(format!(
                    "{below} of {} drop less than ",
                    crate::report::count(descents.len(), "descent", "descents")
                ))
                .with(Piece::Length { m: floor_m })
                .text(format!(
                    " ({} x the altitude's noise of ",
                    settings.descent.band_min_drop_sd
                ))
                .with(Piece::LengthTenth {
                    m: motion.altitude.drop_sd_m,
                })
                .text("): not measurable from this altitude alone, so no band"),
            );
        }
    }
    if descents.iter().any(|d| d.confidence == Confidence::Low) {
        descent_notes.push(
            Phrase::from(format!(
                "altitude is coarse ({} {}): one descent's grade is good to +-{:.0} % \
                 (2 sigma) over ",
                track.meta.altitude_source.name(),
                crate::report::source_basis(track.meta.altitude_source_from_temperature),
                2.0 * motion.altitude.drop_sd_m / 200.0 * 100.0
            ))
            .with(Piece::Length { m: 200.0 })
            .text("; repeated passes over one hill are pooled where possible"),
        );
    }
    // A whole session faster than anyone sustains was not run as recorded (a course's pace
    // model, a vehicle, a clock error): no GAP and no running verdict, and we say so.
    let foot_sport = is_foot_sport(track.meta.sport.as_deref()) || has_foot_leg(track);
    let effort = beyond_sustained(&summary, &settings.descent).filter(|_| foot_sport);
    if let Some((rate, hours, limit)) = effort {
        for d in &mut descents {
            d.on_foot = false;
            d.gap_speed_mps = None;
        }
        descent_notes.push(
            format!(
                "the session's times give {rate:.1} km-effort/h (km + 1 per 100 m climbed) \
                 over {hours:.1} h, where runners sustain at most about {limit:.0}: times from \
                 a pace model (a course file), a vehicle or a clock error, so no GAP and no \
                 running verdict"
            )
            .into(),
        );
    }
    let foot = effort.is_none() && foot_sport;
    let reps = if foot {
        let on_foot: Vec<Descent> = descents.iter().filter(|d| d.on_foot).cloned().collect();
        let mut reps = find_reps(track, &motion, &on_foot, &settings.reps, &settings.bands);
        drop_sets_off_foot(&mut reps, track);
        rep_gaps(&mut reps, settings.descent.max_foot_speed_mps);
        reps
    } else {
        // A ride (or another sport off foot): its repeated passes are found as a runner's
        // are, and named as passes; they get no running verdict, and a way back up under
        // the rider's own power is a ride, not a walk or a jog. A rider may climb back as
        // fast as they came down a technical trail: the runner's recovery speed rule is off.
        let ride = RepParams {
            repeat: crate::reps::repeats::RepeatParams {
                max_return_speed_ratio: f64::INFINITY,
                ..settings.reps.repeat.clone()
            },
            ..settings.reps.clone()
        };
        let mut reps = find_reps(track, &motion, &descents, &ride, &settings.bands);
        if effort.is_some() {
            reps.rep_notes.push(
                "the times are no runner's, so repeated passes get no running verdict".into(),
            );
            reps
        } else {
            for r in reps.reps.iter_mut().filter_map(|r| r.recovery.as_mut()) {
                if matches!(r.kind, RecoveryKind::Walk | RecoveryKind::Jog) {
                    r.kind = RecoveryKind::Ride;
                }
            }
            reps.rep_notes.push(
                format!(
                    "{}: not a foot sport, so its repeated passes get no running verdict",
                    track.meta.sport.as_deref().unwrap_or("unknown sport")
                )
                .into(),
            );
            reps
        }
    };
    let workout = if foot {
        workout::compare(&reps, settings.plan.as_ref())
    } else if effort.is_some() {
        workout::times_not_a_runners(&reps)
    } else {
        workout::off_foot(
            &reps,
            track.meta.sport.as_deref().unwrap_or("unknown sport"),
        )
    };
    let (utc_offset_s, utc_offset_from) =
        crate::localtime::offset_for(settings.zone, track.meta.utc_offset_s, summary.start_s);
    let report = Report {
        file: file.to_string(),
        utc_offset_s,
        utc_offset_from,
        format: track.meta.format,
        gzipped: track.meta.gzipped,
        name: track.meta.name.clone(),
        sport: track.meta.sport.clone(),
        sub_sport: track.meta.sub_sport.clone(),
        device: track.meta.device.clone(),
        altitude_source: track.meta.altitude_source,
        altitude_source_from_temperature: track.meta.altitude_source_from_temperature,
        legs: track.legs.clone(),
        altitude: motion.altitude,
        summary,
        descent_notes,
        descents,
        set_aside,
        sustained_effort: effort.map(|(rate, hours, limit)| crate::report::SustainedEffort {
            km_effort_per_h: rate,
            hours,
            limit_km_effort_per_h: limit,
        }),
        reps,
        workout,
        gap_model: crate::gap::MODEL_NAME,
        band_labels: settings.bands.labels(),
        cleaning: track.cleaning.clone(),
        warnings: track.warnings.clone(),
    };
    Analysis {
        report,
        motion,
        profile,
    }
}

/// Each rep's grade-adjusted speed on the hill's pooled grade (the grade its band is
/// judged on), unless the flat equivalent passes what any runner does.
fn rep_gaps(reps: &mut RepAnalysis, max_foot_speed_mps: f64) {
    for r in &mut reps.reps {
        r.gap_speed_mps = r
            .avg_speed_mps
            .map(|v| crate::gap::flat_equivalent_speed_mps(v, -r.grade_pct))
            .filter(|&g| g <= max_foot_speed_mps);
    }
}

/// The session's km-effort per hour over its elapsed hours, with the most a runner
/// sustains that long, when it is beyond that ([`DescentParams::sustained_km_effort_per_h`]).
fn beyond_sustained(s: &crate::summary::Summary, p: &DescentParams) -> Option<(f64, f64, f64)> {
    let hours = s.elapsed_s? / 3600.0;
    // NaN hours (no times) is not judged either.
    if hours.is_nan() || hours < p.sustained_min_h {
        return None;
    }
    let km_effort = s.distance_m? / 1000.0 + s.gain_m.unwrap_or(0.0).max(0.0) / 100.0;
    let rate = km_effort / hours;
    let limit = p.sustained_limit(hours);
    (rate > limit).then_some((rate, hours, limit))
}

/// Whether any leg of a multisport file is on foot.
fn has_foot_leg(track: &Track) -> bool {
    track.legs.iter().any(|l| is_foot_sport(l.sport.as_deref()))
}

/// A multisport file's rep sets that fall (even in part) on a leg not on foot go, with a
/// note; the remaining sets and their reps are renumbered.
fn drop_sets_off_foot(reps: &mut RepAnalysis, track: &Track) {
    if track.legs.is_empty() {
        return;
    }
    let off_foot = |t: Option<f64>| t.is_some_and(|t| !is_foot_sport(track.sport_at(t)));
    let bad: Vec<usize> = reps
        .reps
        .iter()
        .filter(|r| off_foot(r.start_s) || off_foot(r.end_s))
        .map(|r| r.set)
        .collect();
    if bad.is_empty() {
        return;
    }
    reps.reps.retain(|r| !bad.contains(&r.set));
    reps.rep_sets.retain(|s| !bad.contains(&s.index));
    for (k, s) in reps.rep_sets.iter_mut().enumerate() {
        let new = k + 1;
        for r in reps.reps.iter_mut().filter(|r| r.set == s.index) {
            r.set = new;
        }
        s.index = new;
    }
    let sets = bad.iter().collect::<std::collections::BTreeSet<_>>().len();
    reps.rep_notes.push(
        format!(
            "{} on a leg not on foot left out",
            crate::report::count(sets, "rep set", "rep sets")
        )
        .into(),
    );
}
