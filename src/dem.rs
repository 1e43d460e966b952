//! Terrain model: SRTM `.hgt` tiles, bilinear interpolation (`--dem DIR`).
//!
//! A tile `N46E007.hgt` covers latitudes 46-47 N and longitudes 7-8 E; it holds
//! 3601 x 3601 (1 arc-second) or 1201 x 1201 (3 arc-second) big-endian `i16` metres, rows
//! from north to south, columns from west to east, edges shared with the neighbours;
//! -32768 marks a void. This is the format of NASA's SRTM and of the viewfinderpanoramas
//! and OpenTopography redistributions.
//!
//! GPS altitude has errors of 5-10 m correlated over minutes (DOMAIN.md); terrain heights at
//! the recorded positions are smooth and repeatable, so they replace the altitude of files
//! without a barometer. Barometric files are left alone: their altitude is better for grades.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::track::{AltitudeSource, Track};

const VOID: i16 = -32768;

/// One loaded tile.
#[derive(Debug, Clone)]
struct Tile {
    /// Samples per row and column (1201 or 3601).
    size: usize,
    data: Vec<i16>,
}

impl Tile {
    fn parse(bytes: &[u8], path: &Path) -> Result<Tile> {
        let size = match bytes.len() {
            n if n == 2 * 3601 * 3601 => 3601,
            n if n == 2 * 1201 * 1201 => 1201,
            n => {
                return Err(Error::Dem {
                    path: path.to_path_buf(),
                    detail: format!(
                        "malformed SRTM tile: {n} bytes, expected {} (1\") or {} (3\")",
                        2 * 3601 * 3601,
                        2 * 1201 * 1201
                    ),
                });
            }
        };
        let data = bytes
            .chunks_exact(2)
            .map(|c| i16::from_be_bytes([c[0], c[1]]))
            .collect();
        Ok(Tile { size, data })
    }

    fn at(&self, row: usize, col: usize) -> Option<f64> {
        let v = *self.data.get(row * self.size + col)?;
        (v != VOID).then_some(f64::from(v))
    }

    /// Bilinear height at fractional offsets within the tile (`north` 0 at the south edge).
    fn height(&self, north: f64, east: f64) -> Option<f64> {
        let last = (self.size - 1) as f64;
        let r = ((1.0 - north) * last).clamp(0.0, last);
        let c = (east * last).clamp(0.0, last);
        let (r0, c0) = (r.floor() as usize, c.floor() as usize);
        let (r1, c1) = ((r0 + 1).min(self.size - 1), (c0 + 1).min(self.size - 1));
        let (fr, fc) = (r - r0 as f64, c - c0 as f64);
        let corners = [
            (self.at(r0, c0), (1.0 - fr) * (1.0 - fc)),
            (self.at(r0, c1), (1.0 - fr) * fc),
            (self.at(r1, c0), fr * (1.0 - fc)),
            (self.at(r1, c1), fr * fc),
        ];
        // Voids: weight the valid corners only.
        let (sum, w) = corners
            .iter()
            .filter_map(|(v, w)| v.map(|v| (v * w, *w)))
            .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        let any = corners.iter().any(|(v, _)| v.is_some());
        if w > 1e-12 {
            Some(sum / w)
        } else if any {
            corners.iter().find_map(|(v, _)| *v)
        } else {
            None
        }
    }
}

/// A directory of SRTM tiles, loaded on demand.
#[derive(Debug)]
pub struct Dem {
    dir: PathBuf,
    tiles: HashMap<(i32, i32), Tile>,
}

/// The tile name covering a position: `N46E007.hgt`, `S23W068.hgt`.
pub fn tile_name(lat_deg: f64, lon_deg: f64) -> String {
    let (la, lo) = (lat_deg.floor() as i32, lon_deg.floor() as i32);
    format!(
        "{}{:02}{}{:03}.hgt",
        if la >= 0 { 'N' } else { 'S' },
        la.abs(),
        if lo >= 0 { 'E' } else { 'W' },
        lo.abs()
    )
}

impl Dem {
    /// A terrain model over the tiles in `dir`; fails when `dir` is not a directory.
    pub fn open(dir: &Path) -> Result<Dem> {
        if !dir.is_dir() {
            return Err(Error::Dem {
                path: dir.to_path_buf(),
                detail: "--dem needs a directory of SRTM .hgt tiles".into(),
            });
        }
        Ok(Dem {
            dir: dir.to_path_buf(),
            tiles: HashMap::new(),
        })
    }

    fn tile(&mut self, lat_deg: f64, lon_deg: f64) -> Result<&Tile> {
        let key = (lat_deg.floor() as i32, lon_deg.floor() as i32);
        if !self.tiles.contains_key(&key) {
            let name = tile_name(lat_deg, lon_deg);
            let candidates = [self.dir.join(&name), self.dir.join(name.to_lowercase())];
            // Whatever exists is read, so that a FIFO or device named like a tile is refused
            // by name rather than called missing.
            let Some(path) = candidates.iter().find(|p| p.exists()) else {
                return Err(Error::Dem {
                    path: candidates[0].clone(),
                    detail: format!(
                        "missing SRTM tile {name} (needed for {lat_deg:.4}, {lon_deg:.4})"
                    ),
                });
            };
            let bytes = crate::io::file::read_regular(path, crate::io::file::MAX_FILE_BYTES)?;
            let tile = Tile::parse(&bytes, path)?;
            self.tiles.insert(key, tile);
        }
        self.tiles.get(&key).ok_or_else(|| Error::Dem {
            path: self.dir.clone(),
            detail: "tile cache".into(),
        })
    }

