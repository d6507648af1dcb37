//! A static SVG map of one article, for reports and READMEs: the country
//! outlines around the article's places, a marker per place sized by its
//! mentions and coloured by its kind, the place names, and a title with
//! the article id.

use super::EntitySummary;
use super::basemap;
use crate::gazetteer::Gazetteer;
use crate::mention::MentionType;
use std::borrow::Cow;
use std::io::{self, Write};

/// Size of the image, in pixels.
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 560.0;
/// Room kept free around the places, in pixels (for markers and labels).
const MARGIN: f64 = 70.0;
/// The smallest span shown, in map units (8° of longitude), so that a
/// single town still shows its region.
const MIN_SPAN: f64 = 800.0;
/// Label font size, in pixels.
const FONT: f64 = 12.0;
const FONTS: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// `s` escaped for XML text and attribute values; characters XML 1.0 does
/// not allow (most control characters) are dropped.
pub fn escape(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            || (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
    };
    if !s.contains(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if bad(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One marker: map position, radius, class and name.
struct Marker<'a> {
    x: f64,
    y: f64,
    r: f64,
    class: &'static str,
    name: &'a str,
    mentions: usize,
}

/// The part of the map shown: map units to pixels.
#[derive(Clone, Copy, Debug)]
struct View {
    x0: f64,
    y0: f64,
    k: f64,
}

impl View {
    /// The view that fits map-unit bounds `[x0, y0, x1, y1]`, with at
    /// least [`MIN_SPAN`] and [`MARGIN`] around, never wider than the world.
    fn fit(b: [f64; 4]) -> View {
        let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        let (w, h) = ((b[2] - b[0]).max(MIN_SPAN), (b[3] - b[1]).max(MIN_SPAN));
        let k = ((WIDTH - 2.0 * MARGIN) / w)
            .min((HEIGHT - 2.0 * MARGIN) / h)
            .max(WIDTH / basemap::WORLD);
        View { x0: cx - WIDTH / 2.0 / k, y0: cy - HEIGHT / 2.0 / k, k }
    }

    /// The whole inhabited world (80°N to 58°S).
    fn world() -> View {
        let (_, top) = basemap::project(80.0, 0.0);
        let (_, bottom) = basemap::project(-58.0, 0.0);
        View::fit([0.0, top, basemap::WORLD, bottom])
    }

    fn px(&self, (x, y): (f64, f64)) -> (f64, f64) {
        ((x - self.x0) * self.k, (y - self.y0) * self.k)
    }

    /// Whether map-unit bounds overlap the image.
    fn shows(&self, b: [f64; 4]) -> bool {
        let (a, c) = (self.px((b[0], b[1])), self.px((b[2], b[3])));
        a.0 < WIDTH && c.0 > 0.0 && a.1 < HEIGHT && c.1 > 0.0
    }
}

/// A rectangle in pixels: `[x0, y0, x1, y1]`.
type Rect = [f64; 4];

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Estimated box of a text of `chars` characters at `size`, anchored at
/// `(x, y)` with `anchor` (`start`, `middle`, `end`) on its baseline.
fn text_box(x: f64, y: f64, chars: usize, size: f64, anchor: &str) -> Rect {
    let w = chars as f64 * size * 0.6;
    let x0 = match anchor {
        "start" => x,
        "end" => x - w,
        _ => x - w / 2.0,
    };
    [x0, y - size * 0.8, x0 + w, y + size * 0.25]
}

/// Writes the SVG map of one article, from its place summaries (those
/// without coordinates are left out). An article with no places gets a
/// world map that says so.
///
/// # Errors
/// If `w` fails.
pub fn article_svg(
    gaz: &Gazetteer,
    article: &str,
    places: &[EntitySummary],
    w: &mut dyn Write,
) -> io::Result<()> {
    let markers = markers(gaz, places);
    let view = if markers.is_empty() {
        View::world()
    } else {
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for m in &markers {
            b = [b[0].min(m.x), b[1].min(m.y), b[2].max(m.x), b[3].max(m.y)];
        }
        View::fit(b)
    };
    let id = escape(article);
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONTS}" role="img">"#
    )?;
    writeln!(w, "<title>Places named in {id}</title>")?;
    writeln!(w, r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#dfeaf2"/>"##)?;
    write_countries(w, view)?;
    let frame = Frame::new(article, &markers);
    let mut taken: Vec<Rect> = frame.boxes();
    let labels = place_labels(&markers, view, &mut taken);
    write_country_labels(w, view, &mut taken)?;
    write_markers(w, &markers, view)?;
    for (text, x, y, anchor) in labels {
        writeln!(
            w,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{FONT}" font-weight="bold" fill="#222" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            escape(text)
        )?;
    }
    frame.write(w, &id)?;
    writeln!(w, "</svg>")
}

/// The markers of the places with coordinates, most mentioned first.
fn markers<'a>(gaz: &'a Gazetteer, places: &[EntitySummary]) -> Vec<Marker<'a>> {
    let mut out: Vec<Marker<'a>> = Vec::new();
    let mut seen = Vec::new();
    for s in places.iter().filter(|s| s.mention_type == MentionType::Place) {
        let e = gaz.entry(s.entry);
        let Some((lat, lon)) = e.coord else { continue };
        if seen.contains(&s.entry) {
            continue;
        }
        seen.push(s.entry);
        let (x, y) = basemap::project(lat, lon);
        let class = basemap::marker_class(e.kind);
        out.push(Marker { x, y, r: 0.0, class, name: &e.name, mentions: s.mentions });
    }
    out.sort_by_key(|m| std::cmp::Reverse(m.mentions));
    let max = out.first().map_or(1, |m| m.mentions);
    for m in &mut out {
        m.r = basemap::marker_radius(m.mentions, max);
    }
    out
}

