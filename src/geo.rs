//! Distances on the globe.

/// Great-circle distance in kilometres between two `(lat, lon)` points.
pub fn distance_km((la1, lo1): (f64, f64), (la2, lo2): (f64, f64)) -> f64 {
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let (dp, dl) = (p2 - p1, (lo2 - lo1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Whether two points lie within `km` of each other. Points further apart
/// in latitude alone are told without the trigonometry: no path between
/// them is shorter than the meridian arc, 111.19 km a degree on this
/// sphere (111 here, to stay on the safe side).
pub fn within_km(p: (f64, f64), q: (f64, f64), km: f64) -> bool {
    (p.0 - q.0).abs() * 111.0 <= km && distance_km(p, q) <= km
}

#[cfg(test)]
mod tests {
    #[test]
    fn raqqa_to_deir_ez_zor_is_about_120_km() {
        let d = super::distance_km((35.95, 39.01), (35.33, 40.14));
        assert!((115.0..130.0).contains(&d), "{d}");
    }
}
