//! The map page: one self-contained HTML file (`map.html`) with every
//! place of a run on a country basemap, a popup per place with the
//! sentences that name it, and lists of articles and groups that filter
//! the markers.
//!
//! The page needs no network: the basemap, the script and the style are
//! inside it, and its Content-Security-Policy forbids every request. The
//! run's data sits in a `<script type="application/json">` block with
//! `<`, `>`, `&`, U+2028 and U+2029 escaped, and the script builds the DOM
//! with `textContent` only, so article text and ids never run as code.
//! The page's own code is in `map/page.js`, `map/page.css` and
//! `map/template.html`.

use super::EntitySummary;
use super::basemap::{self, MARKER_CLASSES};
use crate::extract::focus::Focus;
use crate::gazetteer::{EntryIdx, Gazetteer};
use crate::mention::{Mention, MentionType};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

const TEMPLATE: &str = include_str!("map/template.html");
const SCRIPT: &str = include_str!("map/page.js");
const STYLE: &str = include_str!("map/page.css");

/// Sentences kept per place (the popup says how many more there were).
pub const MAX_CONTEXTS: usize = 8;
/// Sentences kept per place from any one article.
const MAX_CONTEXTS_PER_ARTICLE: usize = 3;
/// Distinct spellings kept per place.
const MAX_SURFACES: usize = 12;

/// One place of the run.
struct MapPlace {
    entry: EntryIdx,
    mentions: usize,
    surfaces: Vec<String>,
    /// Indices into [`MapPage::groups`].
    groups: Vec<u32>,
    /// (article number, mentions there)
    articles: Vec<(u32, u32)>,
    /// (article number, sentence), at most [`MAX_CONTEXTS`].
    contexts: Vec<(u32, String)>,
    /// Sentences not kept.
    more: usize,
    /// Article numbers where it is a focus, with the level.
    focus: Vec<(u32, &'static str)>,
}

/// Gathers the places of a run for the map page: one marker per distinct
/// place with coordinates (the features of the run's `places.geojson`),
/// with bounded context per place.
#[derive(Default)]
pub struct MapPage {
    articles: Vec<Box<str>>,
    groups: Vec<Box<str>>,
    group_index: HashMap<Box<str>, u32>,
    places: Vec<MapPlace>,
    index: HashMap<EntryIdx, usize>,
}

impl MapPage {
    /// An empty run.
    pub fn new() -> MapPage {
        MapPage::default()
    }

    /// Number of distinct places (markers).
    pub fn places(&self) -> usize {
        self.places.len()
    }

    /// Adds one article: its place summaries with coordinates (`places`,
    /// the summaries the map counts) and, as popup sentences, the contexts
    /// of those places' mentions in `mentions`.
    pub fn add_article(
        &mut self,
        gaz: &Gazetteer,
        article: &str,
        mentions: &[Mention],
        places: &[EntitySummary],
        focus: &Focus,
    ) {
        let no = self.articles.len() as u32;
        self.articles.push(article.into());
        let mut here: HashMap<EntryIdx, usize> = HashMap::new();
        for s in places.iter().filter(|s| s.mention_type == MentionType::Place) {
            if gaz.entry(s.entry).coord.is_none() || here.contains_key(&s.entry) {
                continue;
            }
            let i = self.place(s.entry);
            here.insert(s.entry, i);
            let groups: Vec<u32> = s.groups.iter().map(|g| self.group(g)).collect();
            let p = &mut self.places[i];
            p.mentions += s.mentions;
            for sf in &s.surfaces {
                if p.surfaces.len() < MAX_SURFACES && !p.surfaces.contains(sf) {
                    p.surfaces.push(sf.clone());
                }
            }
            for g in groups {
                if !p.groups.contains(&g) {
                    p.groups.push(g);
                }
            }
            p.articles.push((no, s.mentions as u32));
            if let Some(level) = focus.level_of(s.entry) {
                p.focus.push((no, level));
            }
        }
        self.add_contexts(no, mentions, &here);
    }

    /// The index of the place of `entry`, added if new.
    fn place(&mut self, entry: EntryIdx) -> usize {
        *self.index.entry(entry).or_insert_with(|| {
            self.places.push(MapPlace {
                entry,
                mentions: 0,
                surfaces: Vec::new(),
                groups: Vec::new(),
                articles: Vec::new(),
                contexts: Vec::new(),
                more: 0,
                focus: Vec::new(),
            });
            self.places.len() - 1
        })
    }

    /// The index of the group named `name`, added if new.
    fn group(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.group_index.get(name) {
            return g;
        }
        let g = self.groups.len() as u32;
        self.groups.push(name.into());
        self.group_index.insert(name.into(), g);
        g
    }

    /// Keeps the sentences of the article's place mentions: one per
    /// sentence and place, a few per article, [`MAX_CONTEXTS`] per place.
    fn add_contexts(&mut self, no: u32, mentions: &[Mention], here: &HashMap<EntryIdx, usize>) {
        let mut seen: HashSet<(EntryIdx, usize)> = HashSet::new();
        let mut per_place: HashMap<usize, usize> = HashMap::new();
        for m in mentions.iter().filter(|m| m.mention_type == MentionType::Place) {
            let Some(&i) = here.get(&m.entry) else { continue };
            if !seen.insert((m.entry, m.sentence)) {
                continue;
            }
            let n = per_place.entry(i).or_default();
            let p = &mut self.places[i];
            if *n < MAX_CONTEXTS_PER_ARTICLE && p.contexts.len() < MAX_CONTEXTS {
                p.contexts.push((no, m.context.clone()));
                *n += 1;
            } else {
                p.more += 1;
            }
        }
    }

