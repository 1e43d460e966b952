//! The session page (`analyze --html`): one self-contained file with every section, one
//! mark per rep in each figure, the verdict, and no reference to the network. No browser
//! needed; `.ci/html-check` opens the pages in headless Chromium.
//!
//! Set `DOWNHILL_HTML_DIR=/some/dir` to keep the generated season page there, to look at it.

use std::path::Path;

use downhill::report::html::SECTION_IDS;

use crate::common;

/// The page and the JSON report of one fixture, the page written into `dir`.
fn page_of(fixture: &Path, dir: &Path) -> (String, serde_json::Value) {
    let page = dir.join("session.html");
    let (out, err, code) = common::run(
        common::downhill()
            .args(["analyze", "--format", "json", "--html"])
            .arg(&page)
            .arg(fixture),
    );
    assert_eq!(code, 0, "{err}");
    let report = serde_json::from_str(out.lines().next().unwrap_or("")).expect("one JSON line");
    (std::fs::read_to_string(&page).expect("the page"), report)
}

/// The SVG figures of a page, each from `<svg` to `</svg>`.
fn figures(page: &str) -> Vec<&str> {
    page.split("<svg")
        .skip(1)
        .map(|s| s.split("</svg>").next().unwrap_or(""))
        .collect()
}

#[test]
fn html_page_of_the_readme_fixture_has_every_section_and_a_mark_per_rep() {
    let dir = tempfile::tempdir().unwrap();
    let (page, report) = page_of(
        &common::fixture("sim/short-reps_baro_seed7.gpx.gz"),
        dir.path(),
    );
    // One file, nothing left beside it (the temporary file was renamed).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["session.html"]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    for id in SECTION_IDS {
        let open = format!("<section id=\"{id}\">");
        let at = page
            .find(&open)
            .unwrap_or_else(|| panic!("section {id} missing"));
        let body = &page[at + open.len()..];
        let end = body.find("</section>").unwrap();
        assert!(
            body[..end].len() > 40,
            "section {id} is empty: {}",
            &body[..end]
        );
    }
    let reps = report["reps"].as_array().unwrap().len();
    assert_eq!(reps, 10);
    let figs = figures(&page);
    assert_eq!(figs.len(), 3, "profile, map, slope-speed");
    for f in figs {
        assert_eq!(
            f.matches("class=\"rep-mark\"").count(),
            reps,
            "{}",
            &f[..200]
        );
    }
    // The rep table: one row per rep, linked to the figures.
    assert_eq!(page.matches("<tr class=\"rep\" data-rep=").count(), reps);
    assert!(page.contains("done as prescribed"));
    let verdict = report["workout"]["verdict"].as_str().unwrap();
    assert!(page.contains(verdict), "{verdict}");
}

#[test]
fn html_page_references_nothing_outside_itself() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "sim/short-reps_baro_seed7.gpx.gz",
        "fit/fr645m_hill-run__runpandas_run.fit",
    ] {
        let (page, _) = page_of(&common::fixture(f), dir.path());
        // `url(#id)` names something inside the page (the map's clip path); any other url(
        // would be fetched.
        let lower = page.to_ascii_lowercase().replace("url(#", "");
        for bad in ["http://", "https://", "src=", "href=", "@import", "url("] {
            assert!(!lower.contains(bad), "{f}: the page contains {bad}");
        }
    }
}

#[test]
fn html_page_of_a_file_without_elevation_says_so_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = page_of(
        &common::fixture("gpx/gpsbabel_no-ele__gpxpy_cerknicko-jezero-without-elevations.gpx"),
        dir.path(),
    );
    assert!(page.contains("No elevation profile"));
    assert!(page.contains("No elevation in this file"));
    for id in SECTION_IDS {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
}

#[test]
fn html_with_several_files_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("out.html");
    let f = common::fixture("sim/short-reps_baro_seed7.gpx.gz");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("analyze")
            .arg(&f)
            .arg(&f)
            .arg("--html")
            .arg(&page),
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("out.html") && err.contains("2 files"), "{err}");
    assert!(!page.exists());
}

#[test]
fn html_page_that_cannot_be_written_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("missing-folder").join("out.html");
    let f = common::fixture("sim/short-reps_baro_seed7.gpx.gz");
    let (_, err, code) = common::run(
        common::downhill()
            .arg("analyze")
            .arg(&f)
            .arg("--html")
            .arg(&page),
    );
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("out.html: cannot write the page"), "{err}");
}

#[test]
fn html_season_page_has_every_section_and_a_bar_per_week() {
    use downhill::report::html::SEASON_SECTION_IDS;
    let dir = tempfile::tempdir().unwrap();
    let season = dir.path().join("season");
    crate::season_gen::write_folder(&season, &crate::season_gen::winter(30, 300));
    let page = dir.path().join("season.html");
    let (_, err, code) = common::run(
        common::downhill()
            .args(["season", "--format", "json", "--html"])
            .arg(&page)
            .arg(&season),
    );
    assert_eq!(code, 0, "{err}");
    if let Some(keep) = std::env::var_os("DOWNHILL_HTML_DIR") {
        let _ = std::fs::copy(&page, Path::new(&keep).join("season.html"));
    }
    let page = std::fs::read_to_string(&page).expect("the season page");
    for id in SEASON_SECTION_IDS {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("http://") && !lower.contains("https://"));
    // 30 sessions, one row each; 11 weeks with reps in one band each: one bar per week.
    assert_eq!(page.matches("<tr><td>").count(), 30);
    let bars = page.matches("class=\"week-bar\"").count();
    assert!((10..=12).contains(&bars), "{bars} bars");
    assert_eq!(figures(&page).len(), 2);
}

