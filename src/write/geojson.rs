//! GeoJSON (RFC 7946): one Point feature per place, coordinates
//! `[lon, lat]`, flat properties with the same names and types in every
//! file (see [`PROPERTIES`]), and a `bbox` on each collection.

use super::{EntitySummary, round6};
use crate::extract::focus::Focus;
use crate::gazetteer::{EntryIdx, Gazetteer};
use crate::mention::{MatchMethod, MentionType};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, JsonValue};
use std::collections::HashMap;

/// Property names of every feature, in order, with their JSON types.
pub const PROPERTIES: &[(&str, &str)] = &[
    ("entity_id", "string"),
    ("name", "string"),
    ("kind", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("mentions", "integer"),
    ("surfaces", "string"),
    ("first_start", "integer"),
    ("match", "string"),
    ("score", "number"),
    ("article", "string"),
    ("articles", "integer"),
    ("article_counts", "string"),
    ("groups", "string"),
    ("focus", "string"),
];

/// One place feature, before it becomes JSON.
struct Place {
    entry: EntryIdx,
    mentions: usize,
    surfaces: Vec<String>,
    first_start: usize,
    method: MatchMethod,
    score: f64,
    /// (article number, mentions there)
    articles: Vec<(usize, usize)>,
    groups: Vec<String>,
    /// (article number, focus level there)
    focus: Vec<(usize, &'static str)>,
}

impl Place {
    /// The feature, with article numbers looked up in `ids`.
    fn feature<S: AsRef<str>>(&self, gaz: &Gazetteer, ids: &[S]) -> Option<Feature> {
        let e = gaz.entry(self.entry);
        let (lat, lon) = e.coord?;
        let mut p = JsonObject::new();
        let s = |v: &str| JsonValue::String(v.to_string());
        p.insert("entity_id".into(), s(&e.id));
        p.insert("name".into(), s(&e.name));
        p.insert("kind".into(), s(e.kind.as_str()));
        p.insert("country".into(), s(e.country.as_deref().unwrap_or("")));
        p.insert("admin1".into(), s(e.admin1.as_deref().unwrap_or("")));
        p.insert("mentions".into(), self.mentions.into());
        p.insert("surfaces".into(), s(&self.surfaces.join("|")));
        p.insert("first_start".into(), self.first_start.into());
        p.insert("match".into(), s(self.method.as_str()));
        p.insert("score".into(), self.score.into());
        let names: Vec<&str> = self.articles.iter().map(|a| ids[a.0].as_ref()).collect();
        p.insert("article".into(), s(&names.join("|")));
        p.insert("articles".into(), self.articles.len().into());
        let counts: Vec<String> =
            self.articles.iter().map(|&(a, n)| format!("{}:{n}", ids[a].as_ref())).collect();
        p.insert("article_counts".into(), s(&counts.join("|")));
        p.insert("groups".into(), s(&self.groups.join("|")));
        // One article: the level ("city"); a run: "article:level|...".
        let focus: Vec<String> = if ids.len() == 1 {
            self.focus.iter().map(|f| f.1.to_string()).collect()
        } else {
            self.focus.iter().map(|&(a, l)| format!("{}:{l}", ids[a].as_ref())).collect()
        };
        p.insert("focus".into(), s(&focus.join("|")));
        Some(Feature {
            bbox: None,
            geometry: Some(Geometry::new(GeometryValue::new_point([round6(lon), round6(lat)]))),
            id: None,
            properties: Some(p),
            foreign_members: None,
        })
    }
}

fn collection(features: Vec<Feature>) -> FeatureCollection {
    let mut bbox: Option<[f64; 4]> = None;
    for f in &features {
        if let Some(Geometry { value: GeometryValue::Point { coordinates }, .. }) = &f.geometry {
            let (x, y) = (coordinates[0], coordinates[1]);
            let b = bbox.get_or_insert([x, y, x, y]);
            *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        }
    }
    FeatureCollection { bbox: bbox.map(|b| b.to_vec()), features, foreign_members: None }
}

/// The FeatureCollection of one article: a feature per distinct place
/// with coordinates, in order of first mention, and the article's focus as
/// a `focus` member (`{"country": {"id", "name", "reason"}, ...}`).
pub fn article_collection(
    gaz: &Gazetteer,
    article: &str,
    summaries: &[EntitySummary],
    focus: &Focus,
) -> FeatureCollection {
    let features = summaries
        .iter()
        .filter(|s| s.mention_type == MentionType::Place)
        .filter_map(|s| {
            Place {
                entry: s.entry,
                mentions: s.mentions,
                surfaces: s.surfaces.clone(),
                first_start: s.first_start,
                method: s.method,
                score: s.score,
                articles: vec![(0, s.mentions)],
                groups: s.groups.clone(),
                focus: focus.level_of(s.entry).map(|l| (0, l)).into_iter().collect(),
            }
            .feature(gaz, &[article])
        })
        .collect();
    let mut fc = collection(features);
    fc.foreign_members = Some(focus_member(gaz, focus));
    fc
}

/// The focus as a JSON object: each level `{"id", "name", "reason"}` or
/// `null`.
pub fn focus_member(gaz: &Gazetteer, focus: &Focus) -> JsonObject {
    let level = |f: Option<crate::extract::focus::FocusPlace>| match f {
        Some(f) => {
            let e = gaz.entry(f.entry);
            serde_json::json!({"id": e.id, "name": e.name, "reason": f.reason.as_str()})
        }
        None => JsonValue::Null,
    };
    let mut o = JsonObject::new();
    o.insert("country".into(), level(focus.country));
    o.insert("admin1".into(), level(focus.admin1));
    o.insert("city".into(), level(focus.city));
    let mut member = JsonObject::new();
    member.insert("focus".into(), JsonValue::Object(o));
    member
}

/// Gathers the places of a whole run: one feature per place, with the
/// articles that mention it and how often.
#[derive(Default)]
pub struct RunPlaces {
    places: Vec<Place>,
    index: HashMap<EntryIdx, usize>,
    ids: Vec<Box<str>>,
}

impl RunPlaces {
    /// An empty run.
    pub fn new() -> RunPlaces {
        RunPlaces::default()
    }

    /// Adds the places of one article.
    pub fn add(&mut self, article: &str, summaries: &[EntitySummary], focus: &Focus) {
        let article_no = self.ids.len();
        self.ids.push(article.into());
        for s in summaries.iter().filter(|s| s.mention_type == MentionType::Place) {
            let i = *self.index.entry(s.entry).or_insert_with(|| {
                self.places.push(Place {
                    entry: s.entry,
                    mentions: 0,
                    surfaces: Vec::new(),
                    first_start: s.first_start,
                    method: s.method,
                    score: s.score,
                    articles: Vec::new(),
                    groups: Vec::new(),
                    focus: Vec::new(),
                });
                self.places.len() - 1
            });
            let p = &mut self.places[i];
            p.mentions += s.mentions;
            for sf in &s.surfaces {
                if !p.surfaces.contains(sf) {
                    p.surfaces.push(sf.clone());
                }
            }
            for g in &s.groups {
                if !p.groups.contains(g) {
                    p.groups.push(g.clone());
                }
            }
            p.method = p.method.min(s.method);
            p.score = p.score.max(s.score);
            p.articles.push((article_no, s.mentions));
            if let Some(level) = focus.level_of(s.entry) {
                p.focus.push((article_no, level));
            }
        }
    }

    /// The run's FeatureCollection, places with most mentions first.
    pub fn collection(&self, gaz: &Gazetteer) -> FeatureCollection {
        let mut order: Vec<&Place> = self.places.iter().collect();
        order.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.entry.cmp(&b.entry)));
        collection(order.into_iter().filter_map(|p| p.feature(gaz, &self.ids)).collect())
    }
}
