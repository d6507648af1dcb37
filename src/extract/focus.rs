//! What an article is about: its focus country, first-level division and
//! city, each with the reason it won.
//!
//! Every literal or metonymic place mention votes for its place, and for
//! the division and country that contain it (`containment`). A vote counts
//! three times in the headline (the title, or a short first line without a
//! full stop), three times in a dateline ("RAQQA, Syria —" opening the
//! text), twice in the lede (the first sentence) and once elsewhere
//! (`frequency`). The reason given is the heaviest kind of vote the winner
//! got.

use crate::gazetteer::{EntryIdx, Gazetteer, Kind};
use crate::mention::{Mention, MentionType, Role};
use rustc_hash::FxHashMap as HashMap;

/// Why a place is the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Named in the headline.
    Headline,
    /// Named in the dateline.
    Dateline,
    /// Named in the first sentence.
    Lede,
    /// Named most often.
    Frequency,
    /// Not named itself as often as the places inside it.
    Containment,
}

impl Reason {
    /// `headline`, `dateline`, `lede`, `frequency` or `containment`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Headline => "headline",
            Reason::Dateline => "dateline",
            Reason::Lede => "lede",
            Reason::Frequency => "frequency",
            Reason::Containment => "containment",
        }
    }
}

/// One level of the focus.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FocusPlace {
    /// The entry.
    pub entry: EntryIdx,
    /// Why.
    pub reason: Reason,
}

/// An article's focus.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Focus {
    /// The country.
    pub country: Option<FocusPlace>,
    /// The first-level division (in that country).
    pub admin1: Option<FocusPlace>,
    /// The city, town or village (in that country).
    pub city: Option<FocusPlace>,
}

impl Focus {
    /// Which focus level `entry` is, if any: `country`, `admin1` or `city`.
    pub fn level_of(&self, entry: EntryIdx) -> Option<&'static str> {
        [(self.country, "country"), (self.admin1, "admin1"), (self.city, "city")]
            .into_iter()
            .find(|(f, _)| f.is_some_and(|f| f.entry == entry))
            .map(|(_, l)| l)
    }
}

#[derive(Default)]
struct Tally {
    votes: f64,
    /// The heaviest own vote (headline, dateline, lede, frequency).
    best: Option<Reason>,
    /// Votes from places inside it.
    contained: f64,
}

/// The weight and reason of a mention at `start` (bytes).
fn weight(
    start: usize,
    headline_end: usize,
    dateline_end: usize,
    lede_end: usize,
) -> (f64, Reason) {
    if start < headline_end {
        (3.0, Reason::Headline)
    } else if start < dateline_end {
        (3.0, Reason::Dateline)
    } else if start < lede_end {
        (2.0, Reason::Lede)
    } else {
        (1.0, Reason::Frequency)
    }
}

/// Byte ends of the headline (a short first line with no full stop), the
/// dateline (capitals then a dash or comma at the start of the body) and
/// the lede (the first sentence of the body).
fn layout(text: &str) -> (usize, usize, usize) {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n');
    let mut headline_end = 0;
    let mut body = 0;
    for line in lines.by_ref() {
        let t = line.trim();
        if t.is_empty() {
            offset += line.len();
            continue;
        }
        if t.chars().count() <= 150 && !t.ends_with('.') {
            headline_end = offset + line.len();
            body = headline_end;
        }
        break;
    }
    let rest = &text[body..];
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    // A dateline's dash comes within its first 60 bytes: only those are
    // searched, not the whole article.
    let mut head = rest.len().min(64);
    while !rest.is_char_boundary(head) {
        head -= 1;
    }
    let head = &rest[..head];
    let dateline_end = match head.find(['—', '–']).or_else(|| head.find(" - ")) {
        Some(i) if i <= 60 && rest[..i].chars().filter(|c| c.is_lowercase()).count() <= 3 => {
            body + lead + i
        }
        _ => body,
    };
    let lede_end =
        rest.find(". ").or_else(|| rest.find('\n')).map_or(text.len(), |i| body + lead + i + 1);
    (headline_end, dateline_end, lede_end)
}

/// The focus of an article, from its mentions in `text` and the mentions
/// found in its separate `title` (if any).
pub fn focus(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    title_mentions: &[Mention],
) -> Focus {
    let (headline_end, dateline_end, lede_end) = layout(text);
    let mut tally: HashMap<EntryIdx, Tally> = HashMap::default();
    let mut country_votes: HashMap<&str, Tally> = HashMap::default();
    let votes = title_mentions.iter().map(|m| (m, (3.0, Reason::Headline))).chain(
        mentions.iter().map(|m| (m, weight(m.start_byte, headline_end, dateline_end, lede_end))),
    );
    for (m, (w, reason)) in votes {
        if m.mention_type != MentionType::Place
            || !matches!(m.role, Role::Literal | Role::Metonymic)
        {
            continue;
        }
        let e = gaz.entry(m.entry);
        let t = tally.entry(m.entry).or_default();
        t.votes += w;
        t.best = Some(t.best.map_or(reason, |b| b.min(reason)));
        if let Some(cc) = e.country.as_deref() {
            let c = country_votes.entry(cc).or_default();
            if e.kind == Kind::Country {
                c.votes += w;
                c.best = Some(c.best.map_or(reason, |b| b.min(reason)));
            } else {
                c.contained += w;
            }
        }
        if matches!(e.kind, Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood)
            && let Some(a) = gaz.admin1_of(m.entry)
        {
            tally.entry(a).or_default().contained += w;
        }
    }
    let pick = |t: &Tally| {
        (
            t.votes + t.contained,
            if t.votes >= t.contained { t.best } else { Some(Reason::Containment) },
        )
    };
    let mut out = Focus::default();
    let best_country = country_votes.iter().max_by(|a, b| {
        (a.1.votes + a.1.contained).total_cmp(&(b.1.votes + b.1.contained)).then(b.0.cmp(a.0))
    });
    let Some((cc, t)) = best_country else { return out };
    if let Some(entry) = gaz.country(cc) {
        let (_, reason) = pick(t);
        out.country = Some(FocusPlace { entry, reason: reason.unwrap_or(Reason::Containment) });
    }
    let in_country = |k: &[Kind]| {
        tally
            .iter()
            .filter(|(e, _)| {
                gaz.entry(**e).country.as_deref() == Some(*cc) && k.contains(&gaz.entry(**e).kind)
            })
            .map(|(&e, t)| (e, pick(t)))
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0).then(b.0.cmp(&a.0)))
            .map(|(entry, (_, reason))| FocusPlace {
                entry,
                reason: reason.unwrap_or(Reason::Containment),
            })
    };
    out.admin1 = in_country(&[Kind::Admin1]);
    out.city = in_country(&[Kind::City, Kind::Town, Kind::Village]);
    out
}
