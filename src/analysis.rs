//! The pipeline for one file: Track -> Profile -> descents -> reps -> workout -> Report.
//! Pure: it reads nothing and writes nothing.

use crate::descent::{Bands, Confidence, DescentParams, find_descents};
use crate::profile::{ProfileParams, build_profile};
use crate::report::Report;
use crate::reps::{RepParams, find_reps};
use crate::summary::{SummaryParams, summarize};
use crate::track::Track;
use crate::workout;

/// Every setting of the analysis, with the documented defaults of each stage.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub summary: SummaryParams,
    pub profile: ProfileParams,
    pub descent: DescentParams,
    pub bands: Bands,
    pub reps: RepParams,
    /// The coach's plan (`--plan`); without one the closest built-in workout is used.
    pub plan: Option<workout::Prescription>,
}

/// Analyze one cleaned track. `file` is the name shown in the report.
pub fn analyze(track: &Track, file: &str, settings: &Settings) -> Report {
    let summary = summarize(track, &settings.summary);
    let mut descent_notes = Vec::new();
    let profile = build_profile(track, &settings.profile);
    let descents = match &profile {
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
    if descents.iter().any(|d| d.confidence == Confidence::Low) {
        descent_notes.push(format!(
            "altitude is {}: grades of short descents are low-confidence (+-3 % over 200 m); \
             repeated passes over one hill are pooled where possible",
            track.meta.altitude_source.name()
        ));
    }
    let reps = find_reps(
        track,
        profile.as_ref(),
        &descents,
        &settings.reps,
        &settings.bands,
    );
    let workout = workout::compare(&reps, settings.plan.as_ref());
    Report {
        file: file.to_string(),
        format: track.meta.format,
        gzipped: track.meta.gzipped,
        name: track.meta.name.clone(),
        sport: track.meta.sport.clone(),
        sub_sport: track.meta.sub_sport.clone(),
        device: track.meta.device.clone(),
        altitude_source: track.meta.altitude_source,
        summary,
        descent_notes,
        descents,
        reps,
        workout,
        gap_model: crate::gap::MODEL_NAME,
        band_labels: settings.bands.labels(),
        cleaning: track.cleaning.clone(),
        warnings: track.warnings.clone(),
    }
}