/// The outlines of the countries in view, in pixels.
fn write_countries(w: &mut dyn Write, view: View) -> io::Result<()> {
    writeln!(
        w,
        r##"<g fill="#f4f1ea" stroke="#a9a294" stroke-width="0.7" stroke-linejoin="round" fill-rule="evenodd">"##
    )?;
    let mut d = String::new();
    for c in basemap::countries().iter().filter(|c| view.shows(c.bbox)) {
        d.clear();
        c.path_data(&mut d, 0.6, |p| view.px(p));
        writeln!(w, r#"<path d="{d}"/>"#)?;
    }
    writeln!(w, "</g>")
}

/// Where the place names go: beside their markers, most mentioned first,
/// skipping a name that would cover another (or repeat a name just
/// beside it). Returns (text, x, y, anchor).
fn place_labels<'a>(
    markers: &[Marker<'a>],
    view: View,
    taken: &mut Vec<Rect>,
) -> Vec<(&'a str, f64, f64, &'static str)> {
    let dots: Vec<Rect> = markers
        .iter()
        .map(|m| {
            let (x, y) = view.px((m.x, m.y));
            [x - m.r, y - m.r, x + m.r, y + m.r]
        })
        .collect();
    let mut out: Vec<(&str, f64, f64, &str)> = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        let (x, y) = view.px((m.x, m.y));
        let near_twin =
            out.iter().any(|l| l.0 == m.name && (l.1 - x).abs() + (l.2 - y).abs() < 60.0);
        if near_twin {
            continue;
        }
        let n = m.name.chars().count();
        let gap = m.r + 3.0;
        let spots = [
            (x + gap, y + FONT * 0.35, "start"),
            (x - gap, y + FONT * 0.35, "end"),
            (x, y - gap - 2.0, "middle"),
            (x, y + gap + FONT * 0.8, "middle"),
        ];
        let free = spots.into_iter().find(|&(lx, ly, a)| {
            let b = text_box(lx, ly, n, FONT, a);
            b[0] >= 2.0
                && b[2] <= WIDTH - 2.0
                && b[1] >= 2.0
                && b[3] <= HEIGHT - 2.0
                && !taken.iter().any(|t| overlaps(t, &b))
                && !dots.iter().enumerate().any(|(j, d)| j != i && overlaps(d, &b))
        });
        if let Some((lx, ly, a)) = free {
            taken.push(text_box(lx, ly, n, FONT, a));
            out.push((m.name, lx, ly, a));
        }
    }
    out
}

