//! Sensor error models with the figures of DOMAIN.md.
//!
//! Receiver outputs are Kalman-filtered, so their errors are smooth: a second-order
//! Gauss-Markov process (two cascaded first-order ones) has the stated standard deviation and
//! correlation time without the step-to-step roughness of a first-order (Ornstein-Uhlenbeck)
//! process. White jitter is added on top.

use rand::Rng;
use rand_distr::{Distribution, Normal};

/// Error figures of one simulated recording. [`NoiseParams::typical`] gives the middle of
/// the DOMAIN.md ranges; [`NoiseParams::sample`] draws each figure within its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseParams {
    /// Horizontal error per axis (DOMAIN: ~3 m).
    pub horizontal_sigma_m: f64,
    /// Correlation time of the horizontal error (DOMAIN: ~1 min).
    pub horizontal_tau_s: f64,
    /// White horizontal jitter per axis (DOMAIN: ~0.5 m).
    pub horizontal_jitter_m: f64,
    /// Barometric white noise (DOMAIN: 0.1-0.3 m).
    pub baro_white_m: f64,
    /// Barometric storage step (DOMAIN: 0.2 m).
    pub baro_step_m: f64,
    /// Barometric offset (DOMAIN: up to +-8 m).
    pub baro_offset_m: f64,
    /// Weather drift, signed (DOMAIN: 1-8 m/h).
    pub baro_drift_m_per_h: f64,
    /// GPS altitude error (DOMAIN: 5-10 m).
    pub gps_alt_sigma_m: f64,
    /// Correlation time of the GPS altitude error (DOMAIN: minutes).
    pub gps_alt_tau_s: f64,
    /// White GPS altitude jitter.
    pub gps_alt_jitter_m: f64,
}

impl NoiseParams {
    /// Mid-range figures of a consumer watch (3 m GPS error, 7 m GPS altitude error, ...).
    pub fn typical() -> NoiseParams {
        NoiseParams {
            horizontal_sigma_m: 3.0,
            horizontal_tau_s: 60.0,
            horizontal_jitter_m: 0.5,
            baro_white_m: 0.2,
            baro_step_m: 0.2,
            baro_offset_m: 4.0,
            baro_drift_m_per_h: 4.0,
            gps_alt_sigma_m: 7.0,
            gps_alt_tau_s: 180.0,
            gps_alt_jitter_m: 1.0,
        }
    }

    /// Every figure drawn uniformly within the DOMAIN.md range.
    pub fn sample<R: Rng>(rng: &mut R) -> NoiseParams {
        let sign = |rng: &mut R| if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
        NoiseParams {
            horizontal_sigma_m: rng.gen_range(2.0..4.0),
            horizontal_tau_s: rng.gen_range(40.0..90.0),
            horizontal_jitter_m: rng.gen_range(0.3..0.7),
            baro_white_m: rng.gen_range(0.1..0.3),
            baro_step_m: 0.2,
            baro_offset_m: rng.gen_range(-8.0..8.0),
            baro_drift_m_per_h: sign(rng) * rng.gen_range(1.0..8.0),
            gps_alt_sigma_m: rng.gen_range(5.0..10.0),
            gps_alt_tau_s: rng.gen_range(120.0..300.0),
            gps_alt_jitter_m: rng.gen_range(0.5..1.5),
        }
    }
}

/// A smooth (second-order) Gauss-Markov process with standard deviation `sigma` and
/// correlation time `tau_s`, stepped by irregular time steps.
#[derive(Debug, Clone)]
pub struct SmoothGaussMarkov {
    sigma: f64,
    tau_s: f64,
    inner: f64,
    outer: f64,
}

impl SmoothGaussMarkov {
    /// Start in the stationary distribution.
    pub fn new<R: Rng>(sigma: f64, tau_s: f64, rng: &mut R) -> SmoothGaussMarkov {
        let tau = tau_s.max(1e-3) / 2.0;
        let inner_sigma = sigma * std::f64::consts::SQRT_2;
        let mut g = SmoothGaussMarkov {
            sigma: inner_sigma,
            tau_s: tau,
            inner: gauss(rng) * inner_sigma,
            outer: gauss(rng) * sigma,
        };
        // Settle the cascade.
        for _ in 0..8 {
            g.step(tau, rng);
        }
        g
    }

    /// The current value.
    pub fn value(&self) -> f64 {
        self.outer
    }

    /// Advance by `dt_s` and return the new value.
    pub fn step<R: Rng>(&mut self, dt_s: f64, rng: &mut R) -> f64 {
        let dt = dt_s.max(0.0);
        let a = (-dt / self.tau_s).exp();
        self.inner = a * self.inner + self.sigma * (1.0 - a * a).sqrt() * gauss(rng);
        self.outer = a * self.outer + (1.0 - a) * self.inner;
        self.outer
    }
}

/// A standard normal draw.
pub fn gauss<R: Rng>(rng: &mut R) -> f64 {
    Normal::new(0.0, 1.0).map(|n| n.sample(rng)).unwrap_or(0.0)
}

/// Quantize to the storage step of a barometric altimeter.
pub fn quantize(v: f64, step: f64) -> f64 {
    if step > 0.0 {
        (v / step).round() * step
    } else {
        v
    }
}