#[test]
fn html_season_page_lists_a_hill_run_in_two_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let season = dir.path().join("season");
    std::fs::create_dir(&season).unwrap();
    // The same session a week apart: its hill, matched by position, is run in two
    // sessions (a copy on the same day would be a duplicate export and be counted once).
    let gz = std::fs::read(common::fixture("sim/short-reps_baro_seed7.gpx.gz")).unwrap();
    let mut gpx = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut gpx).unwrap();
    assert!(gpx.contains("2023-11-14T"));
    std::fs::write(season.join("a.gpx"), &gpx).unwrap();
    std::fs::write(
        season.join("b.gpx"),
        gpx.replace("2023-11-14T", "2023-11-21T"),
    )
    .unwrap();
    let page = dir.path().join("season.html");
    let (_, err, code) = common::run(
        common::downhill()
            .args(["season", "--html"])
            .arg(&page)
            .arg(&season),
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&page).unwrap();
    let hills = page
        .split("<table class=\"hills\">")
        .nth(1)
        .expect("the hill table");
    let hills = hills.split("</table>").next().unwrap();
    assert_eq!(hills.matches("<tr><td>").count(), 1, "{hills}");
    assert!(
        hills.contains("2023-11-14: 10 reps at 4:03 /km; 2023-11-21: 10 reps"),
        "{hills}"
    );
}

#[test]
fn html_page_without_reps_lists_the_descents_linked_to_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (page, report) = page_of(
        &common::fixture("fit/fr645m_hill-run__runpandas_run.fit"),
        dir.path(),
    );
    let descents = report["descents"].as_array().unwrap().len();
    assert!(descents > 0 && report["reps"].as_array().unwrap().is_empty());
    assert_eq!(
        page.matches("<tr class=\"descent\" data-descent=").count(),
        descents
    );
    let figs = figures(&page);
    // The profile shades each descent, the map draws it, the slope chart has its dot.
    assert_eq!(
        figs[0]
            .matches("<polygon class=\"descent\" data-descent=")
            .count(),
        descents
    );
    assert_eq!(
        figs[1]
            .matches("class=\"descent-line\" data-descent=")
            .count(),
        descents
    );
    assert_eq!(
        figs[2]
            .matches("class=\"descent-dot\" data-descent=")
            .count(),
        descents
    );
}

#[test]
fn html_dir_writes_the_season_index_and_a_linked_page_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let season = dir.path().join("season");
    std::fs::create_dir(&season).unwrap();
    for f in [
        "sim/short-reps_baro_seed7.gpx.gz",
        "fit/fr645m_hill-run__runpandas_run.fit",
    ] {
        let from = common::fixture(f);
        std::fs::copy(&from, season.join(from.file_name().unwrap())).unwrap();
    }
    let out = dir.path().join("pages");
    let (_, err, code) = common::run(
        common::downhill()
            .args(["season", "--html-dir"])
            .arg(&out)
            .arg(&season),
    );
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let links: Vec<&str> = index
        .split("<a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    for link in links {
        assert!(!link.contains('/') && link.ends_with(".html"), "{link}");
        let page = std::fs::read_to_string(out.join(link)).expect("the linked page");
        for id in SECTION_IDS {
            assert!(
                page.contains(&format!("<section id=\"{id}\">")),
                "{link}: {id}"
            );
        }
    }
}

#[test]
fn rep_gap_is_the_rep_pace_made_flat_on_the_hill_grade_in_json_table_and_page() {
    use downhill::report::units::Units;
    let dir = tempfile::tempdir().unwrap();
    let (page, report) = page_of(
        &common::fixture("sim/short-reps_baro_seed7.gpx.gz"),
        dir.path(),
    );
    let reps = report["reps"].as_array().unwrap();
    assert!(!reps.is_empty());
    let rows: Vec<&str> = page
        .split("<tr class=\"rep\" data-rep=")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap())
        .collect();
    assert_eq!(rows.len(), reps.len());
    assert!(page.contains("<th>GAP</th>"));
    for (rep, row) in reps.iter().zip(rows) {
        let v = rep["avg_speed_mps"].as_f64().unwrap();
        let grade = rep["grade_pct"].as_f64().unwrap();
        let gap = rep["gap_speed_mps"]
            .as_f64()
            .expect("a rep on foot has a GAP");
        let want = downhill::gap::flat_equivalent_speed_mps(v, -grade);
        assert!((gap - want).abs() < 0.01, "GAP {gap} vs {want}");
        // Running down 8-10 % costs less than the flat: the flat equivalent is slower.
        assert!(gap < v, "GAP {gap} not below the rep speed {v}");
        let shown = Units::METRIC.speed_with_unit(gap);
        assert!(row.contains(&shown), "{shown} not in {row}");
    }
}
