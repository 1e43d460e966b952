//! Encodings of GPX and TCX files (issue 12, defect 8): what the byte order mark or the XML
//! declaration says is decoded, a byte that does not decode costs that character (with a
//! warning naming where it is), not the file, and an error gives the byte offset in the file.
//! Inputs generated here.

use std::path::{Path, PathBuf};

use downhill::io::{ReadOptions, read_activity};
use downhill::track::Track;

use crate::common::{downhill, run};
use crate::season_gen::{session, short_session};

/// A short rep session named `name`, as GPX or TCX text (UTF-8, declared so): the GPX
/// names its track, the TCX its device (`Creator/Name`), the text fields each reader keeps.
fn text(name: &str, tcx: bool) -> String {
    let mut track = session(&short_session(0.0, 2, 60));
    if tcx {
        track.meta.name = None;
        let creator = format!("<Creator><Name>{name}</Name></Creator></Activity>");
        downhill_testkit::write::to_tcx(&track).replacen("</Activity>", &creator, 1)
    } else {
        track.meta.name = Some(name.to_owned());
        downhill_testkit::write::to_gpx(&track)
    }
}

/// The name [`text`] gave.
fn name_of(t: &Track, tcx: bool) -> Option<&str> {
    if tcx {
        t.meta.device.as_deref()
    } else {
        t.meta.name.as_deref()
    }
}

fn ext(tcx: bool) -> &'static str {
    if tcx { "tcx" } else { "gpx" }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(path: &Path) -> Track {
    read_activity(path, &ReadOptions::default()).unwrap()
}

/// `s` as Latin-1 bytes (every character is below U+0100).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

/// `s` as UTF-16 with its byte order mark.
fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    downhill_testkit::write::utf16_with_bom(s, big_endian)
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

#[test]
fn io_encodings_a_latin1_byte_in_a_utf8_name_costs_that_character_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for tcx in [false, true] {
        let utf8 = text("Café reps", tcx);
        let good = read(&write(
            dir.path(),
            &format!("good.{}", ext(tcx)),
            utf8.as_bytes(),
        ));
        // The é of the name (C3 A9 in UTF-8) as the one byte E9 of Latin-1.
        let mut bytes = utf8.clone().into_bytes();
        let at = find(&bytes, "é".as_bytes());
        bytes.splice(at..at + 2, [0xE9]);
        let file = format!("latin1-byte.{}", ext(tcx));
        let path = write(dir.path(), &file, &bytes);
        let t = read(&path);
        assert_eq!(t.points, good.points, "tcx {tcx}");
        assert_eq!(name_of(&t, tcx), Some("Caf\u{FFFD} reps"), "tcx {tcx}");
        let warning =
            format!("1 byte not valid UTF-8 replaced with U+FFFD (the first at byte {at})");
        assert!(t.warnings.contains(&warning), "{:?}", t.warnings);

        let (out, err, code) = run(downhill()
            .arg("analyze")
            .arg("--format")
            .arg("json")
            .arg(&path));
        assert_eq!(code, 0, "{err}");
        assert!(
            err.lines()
                .any(|l| l.contains(&file) && l.contains(&warning)),
            "the warning names the file: {err}"
        );
        assert!(out.contains(&warning), "and is in the report: {out}");
    }
}

#[test]
fn io_encodings_a_declared_iso_8859_1_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    for tcx in [false, true] {
        let utf8 = text("Côte à 12 %, é", tcx);
        let good = read(&write(
            dir.path(),
            &format!("good.{}", ext(tcx)),
            utf8.as_bytes(),
        ));
        let declared = utf8.replacen(r#"encoding="UTF-8""#, r#"encoding="ISO-8859-1""#, 1);
        assert_ne!(declared, utf8);
        let path = write(
            dir.path(),
            &format!("latin1.{}", ext(tcx)),
            &latin1(&declared),
        );
        let t = read(&path);
        assert_eq!(t, good, "tcx {tcx}: the same track, é and à included");
        assert_eq!(name_of(&t, tcx), Some("Côte à 12 %, é"));
        let (_, err, code) = run(downhill().arg("analyze").arg(&path));
        assert_eq!(code, 0, "{err}");
    }
}

#[test]
fn io_encodings_utf16_with_a_byte_order_mark_reads_as_the_utf8_file() {
    let dir = tempfile::tempdir().unwrap();
    for tcx in [false, true] {
        let utf8 = text("Côte € reps", tcx);
        let good = read(&write(
            dir.path(),
            &format!("good.{}", ext(tcx)),
            utf8.as_bytes(),
        ));
        let declared = utf8.replacen(r#"encoding="UTF-8""#, r#"encoding="UTF-16""#, 1);
        for big_endian in [false, true] {
            let file = format!("utf16{}.{}", if big_endian { "be" } else { "le" }, ext(tcx));
            let path = write(dir.path(), &file, &utf16(&declared, big_endian));
            let t = read(&path);
            assert_eq!(name_of(&t, tcx), Some("Côte € reps"));
            assert_eq!(t, good, "{file}");
            // Recognized as XML by content, not called binary data; and gzipped too.
            let (_, err, code) = run(downhill().arg("analyze").arg(&path));
            assert_eq!(code, 0, "{file}: {err}");
            let gz = write(
                dir.path(),
                &format!("{file}.gz"),
                &downhill_testkit::write::gzip(&utf16(&declared, big_endian), 6),
            );
            let mut t = read(&gz);
            assert!(t.meta.gzipped);
            t.meta.gzipped = false;
            assert_eq!(t, good, "{file}.gz");
        }
    }
}

#[test]
fn io_encodings_malformed_xml_is_an_error_naming_the_file_and_its_byte() {
    let dir = tempfile::tempdir().unwrap();
    // A wrong end tag before any point: nothing to keep, so an error. The é before it is two
    // bytes in UTF-8, one in Latin-1 and every character two in UTF-16: the offset given is
    // the file's own.
    let doc = |enc: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"{enc}\"?>\n<gpx><trk><name>é</name><trkseg></trk></gpx>\n"
        )
    };
    let utf8 = doc("UTF-8");
    let latin = doc("ISO-8859-1");
    let cases = [
        (
            "utf8.gpx",
            utf8.clone().into_bytes(),
            find(utf8.as_bytes(), b"</trk>"),
        ),
        (
            "latin1.gpx",
            latin1(&latin),
            find(&latin1(&latin), b"</trk>"),
        ),
        ("utf16.gpx", utf16(&doc("UTF-16"), false), {
            let d = doc("UTF-16");
            2 + 2 * d[..d.find("</trk>").unwrap()].encode_utf16().count()
        }),
    ];
    for (file, bytes, tag_at) in cases {
        let path = write(dir.path(), file, &bytes);
        let (_, err, code) = run(downhill().arg("analyze").arg(&path));
        assert_eq!(code, 1, "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(file), "names the file: {err}");
        let said = err
            .split("invalid XML at byte ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{file}: no offset in {err}"));
        assert_eq!(said, tag_at, "{file}: the wrong tag's byte: {err}");
    }
}