    /// Writes the page.
    ///
    /// # Errors
    /// If `w` fails.
    pub fn write_html(&self, gaz: &Gazetteer, w: &mut dyn Write) -> io::Result<()> {
        let data = script_json(&self.data(gaz));
        let mut rest = TEMPLATE;
        while let Some(start) = rest.find("{{") {
            let end = rest[start..].find("}}").map(|e| start + e).unwrap_or(rest.len());
            w.write_all(&rest.as_bytes()[..start])?;
            match &rest[start + 2..end] {
                "style" => w.write_all(STYLE.as_bytes())?,
                "script" => w.write_all(SCRIPT.as_bytes())?,
                "data" => w.write_all(data.as_bytes())?,
                "basemap" => write_basemap(w)?,
                "attribution" => w.write_all(basemap::ATTRIBUTION.as_bytes())?,
                other => panic!("map/template.html: unknown slot {other:?}"),
            }
            rest = rest.get(end + 2..).unwrap_or("");
        }
        w.write_all(rest.as_bytes())
    }

    /// The page's data, places with most mentions first (as in
    /// `places.geojson`).
    fn data<'a>(&'a self, gaz: &'a Gazetteer) -> PageData<'a> {
        let mut order: Vec<&MapPlace> = self.places.iter().collect();
        order.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.entry.cmp(&b.entry)));
        let max = order.first().map_or(1, |p| p.mentions);
        PageData {
            generator: concat!("gazet ", env!("CARGO_PKG_VERSION")),
            world: basemap::WORLD,
            classes: MARKER_CLASSES,
            articles: &self.articles,
            groups: &self.groups,
            places: order.into_iter().filter_map(|p| p.json(gaz, max)).collect(),
            countries: basemap::countries()
                .iter()
                .map(|c| (c.name.as_str(), c.label.0.round(), c.label.1.round(), c.label_width))
                .collect(),
        }
    }
}

impl MapPlace {
    /// The place as the page reads it (`None` without coordinates).
    fn json<'a>(&'a self, gaz: &'a Gazetteer, max: usize) -> Option<PlaceJson<'a>> {
        let e = gaz.entry(self.entry);
        let (lat, lon) = e.coord?;
        let (x, y) = basemap::project(lat, lon);
        let country = e.country.as_deref().map(|cc| match gaz.country(cc) {
            Some(c) if c != self.entry => gaz.entry(c).name.as_str(),
            _ => cc,
        });
        Some(PlaceJson {
            id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            class: basemap::marker_class(e.kind),
            country: if e.kind == crate::Kind::Country { None } else { country },
            admin1: e.admin1.as_deref(),
            lat: super::round6(lat),
            lon: super::round6(lon),
            x: (x * 10.0).round() / 10.0,
            y: (y * 10.0).round() / 10.0,
            r: (basemap::marker_radius(self.mentions, max) * 10.0).round() / 10.0,
            mentions: self.mentions,
            surfaces: &self.surfaces,
            groups: &self.groups,
            articles: &self.articles,
            contexts: &self.contexts,
            more: self.more,
            focus: &self.focus,
        })
    }
}

/// The JSON the page's script reads.
#[derive(Serialize)]
struct PageData<'a> {
    generator: &'static str,
    /// Width of the projected world (map units).
    world: f64,
    /// Marker classes: (class, legend label, colour).
    classes: &'static [(&'static str, &'static str, &'static str)],
    /// Article ids, by number.
    articles: &'a [Box<str>],
    /// Group names, by number.
    groups: &'a [Box<str>],
    places: Vec<PlaceJson<'a>>,
    /// Country labels: (name, x, y, width of its largest part).
    countries: Vec<(&'static str, f64, f64, f64)>,
}

/// One place in the page's JSON.
#[derive(Serialize)]
struct PlaceJson<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    class: &'static str,
    country: Option<&'a str>,
    admin1: Option<&'a str>,
    lat: f64,
    lon: f64,
    x: f64,
    y: f64,
    /// Marker radius, pixels.
    r: f64,
    mentions: usize,
    surfaces: &'a [String],
    groups: &'a [u32],
    articles: &'a [(u32, u32)],
    contexts: &'a [(u32, String)],
    more: usize,
    focus: &'a [(u32, &'static str)],
}

/// `value` as JSON that is safe inside an HTML `<script>` element: `<`,
/// `>` and `&` (no `</script>`, no `<!--`) and the JavaScript line
/// separators U+2028 and U+2029 written as `\uXXXX` escapes. They can only
/// occur inside JSON strings, where the escapes mean the same characters.
fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("page data serialises");
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The basemap as SVG paths in map units, one per country with its name as
/// a tooltip.
fn write_basemap(w: &mut dyn Write) -> io::Result<()> {
    let mut d = String::new();
    for c in basemap::countries() {
        d.clear();
        c.path_data(&mut d, 0.0, |p| p);
        writeln!(w, "<path d=\"{d}\"><title>{}</title></path>", super::svg::escape(&c.name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