    /// Terrain height at a position; `None` over a void. Errors name a missing or malformed
    /// tile.
    pub fn elevation_m(&mut self, lat_deg: f64, lon_deg: f64) -> Result<Option<f64>> {
        let tile = self.tile(lat_deg, lon_deg)?;
        let north = lat_deg - lat_deg.floor();
        let east = lon_deg - lon_deg.floor();
        Ok(tile.height(north, east))
    }
}

/// Replace the altitudes of `track` by terrain heights unless they are barometric. Points
/// without a position lose their altitude (sources are never mixed). Returns whether the
/// track was changed.
pub fn apply_dem(track: &mut Track, dem: &mut Dem) -> Result<bool> {
    if track.meta.altitude_source == AltitudeSource::Barometric || !track.has_position() {
        return Ok(false);
    }
    for p in &mut track.points {
        p.altitude_m = match (p.lat_deg, p.lon_deg) {
            (Some(lat), Some(lon)) => dem.elevation_m(lat, lon)?,
            _ => None,
        };
    }
    track.meta.altitude_source = AltitudeSource::Dem;
    Ok(true)
}

/// A terrain model shared by the threads of a batch: tiles are loaded once, and each track
/// takes the lock once for all its points.
#[derive(Debug)]
pub struct SharedDem(std::sync::Mutex<Dem>);

impl SharedDem {
    /// Open the tiles in `dir` (see [`Dem::open`]).
    pub fn open(dir: &Path) -> Result<SharedDem> {
        Dem::open(dir).map(|d| SharedDem(std::sync::Mutex::new(d)))
    }

    /// [`apply_dem`] under the lock. A thread that panicked while holding it left only
    /// loaded tiles behind, so a poisoned lock is still usable.
    pub fn apply(&self, track: &mut Track) -> Result<bool> {
        let mut dem = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        apply_dem(track, &mut dem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::TrackPoint;

    /// A 3" tile whose height rises 1 m per column eastwards and 2 m per row southwards.
    fn write_tile(dir: &Path, name: &str) {
        let n = 1201;
        let mut bytes = Vec::with_capacity(2 * n * n);
        for r in 0..n {
            for c in 0..n {
                let v = if r == 600 && c == 600 {
                    VOID
                } else {
                    (c + 2 * r) as i16
                };
                bytes.extend_from_slice(&v.to_be_bytes());
            }
        }
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    #[test]
    fn tile_names_follow_srtm() {
        assert_eq!(tile_name(46.5, 7.2), "N46E007.hgt");
        assert_eq!(tile_name(-22.1, -67.9), "S23W068.hgt");
    }

    #[test]
    fn heights_are_bilinear_and_voids_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write_tile(dir.path(), "N46E007.hgt");
        let mut dem = Dem::open(dir.path()).unwrap();
        // Row 100.5 from the north, column 10.25 from the west.
        let lat = 47.0 - 100.5 / 1200.0;
        let lon = 7.0 + 10.25 / 1200.0;
        let h = dem.elevation_m(lat, lon).unwrap().unwrap();
        assert!((h - (10.25 + 2.0 * 100.5)).abs() < 1e-6, "{h}");
        // Next to the void: the valid corners only.
        let h = dem
            .elevation_m(47.0 - 600.0 / 1200.0, 7.0 + 600.5 / 1200.0)
            .unwrap()
            .unwrap();
        assert!((h - 1801.0).abs() < 1e-6, "{h}");
    }

    #[test]
    fn a_missing_or_malformed_tile_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut dem = Dem::open(dir.path()).unwrap();
        let e = dem.elevation_m(46.5, 7.5).unwrap_err().to_string();
        assert!(e.contains("N46E007.hgt") && e.contains("missing"), "{e}");
        std::fs::write(dir.path().join("N46E008.hgt"), [0u8; 1000]).unwrap();
        let e = dem.elevation_m(46.5, 8.5).unwrap_err().to_string();
        assert!(e.contains("N46E008.hgt") && e.contains("malformed"), "{e}");
        assert!(Dem::open(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn gps_altitude_is_replaced_and_barometric_kept() {
        let dir = tempfile::tempdir().unwrap();
        write_tile(dir.path(), "N46E007.hgt");
        let mut dem = Dem::open(dir.path()).unwrap();
        let mut t = Track::default();
        t.points.push(TrackPoint {
            lat_deg: Some(47.0 - 1.0 / 1200.0),
            lon_deg: Some(7.0 + 3.0 / 1200.0),
            altitude_m: Some(999.0),
            ..TrackPoint::default()
        });
        t.meta.altitude_source = AltitudeSource::Gps;
        let mut baro = t.clone();
        baro.meta.altitude_source = AltitudeSource::Barometric;
        assert!(apply_dem(&mut t, &mut dem).unwrap());
        assert_eq!(t.meta.altitude_source, AltitudeSource::Dem);
        assert!((t.points[0].altitude_m.unwrap() - 5.0).abs() < 1e-6);
        assert!(!apply_dem(&mut baro, &mut dem).unwrap());
        assert_eq!(baro.points[0].altitude_m, Some(999.0));
    }
}
