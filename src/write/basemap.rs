//! What the HTML map and the SVG maps share: the country outlines
//! (`assets/countries.json`, from Natural Earth), the Web Mercator
//! projection, and how a place's marker looks.
//!
//! The outlines are decoded once, on first use. Projected coordinates are
//! "map units": the world is [`WORLD`] units wide, x grows east from
//! 180°W and y grows south from 85°N (so they read as SVG coordinates).

use crate::gazetteer::Kind;
use serde::Deserialize;
use std::f64::consts::PI;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The outline data: see `assets/README.md` for its format and source.
const DATA: &str = include_str!("../../assets/countries.json");

/// Width (and height) of the projected world, in map units: one unit is
/// 0.01° of longitude.
pub const WORLD: f64 = 36_000.0;

/// Latitudes beyond this are clamped (Web Mercator's square world).
pub const MAX_LAT: f64 = 85.051_129;

/// Where the data comes from, for attributions.
pub const ATTRIBUTION: &str = "Country outlines: Natural Earth (public domain)";

/// Projects `(lat, lon)` in degrees to map units `(x, y)`.
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0 * WORLD;
    let y = (PI - (PI / 4.0 + lat / 2.0).tan().ln()) / (2.0 * PI) * WORLD;
    (x, y)
}

/// One country (or territory) of the basemap.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 numeric code, as in Natural Earth (empty for some
    /// disputed areas).
    pub id: String,
    /// Natural Earth's short name: "Syria", "Dem. Rep. Congo".
    pub name: String,
    /// Polygons, each an outer ring then holes, in map units.
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
    /// Bounds in map units: `[min x, min y, max x, max y]`.
    pub bbox: [f64; 4],
    /// Where its label goes: the centroid of its largest polygon.
    pub label: (f64, f64),
    /// Width of its largest polygon, in map units (whether a label fits).
    pub label_width: f64,
}

/// A country in the raw file: id, name, polygons of rings of arc numbers.
type RawCountry = (String, String, Vec<Vec<Vec<i32>>>);

/// The raw file.
#[derive(Deserialize)]
struct Raw {
    scale: f64,
    arcs: Vec<Vec<i32>>,
    countries: Vec<RawCountry>,
}

/// Every country of the basemap, decoded on first use.
///
/// # Panics
/// If the embedded data is broken, which the tests rule out.
pub fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| decode(DATA).expect("assets/countries.json is valid"))
}

/// Decodes the basemap file.
fn decode(data: &str) -> Result<Vec<Country>, String> {
    let raw: Raw = serde_json::from_str(data).map_err(|e| e.to_string())?;
    let arcs: Vec<Vec<(f64, f64)>> = raw.arcs.iter().map(|a| arc_points(a, raw.scale)).collect();
    let mut out = Vec::with_capacity(raw.countries.len());
    for (id, name, polys) in raw.countries {
        let mut polygons = Vec::with_capacity(polys.len());
        for poly in &polys {
            let rings: Result<Vec<_>, String> = poly.iter().map(|r| ring(r, &arcs)).collect();
            polygons.push(rings?);
        }
        out.push(country(id, name, polygons));
    }
    Ok(out)
}

/// Projected points of one delta-encoded arc.
fn arc_points(arc: &[i32], scale: f64) -> Vec<(f64, f64)> {
    let (mut lon, mut lat) = (0i64, 0i64);
    arc.chunks_exact(2)
        .map(|d| {
            lon += i64::from(d[0]);
            lat += i64::from(d[1]);
            project(lat as f64 / scale, lon as f64 / scale)
        })
        .collect()
}

/// A ring from its arc references (`~n` is arc `n` reversed).
fn ring(refs: &[i32], arcs: &[Vec<(f64, f64)>]) -> Result<Vec<(f64, f64)>, String> {
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for &r in refs {
        let i = if r >= 0 { r } else { !r } as usize;
        let arc = arcs.get(i).ok_or_else(|| format!("no arc {i}"))?;
        let skip = usize::from(!pts.is_empty());
        if r >= 0 {
            pts.extend(arc.iter().skip(skip));
        } else {
            pts.extend(arc.iter().rev().skip(skip));
        }
    }
    Ok(pts)
}

