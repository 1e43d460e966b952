//! The pipeline for one file: Track -> Motion -> Profile -> descents -> reps -> workout ->
//! Report. Pure: it reads nothing and writes nothing. Every command (`analyze`, `chart`,
//! `season`) runs this one function with one [`Settings`].

use crate::descent::{Bands, Confidence, DescentParams, find_descents, implausible};
use crate::motion::{Motion, MotionParams, compute_motion};
use crate::profile::{Profile, ProfileParams, build_profile};
use crate::report::{Report, SET_ASIDE_BAND, SetAside};
use crate::reps::{RepParams, find_reps};
use crate::summary::{SummaryParams, summarize};
use crate::track::Track;
use crate::workout;

/// Every setting of the analysis, with the documented defaults of each stage.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub motion: MotionParams,
    pub summary: SummaryParams,
    pub profile: ProfileParams,
    pub descent: DescentParams,
    pub bands: Bands,
    pub reps: RepParams,
    /// The coach's plan (`--plan`); without one the closest built-in workout is used.
    pub plan: Option<workout::Prescription>,
}

/// Everything the pipeline computed for one file: the report, and the motion and profile it
/// was measured on (for charts).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub report: Report,
    pub motion: Motion,
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
            if !track.has_altitude() {
                descent_notes.push(
                    "no elevation in this file: descents cannot be measured (try --dem with SRTM tiles)"
                        .to_string(),
                );
            } else {
                descent_notes.push(
                    "no usable distance (no positions or distance field): descents cannot be measured"
                        .to_string(),
                );
            }
            Vec::new()
        }
    };
    // The physics gate: what no runner could run is an altitude artefact, set aside.
    let (mut descents, mut set_aside) = (Vec::new(), Vec::new());
    for mut d in all_descents {
        match implausible(&d, &settings.descent) {
            None => {
                d.index = descents.len() + 1;
                descents.push(d);
            }
            Some(reason) => {
                // Unmeasurable: it keeps its measured extent, not a band or a GAP.
                d.index = 0;
                d.band = SET_ASIDE_BAND.to_string();
                d.gap_speed_mps = None;
                set_aside.push(SetAside { reason, descent: d });
            }
        }
    }
    if descents.iter().any(|d| d.confidence == Confidence::Low) {
        descent_notes.push(format!(
            "altitude is coarse ({} by the file): one descent's grade is good to +-{:.0} % \
             (2 sigma) over 200 m; repeated passes over one hill are pooled where possible",
            track.meta.altitude_source.name(),
            2.0 * motion.altitude.drop_sd_m / 200.0 * 100.0
        ));
    }
    let reps = find_reps(track, &motion, &descents, &settings.reps, &settings.bands);
    let workout = workout::compare(&reps, settings.plan.as_ref());
    let report = Report {
        file: file.to_string(),
        format: track.meta.format,
        gzipped: track.meta.gzipped,
        name: track.meta.name.clone(),
        sport: track.meta.sport.clone(),
        sub_sport: track.meta.sub_sport.clone(),
        device: track.meta.device.clone(),
        altitude_source: track.meta.altitude_source,
        altitude: motion.altitude,
        summary,
        descent_notes,
        descents,
        set_aside,
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
