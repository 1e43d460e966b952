//! Simulated sessions with known truth, for accuracy tests and benchmarks.
//! (Stub: filled by the descents work.)