/// A country with its bounds and label point.
fn country(id: String, name: String, polygons: Vec<Vec<Vec<(f64, f64)>>>) -> Country {
    let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for &(x, y) in polygons.iter().flatten().flatten() {
        bbox = [bbox[0].min(x), bbox[1].min(y), bbox[2].max(x), bbox[3].max(y)];
    }
    let largest = polygons
        .iter()
        .filter_map(|p| p.first())
        .max_by(|a, b| area(a).abs().total_cmp(&area(b).abs()));
    let (label, label_width) = match largest {
        Some(r) => {
            let (x0, x1) = r.iter().fold((f64::MAX, f64::MIN), |b, p| (b.0.min(p.0), b.1.max(p.0)));
            (centroid(r), x1 - x0)
        }
        None => (((bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0), 0.0),
    };
    Country { id, name, polygons, bbox, label, label_width }
}

/// Signed area of a ring (shoelace).
fn area(r: &[(f64, f64)]) -> f64 {
    let n = r.len();
    (0..n).map(|i| r[i].0 * r[(i + 1) % n].1 - r[(i + 1) % n].0 * r[i].1).sum::<f64>() / 2.0
}

/// Centroid of a ring (its vertex mean when it has no area).
fn centroid(r: &[(f64, f64)]) -> (f64, f64) {
    let a = area(r);
    let n = r.len();
    if a.abs() < 1e-9 {
        let (sx, sy) = r.iter().fold((0.0, 0.0), |s, p| (s.0 + p.0, s.1 + p.1));
        return (sx / n.max(1) as f64, sy / n.max(1) as f64);
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..n {
        let (p, q) = (r[i], r[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

impl Country {
    /// Appends the SVG path data of the country to `out`, each point
    /// mapped by `f` and rounded to integers; the first point of a ring is
    /// absolute, the others relative (`l`). Repeated points are dropped,
    /// points within `tolerance` (output units) of the line between their
    /// neighbours too (Douglas-Peucker; 0 keeps them all), and so are rings
    /// that shrink to fewer than three points (islands smaller than a unit).
    pub fn path_data(
        &self,
        out: &mut String,
        tolerance: f64,
        f: impl Fn((f64, f64)) -> (f64, f64),
    ) {
        let mut pts: Vec<(i64, i64)> = Vec::new();
        for ring in self.polygons.iter().flatten() {
            pts.clear();
            for &p in ring {
                let (x, y) = f(p);
                let q = (x.round() as i64, y.round() as i64);
                if pts.last() != Some(&q) {
                    pts.push(q);
                }
            }
            if pts.len() > 1 && pts.first() == pts.last() {
                pts.pop();
            }
            if tolerance > 0.0 {
                simplify(&mut pts, tolerance);
            }
            if pts.len() < 3 {
                continue;
            }
            let _ = write!(out, "M{} {}l", pts[0].0, pts[0].1);
            for (i, w) in pts.windows(2).enumerate() {
                let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
                if i > 0 && dx >= 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{dx}");
                if dy >= 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{dy}");
            }
            out.push('z');
        }
    }
}

/// Douglas-Peucker on a closed ring (its first point is kept): drops the
/// points within `tolerance` of the line between the points kept around
/// them.
fn simplify(pts: &mut Vec<(i64, i64)>, tolerance: f64) {
    let n = pts.len();
    if n < 4 {
        return;
    }
    // The ring as a path from the first point back to it.
    let at = |i: usize| {
        let p = pts[i % n];
        (p.0 as f64, p.1 as f64)
    };
    let mut keep = vec![false; n + 1];
    keep[0] = true;
    keep[n] = true;
    // Split at the point farthest from the first, then refine each half.
    let far = (1..n)
        .max_by(|&a, &b| {
            let d = |i: usize| (at(i).0 - at(0).0).powi(2) + (at(i).1 - at(0).1).powi(2);
            d(a).total_cmp(&d(b))
        })
        .unwrap_or(n / 2);
    keep[far] = true;
    let mut stack = vec![(0, far), (far, n)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (at(a), at(b));
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = dx.hypot(dy);
        let dist = |i: usize| {
            let r = at(i);
            if len == 0.0 {
                (r.0 - p.0).hypot(r.1 - p.1)
            } else {
                (dy * (r.0 - p.0) - dx * (r.1 - p.1)).abs() / len
            }
        };
        if let Some(i) = (a + 1..b).max_by(|&i, &j| dist(i).total_cmp(&dist(j)))
            && dist(i) > tolerance
        {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
    let mut i = 0;
    pts.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// The marker class of a kind of place, for colour and legend:
/// `country`, `admin`, `settlement` or `other`.
pub fn marker_class(kind: Kind) -> &'static str {
    use Kind as K;
    match kind {
        K::Continent | K::Region | K::Country => "country",
        K::Admin1 | K::Admin2 => "admin",
        K::City | K::Town | K::Village | K::Neighbourhood => "settlement",
        _ => "other",
    }
}

/// Every marker class with its legend label and colour (Okabe-Ito, safe
/// for colour-blind readers), in legend order.
pub const MARKER_CLASSES: &[(&str, &str, &str)] = &[
    ("country", "Country or region", "#0072b2"),
    ("admin", "Province or district", "#009e73"),
    ("settlement", "City, town or village", "#d55e00"),
    ("other", "Facility or feature", "#a3588c"),
];

/// The colour of a marker class.
pub fn marker_colour(class: &str) -> &'static str {
    MARKER_CLASSES.iter().find(|c| c.0 == class).map_or("#666666", |c| c.2)
}

/// Marker radius in pixels for `mentions`, when the most-mentioned place
/// on the map has `max`: from 5 (one mention) to 16 (the most), by area.
pub fn marker_radius(mentions: usize, max: usize) -> f64 {
    let max = max.max(1) as f64;
    let m = (mentions.max(1) as f64).min(max);
    if max <= 1.0 { 6.0 } else { 5.0 + 11.0 * ((m - 1.0) / (max - 1.0)).sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_outlines_decode() {
        let c = countries();
        assert!(c.len() > 200, "{} countries", c.len());
        let syria = c.iter().find(|c| c.name == "Syria").expect("Syria is there");
        let (x, y) = project(35.0, 38.0);
        let b = syria.bbox;
        assert!(b[0] < x && x < b[2] && b[1] < y && y < b[3], "{b:?} vs ({x}, {y})");
        let (lx, ly) = syria.label;
        assert!(b[0] < lx && lx < b[2] && b[1] < ly && ly < b[3]);
        assert!(c.iter().all(|c| !c.polygons.is_empty() && c.polygons[0][0].len() >= 3));
        // No edge jumps across the map (rings crossing 180° are cut).
        for ring in c.iter().flat_map(|c| c.polygons.iter().flatten()) {
            assert!(ring.windows(2).all(|w| (w[1].0 - w[0].0).abs() < WORLD / 2.0));
        }
    }

    #[test]
    fn projection_is_web_mercator() {
        let (x, y) = project(0.0, 0.0);
        assert!((x - WORLD / 2.0).abs() < 1e-6 && (y - WORLD / 2.0).abs() < 1e-6);
        let (x, y) = project(MAX_LAT, -180.0);
        assert!(x.abs() < 1e-6 && y.abs() < 1e-3, "({x}, {y})");
        assert!(project(36.0, 38.0).1 < project(35.0, 38.0).1, "y grows south");
    }

    #[test]
    fn path_data_is_compact_and_closed() {
        let c = country(
            "1".into(),
            "Box".into(),
            vec![vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (10.2, 10.1), (0.0, 10.0)]]],
        );
        let mut d = String::new();
        c.path_data(&mut d, 0.0, |p| p);
        assert_eq!(d, "M0 0l10 0 0 10-10 0z");
        d.clear();
        c.path_data(&mut d, 0.0, |p| (p.0 / 40.0, p.1 / 40.0));
        assert_eq!(d, "", "a ring smaller than a unit is left out");
        let wobbly = country(
            "2".into(),
            "W".into(),
            vec![vec![vec![
                (0.0, 0.0),
                (5.0, 0.4),
                (10.0, 0.0),
                (10.0, 10.0),
                (5.0, 9.6),
                (0.0, 10.0),
            ]]],
        );
        d.clear();
        wobbly.path_data(&mut d, 0.0, |p| (p.0 * 10.0, p.1 * 10.0));
        assert_eq!(d, "M0 0l50 4 50-4 0 100-50-4-50 4z");
        d.clear();
        wobbly.path_data(&mut d, 5.0, |p| (p.0 * 10.0, p.1 * 10.0));
        assert_eq!(d, "M0 0l100 0 0 100-100 0z");
        assert!((c.label.0 - 5.0).abs() < 0.05 && (c.label.1 - 5.0).abs() < 0.05, "{:?}", c.label);
        assert_eq!(c.bbox, [0.0, 0.0, 10.2, 10.1]);
    }

    #[test]
    fn markers_grow_with_mentions() {
        assert_eq!(marker_radius(1, 1), 6.0);
        assert_eq!(marker_radius(1, 9), 5.0);
        assert_eq!(marker_radius(9, 9), 16.0);
        assert!(marker_radius(3, 9) < marker_radius(4, 9));
        assert_eq!(marker_class(Kind::Town), "settlement");
        assert_eq!(marker_colour("admin"), "#009e73");
    }
}
