//! Haversine distances along a track, with each fix's cos(latitude) computed once.
//!
//! geo's [`Haversine`] computes both cosines for every pair; along a track every fix is in
//! two pairs (and in the standing test's windows), so caching them takes two of the five
//! transcendental calls out of each distance. Measured on the profile stage of
//! `cargo bench --bench pipeline` (the sessions' FIT set): the distances were 31 % of the
//! stage. The formula and its order of operations are geo's, so the results are the same to
//! the bit; `tests` keep geo as the reference.

use geo::Haversine;

/// The sphere radius geo's [`Haversine`] uses (GRS80 mean radius), for every distance and
/// local projection in the crate.
pub const EARTH_RADIUS_M: f64 = Haversine.radius();
/// Metres per degree of latitude on that sphere.
pub const METRES_PER_DEGREE: f64 = std::f64::consts::PI / 180.0 * EARTH_RADIUS_M;

/// A position with its cos(latitude) ready.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    cos_lat: f64,
}

impl Fix {
    /// The fix at `lat_deg`, `lon_deg`, its cosine computed.
    pub fn new(lat_deg: f64, lon_deg: f64) -> Fix {
        Fix {
            lat_deg,
            lon_deg,
            cos_lat: lat_deg.to_radians().cos(),
        }
    }
}

/// Great-circle distance between two fixes, metres: geo's `Haversine.distance`.
pub fn distance_m(a: &Fix, b: &Fix) -> f64 {
    let delta_theta = (b.lat_deg - a.lat_deg).to_radians();
    let delta_lambda = (b.lon_deg - a.lon_deg).to_radians();
    let h = (delta_theta / 2.0).sin().powi(2)
        + a.cos_lat * b.cos_lat * (delta_lambda / 2.0).sin().powi(2);
    EARTH_RADIUS_M * (2.0 * h.sqrt().asin())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Point};
    use rand::{Rng, SeedableRng};

    #[test]
    fn same_bits_as_geo() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        for k in 0..200_000 {
            let lat: f64 = rng.gen_range(-89.9..89.9);
            let lon: f64 = rng.gen_range(-180.0..180.0);
            // Track steps (centimetres to a kilometre) and a few long hops.
            let scale = if k % 100 == 0 { 10.0 } else { 1e-2 };
            let (dlat, dlon): (f64, f64) = (
                rng.gen_range(-scale..scale) * 1e-2,
                rng.gen_range(-scale..scale) * 1e-2,
            );
            let (a, b) = (Fix::new(lat, lon), Fix::new(lat + dlat, lon + dlon));
            let want = Haversine.distance(Point::new(lon, lat), Point::new(lon + dlon, lat + dlat));
            assert_eq!(
                distance_m(&a, &b).to_bits(),
                want.to_bits(),
                "{lat} {lon} {dlat} {dlon}"
            );
        }
    }
}