/// Country names where they fit and cover no place name.
fn write_country_labels(w: &mut dyn Write, view: View, taken: &mut Vec<Rect>) -> io::Result<()> {
    const SIZE: f64 = 11.0;
    writeln!(
        w,
        r##"<g font-size="{SIZE}" fill="#8a8476" text-anchor="middle" letter-spacing="0.5">"##
    )?;
    for c in basemap::countries() {
        let (x, y) = view.px(c.label);
        let text = c.name.to_uppercase();
        let n = text.chars().count();
        let b = text_box(x, y, n, SIZE, "middle");
        let fits = (b[2] - b[0]) * 1.2 < c.label_width * view.k;
        let inside = b[0] >= 0.0 && b[2] <= WIDTH && b[1] >= 0.0 && b[3] <= HEIGHT;
        if fits && inside && !taken.iter().any(|t| overlaps(t, &b)) {
            taken.push(b);
            writeln!(w, r#"<text x="{x:.1}" y="{y:.1}">{}</text>"#, escape(&text))?;
        }
    }
    writeln!(w, "</g>")
}

/// The markers, largest first so that small ones stay on top.
fn write_markers(w: &mut dyn Write, markers: &[Marker<'_>], view: View) -> io::Result<()> {
    writeln!(w, r##"<g stroke="#fff" stroke-width="1.5" fill-opacity="0.85">"##)?;
    let mut order: Vec<&Marker> = markers.iter().collect();
    order.sort_by(|a, b| b.r.total_cmp(&a.r));
    for m in order {
        let (x, y) = view.px((m.x, m.y));
        let s = if m.mentions == 1 { "" } else { "s" };
        writeln!(
            w,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="{}"><title>{} ({} mention{s})</title></circle>"#,
            m.r,
            basemap::marker_colour(m.class),
            escape(m.name),
            m.mentions
        )?;
    }
    writeln!(w, "</g>")
}

/// The title box, the legend of the classes shown, and the attribution.
struct Frame {
    /// "3 places", "no places found".
    count: String,
    /// Width of the title box.
    title_w: f64,
    /// The marker classes shown: (class, label, colour).
    classes: Vec<&'static (&'static str, &'static str, &'static str)>,
}

impl Frame {
    const LEGEND_W: f64 = 170.0;
    const ATTRIBUTION_W: f64 = 230.0;

    fn new(id: &str, markers: &[Marker<'_>]) -> Frame {
        let count = match markers.len() {
            0 => "no places found".to_string(),
            1 => "1 place".to_string(),
            n => format!("{n} places"),
        };
        let chars = id.chars().count() + count.len() + 3;
        let title_w = (chars as f64 * 7.8 + 24.0).min(WIDTH);
        let classes = basemap::MARKER_CLASSES
            .iter()
            .filter(|c| markers.iter().any(|m| m.class == c.0))
            .collect();
        Frame { count, title_w, classes }
    }

    fn legend_top(&self) -> f64 {
        HEIGHT - self.classes.len() as f64 * 18.0 - 18.0
    }

    /// The boxes the frame covers, for labels to keep clear of.
    fn boxes(&self) -> Vec<Rect> {
        let mut b = vec![
            [0.0, 0.0, self.title_w, 30.0],
            [WIDTH - Self::ATTRIBUTION_W, HEIGHT - 16.0, WIDTH, HEIGHT],
        ];
        if !self.classes.is_empty() {
            b.push([8.0, self.legend_top(), 8.0 + Self::LEGEND_W, HEIGHT - 8.0]);
        }
        b
    }

    fn write(&self, w: &mut dyn Write, id: &str) -> io::Result<()> {
        let (title_w, count) = (self.title_w, &self.count);
        writeln!(
            w,
            r##"<rect x="0" y="0" width="{title_w:.0}" height="30" fill="#fff" fill-opacity="0.88"/>"##
        )?;
        writeln!(
            w,
            r##"<text x="10" y="20" font-size="14" fill="#222"><tspan font-weight="bold">{id}</tspan><tspan fill="#666"> · {count}</tspan></text>"##
        )?;
        if !self.classes.is_empty() {
            let top = self.legend_top();
            let (lw, h) = (Self::LEGEND_W, HEIGHT - 8.0 - top);
            writeln!(
                w,
                r##"<rect x="8" y="{top:.0}" width="{lw}" height="{h:.0}" rx="4" fill="#fff" fill-opacity="0.88"/>"##
            )?;
            for (i, (_, label, colour)) in self.classes.iter().enumerate() {
                let y = top + 14.0 + i as f64 * 18.0;
                writeln!(
                    w,
                    r##"<circle cx="20" cy="{:.0}" r="5" fill="{colour}"/><text x="32" y="{:.0}" font-size="11" fill="#333">{label}</text>"##,
                    y,
                    y + 4.0
                )?;
            }
        }
        writeln!(
            w,
            r##"<text x="{:.0}" y="{:.0}" font-size="9" fill="#777" text-anchor="end">{}</text>"##,
            WIDTH - 6.0,
            HEIGHT - 6.0,
            basemap::ATTRIBUTION
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_text_safe_for_xml() {
        assert_eq!(escape("Raqqa"), "Raqqa");
        assert!(matches!(escape("Raqqa"), Cow::Borrowed(_)));
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\"\u{1}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn a_single_place_shows_its_region() {
        let (x, y) = basemap::project(35.95, 39.0);
        let v = View::fit([x, y, x, y]);
        let span = WIDTH / v.k;
        assert!((MIN_SPAN..4.0 * MIN_SPAN).contains(&span), "{span}");
        let (px, py) = v.px((x, y));
        assert!((px - WIDTH / 2.0).abs() < 1e-6 && (py - HEIGHT / 2.0).abs() < 1e-6);
    }

    fn gazetteer() -> Gazetteer {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gazetteer");
        crate::GazetteerBuilder::new().no_default().add_dir(&dir).unwrap().build().unwrap()
    }

    fn svg(gaz: &Gazetteer, id: &str, text: &str) -> String {
        let mentions = crate::Extractor::new(gaz).extract(text);
        let summaries = crate::write::summarize(gaz, &mentions);
        let mut out = Vec::new();
        article_svg(gaz, id, &summaries, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Tags balance and every `&` starts an entity (a cheap well-formedness
    /// check; tests/map_page.rs also runs Python's XML parser).
    fn assert_well_formed(xml: &str) {
        let mut stack = Vec::new();
        for tag in xml.split('<').skip(2).map(|t| &t[..t.find('>').unwrap()]) {
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name));
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap());
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        for (i, _) in xml.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| xml[i..].starts_with(e))
            );
        }
    }

    #[test]
    fn an_article_map_names_its_places() {
        let gaz = gazetteer();
        let xml = svg(&gaz, "<b>&\"id\"", "Fighting in Raqqa and Manbij. Raqqa again.");
        assert!(xml.starts_with("<?xml"));
        assert_well_formed(&xml);
        assert!(xml.contains(">Raqqa</text>") && xml.contains(">Manbij</text>"), "{xml}");
        assert!(xml.contains("&lt;b&gt;&amp;&quot;id&quot;"));
        assert!(xml.contains(">SYRIA</text>"), "the country is labelled");
        assert!(xml.contains("2 places"));
    }

    #[test]
    fn an_article_without_places_gets_a_world_map() {
        let gaz = gazetteer();
        let xml = svg(&gaz, "empty", "Nothing to see.");
        assert_well_formed(&xml);
        assert!(xml.contains("no places found"));
        assert!(!xml.contains("<circle"));
        assert!(xml.matches("<path").count() > 100, "the world's countries");
    }

    #[test]
    fn labels_do_not_overlap() {
        let m = |x, name| Marker { x, y: 100.0, r: 6.0, class: "settlement", name, mentions: 1 };
        let markers = [m(100.0, "Raqqa"), m(101.0, "Raqqa"), m(102.0, "Tabqa"), m(140.0, "Manbij")];
        let view = View { x0: 0.0, y0: 0.0, k: 4.0 };
        let mut taken = Vec::new();
        let labels = place_labels(&markers, view, &mut taken);
        let names: Vec<&str> = labels.iter().map(|l| l.0).collect();
        assert_eq!(names, ["Raqqa", "Tabqa", "Manbij"], "twin Raqqa skipped");
        for (i, a) in taken.iter().enumerate() {
            assert!(taken[i + 1..].iter().all(|b| !overlaps(a, b)));
        }
    }
}
