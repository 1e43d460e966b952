//! JSON rendering: one object per file (JSON Lines when several).

use super::Report;

/// One line of JSON for `report`.
pub fn render(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
