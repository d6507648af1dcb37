#!/usr/bin/env python3
"""Build the generated gazetteer files for gazet.

Usage:
    python3 scripts/build_gazetteer.py --data ../shared/data --out gazetteer

Reads the raw source material (GeoNames tables, Who's On First extracts,
OpenSyria governorates, MIT demonym lists) once and writes the GENERATED files

    <out>/places.tsv     countries, admin1, admin2 (SY IQ LB JO TR), populated places
    <out>/aliases.tsv    alternate names of generated places
    <out>/demonyms.tsv   nationality adjectives -> country ids

It never writes the hand-curated files (*-curated.tsv, groups.tsv), but it reads
them to (a) skip generated aliases/demonyms that a curated row already covers and
(b) run a consistency check over the whole gazetteer at the end.

Also reads (committed, in the repo):
    <out>/sources/country_centroids.tsv   iso2 -> lat/lon (from PyPI countryinfo, MIT)
    <out>/sources/display_names.tsv       id -> the name news uses (hand-curated)
    <out>/sources/alias_drops.tsv         id + alias: wrong source aliases to leave out
and the system word list /usr/share/dict/american-english (Debian `wamerican`)
to compute the `word` flag.

Python 3.11, standard library only.  Output is deterministic (sorted rows,
"\n" line endings, no timestamps).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

DICT_PATH = "/usr/share/dict/american-english"

PLACE_COLS = ["id", "name", "kind", "country", "admin1", "lat", "lon",
              "population", "flags", "source"]
ALIAS_COLS = ["id", "alias", "flags", "source"]
DEMONYM_COLS = ["demonym", "id", "flags", "source"]
GROUP_COLS = ["id", "name", "kind", "country", "parent", "active", "source"]

PLACE_KINDS = {"continent", "region", "country", "admin1", "admin2", "city",
               "town", "village", "neighbourhood", "river", "lake", "sea",
               "mountain", "island", "dam", "airbase", "airport", "oil_field",
               "border_crossing", "facility"}
GROUP_KINDS = {"armed_group", "state_force", "militia", "coalition",
               "political_body", "government", "intergovernmental", "ngo",
               "media", "people"}
PLACE_FLAGS = {"capital"}
ALIAS_FLAGS = {"case", "word", "weak", "translit"}

# cities500 rows are taken for these countries (cities15000 for everything):
# the Middle East, and the wars news reports town by town (the Sahel, Sudan,
# the Horn, Nigeria and Cameroon, the Central African Republic and the DR
# Congo, Mozambique, Afghanistan and Pakistan, Myanmar, Ukraine, Haiti,
# Colombia).
CITIES500_COUNTRIES = {"SY", "IQ", "LB", "JO", "TR", "IR", "IL", "PS", "SA",
                       "EG", "YE", "LY",
                       "ML", "NE", "BF", "TD", "MR", "SD", "SS", "SO", "ET",
                       "ER", "DJ", "NG", "CM", "CF", "CD", "MZ", "AF", "PK",
                       "MM", "UA", "HT", "CO"}
ADMIN2_COUNTRIES = {"SY", "IQ", "LB", "JO", "TR"}

MAX_ALIASES = 40
MAX_TRANSLIT = 3      # all-lower-case GeoNames keys kept per entry (flag `translit`)
MIN_TRANSLIT_LETTERS = 4

# English stopwords. An alias or demonym that is one of these once case and
# marks are folded ("Of", "Tô", "Frōm") must carry `case` (and `word`) or be
# dropped; gazet's data check rejects it otherwise.
STOPWORDS = set("""
a an the of in on at to is it as by for from with and or but not no so be he she
we us me my our his her its this that who what when where which how all any can
will may do did has had have was were are been if then than up out off over
under one two
""".split())

# Words that make a name the city's alone ("San Luis Potosí City").
SETTLEMENT_WORDS = {"city", "town", "ciudad", "cidade", "ville", "stadt", "citta"}

# Words that end admin1 names ("Kherson Oblast", "Zamfara State"); the name
# without them is an alias too.
ADMIN1_SUFFIX = re.compile(r"\s+(Oblast|Governorate|Province|Region|State|Prefecture|"
                           r"Department|Krai|Muhafazah|Wilayah)$")
# ... unless what is left ends in a direction ("Eastern Province") or
# "Autonomous" ("Ningxia Hui Autonomous Region") or "Free" ("Orange Free State").
SHORT_ADMIN1_NOT = {"north", "south", "east", "west", "northern", "southern", "eastern",
                    "western", "central", "northeastern", "northwestern", "southeastern",
                    "southwestern", "autonomous", "free"}

# Feature codes of admin seats: with population 0 (unknown) they are still at
# least a town (Qamishli and Tal Afar are PPLA2 with population 0).
SEAT_CODES = {"PPLA2", "PPLA3", "PPLA4"}

# Demonym plurals: "Syrian" -> "Syrians", "Iraqi" -> "Iraqis". Adjectives in
# -ese, -ish, -ch, -ss ... have no plural in -s ("Chinese", "British").
PLURAL_ENDINGS = ("an", "i", "er", "ot", "ite")
PLURAL_NOUNS = {"Turk", "Kurd", "Arab", "Dane", "Finn", "Pole", "Serb", "Slovak",
                "Czech", "Uzbek", "Kazakh", "Greek", "Bosniak", "Magyar"}
PLURAL_INVARIANT = {"I-Kiribati"}

# Generic words (in several languages) that occur as "alternate names" but are
# not names of a particular place.
GENERIC_WORDS = {
    "city", "town", "village", "capital", "district", "province", "state",
    "municipality", "region", "governorate", "county", "downtown", "centre",
    "center", "ciudad", "stadt", "ville", "miasto", "kota", "cidade", "citta",
    "città", "gorod", "shahr", "sehir", "şehir", "kent", "köy", "koy",
    "qaryat", "qarya", "madinat", "medina", "merkez", "markaz", "mahalle",
    "nahiyah", "nahiya", "qada", "qadaa", "mintaqat", "muhafazat",
}

LATIN_EXTRA = set(" -'’‘`ʿʾʼʻ.")
# marks gazet's normaliser removes (src/text/normalize.rs)
NORMALISER_MARKS = set("ʿʾ‘’'`ʻ´")


# --------------------------------------------------------------------------
# helpers

def fmt_coord(x: float) -> str:
    s = f"{x:.5f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def clean_field(s: str) -> str:
    return " ".join(str(s).replace("\t", " ").replace("\r", " ").replace("\n", " ").split())


def is_latin_name(s: str) -> bool:
    if not s:
        return False
    has_letter = False
    for ch in s:
        if ch in LATIN_EXTRA:
            continue
        cat = unicodedata.category(ch)
        if cat == "Mn":  # combining diacritic
            continue
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
            has_letter = True
            continue
        return False  # digits, brackets, slashes, other punctuation
    return has_letter


def letters_only(s: str) -> str:
    return "".join(ch for ch in s if ch.isalpha())


def is_acronym(s: str) -> bool:
    """All-caps acronym of <= 5 letters (dots/hyphens allowed): US, U.S., SAA."""
    letters = letters_only(s)
    if not letters or len(letters) > 5:
        return False
    if any(ch.isspace() for ch in s):
        return False
    return letters.isupper() and all(ch.isalpha() or ch in ".-&" for ch in s)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.casefold()


def match_key(s: str) -> str:
    """The text as gazet matches it: marks, apostrophes and case folded away."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch) and ch not in NORMALISER_MARKS)
    return " ".join(s.casefold().split())


def is_stopword(s: str) -> bool:
    return match_key(s) in STOPWORDS


def load_words(path: str) -> set[str]:
    words = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                w = line.strip()
                if not w or "'" in w:
                    continue
                if w[0].isupper():  # proper noun
                    continue
                words.add(fold(w))
    except FileNotFoundError:
        sys.exit(f"error: {path} not found (apt-get install -y wamerican)")
    return words


def load_given_names(path: str) -> set[str]:
    return {fold(r["name"]) for r in read_tsv(path)}


class Flagger:
    def __init__(self, words: set[str], given: set[str]):
        self.words = words
        self.given = given

    def flags(self, alias: str, minor: bool = False) -> list[str]:
        """`minor`: the alias names a place of under 100,000 people that is
        not a capital, country or region; such a place named like a common
        given name ("Anna") gets `word` too."""
        fl = []
        if is_acronym(alias):
            fl.append("case")
        tok = alias.strip()
        if tok and not any(ch.isspace() for ch in tok):
            # Compare as gazet's normaliser does: "Frōm" and "Tô" are the
            # words "from" and "to" once marks and case are gone.
            low = fold(tok).replace("'", "").replace("\u2019", "")
            if low in self.words or (minor and low in self.given):
                fl.append("word")
        if is_stopword(alias):
            # only in exactly this casing, and only where a word would not be
            fl = ["case", "word"]
        return fl


def read_tsv(path: str) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != len(header):
            raise SystemExit(f"{path}:{n}: expected {len(header)} fields, got {len(parts)}")
        rows.append(dict(zip(header, parts)))
    return rows


def write_tsv(path: str, cols: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(cols) + "\n")
        for r in rows:
            r = [clean_field(x) for x in r]
            f.write("\t".join(r) + "\n")


def open_text(path: str):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_geonames(path: str):
    with open_text(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            p = line.split("\t")
            if len(p) < 19:
                continue
            yield p


# --------------------------------------------------------------------------
# entries

class Entry:
    __slots__ = ("id", "name", "kind", "country", "admin1", "lat", "lon",
                 "population", "flags", "source", "prio_aliases", "aliases",
                 "kept_aliases", "is_country")

    def __init__(self, id, name, kind, country, admin1, lat, lon, population,
                 flags, source, is_country=False):
        self.id = id
        self.name = name
        self.kind = kind
        self.country = country
        self.admin1 = admin1
        self.lat = lat
        self.lon = lon
        self.population = population
        self.flags = flags
        self.source = source
        self.prio_aliases = []   # (alias, source) high-priority
        self.aliases = []        # (alias, source) ordinary
        self.kept_aliases = []   # (alias, source) always kept (old name after a display name)
        self.is_country = is_country

    def add(self, alias: str, source: str, prio: bool = False):
        alias = clean_field(alias)
        if alias:
            (self.prio_aliases if prio else self.aliases).append((alias, source))


def alias_ok(alias: str, entry: Entry, translit: bool = False) -> bool:
    """Whether a source alias is kept. With `translit`, the alias must be an
    all-lower-case transliteration key (lndn, alrqt) of >= 4 letters."""
    if len(letters_only(alias)) < 4 and not entry.is_country:
        return False  # "Sam" (for Şam, Damascus) is a first name, "Bab" a word
    if len(alias) < 2:
        return False
    if any(ch.isdigit() for ch in alias):
        return False
    if not is_latin_name(alias):
        return False
    letters = letters_only(alias)
    if (letters == letters.lower()) != translit:
        return False  # all-lowercase forms are transliteration keys (lndn, alrqt): flag `translit`
    if translit and len(letters) < MIN_TRANSLIT_LETTERS:
        return False
    if not entry.is_country and letters.isupper() and len(letters) <= 4:
        return False
    if fold(alias) in GENERIC_WORDS:
        return False
    if alias.startswith(("-", ".")) or alias.endswith("-"):
        return False
    return True


def select_aliases(entry: Entry, flagger: "Flagger") -> list[tuple[str, str, bool]]:
    """The aliases written for an entry: (alias, source, is_translit)."""
    seen = {entry.name.casefold()}
    out = []
    # an old name replaced by a display name always stays an alias
    for a, src in entry.kept_aliases:
        if a.casefold() not in seen:
            seen.add(a.casefold())
            out.append((a, src, False))
    cands = []
    for i, (a, src) in enumerate(entry.prio_aliases):
        cands.append((0, 0, len(a), a, src))
    for a, src in entry.aliases:
        tier = 1 if a.isascii() else 2
        cands.append((1, tier, len(a), a, src))
    cands.sort(key=lambda c: (c[0], c[1], c[2], c[3], c[4]))
    for group, _, _, a, src in cands:
        if len(out) >= MAX_ALIASES:
            break
        k = a.casefold()
        if k in seen:
            continue
        if not alias_ok(a, entry):
            continue
        if group == 1 and is_stopword(a):
            continue  # "She", "From", "May": only a name/asciiname may be a stopword (flagged case,word)
        seen.add(k)
        out.append((a, src, False))
    # then up to MAX_TRANSLIT GeoNames transliteration keys, within the cap;
    # keys that are English words ("tank", "harm") are left out
    n_tr = 0
    for a, src in sorted(set(entry.aliases), key=lambda x: (len(x[0]), x[0], x[1])):
        if len(out) >= MAX_ALIASES or n_tr >= MAX_TRANSLIT:
            break
        if not src.startswith("geonames:"):
            continue
        k = a.casefold()
        if k in seen or is_stopword(a) or not alias_ok(a, entry, translit=True):
            continue
        if "word" in flagger.flags(a):
            continue
        seen.add(k)
        out.append((a, src, True))
        n_tr += 1
    return out


# --------------------------------------------------------------------------

def norm_admin_name(s: str) -> str:
    s = fold(s)
    s = re.sub(r"\(.*?\)", " ", s)
    s = re.sub(r"[^a-z ]+", " ", s.replace("-", " ").replace("'", "").replace("`", ""))
    toks = [t for t in s.split() if t not in {
        "district", "districts", "qadaa", "qada", "qadha", "governorate", "province",
        "muhafazat", "nahiya", "nahiyat", "markaz", "al", "ar", "as", "ad", "an",
        "at", "az", "ash", "el", "ad", "adh", "ath", "aj", "aз"}]
    return "".join(toks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--data", required=True, help="path to shared/data (read-only source material)")
    ap.add_argument("--out", required=True, help="gazetteer directory (e.g. gazetteer)")
    ap.add_argument("--words", default=DICT_PATH)
    args = ap.parse_args()
    D = args.data
    O = args.out
    os.makedirs(O, exist_ok=True)

    flagger = Flagger(load_words(args.words),
                      load_given_names(os.path.join(O, "given-names.tsv")))
    entries: dict[str, Entry] = {}
    stats = defaultdict(int)

    # ---------------- countries ----------------
    centroids = {r["iso2"]: (float(r["lat"]), float(r["lon"]), r["source"])
                 for r in read_tsv(os.path.join(O, "sources", "country_centroids.tsv"))}
    country_id: dict[str, str] = {}
    iso3_to_iso2: dict[str, str] = {}
    country_names: dict[str, str] = {}
    with open(os.path.join(D, "geonames", "countryInfo.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            iso, iso3, name, pop, gid = p[0], p[1], p[4], p[7], p[16]
            iso3_to_iso2[iso3] = iso
            if not gid:
                stats["country_skipped_no_geonameid"] += 1
                continue
            if iso not in centroids:
                stats["country_skipped_no_centroid"] += 1
                print(f"warning: no centroid for {iso}", file=sys.stderr)
                continue
            lat, lon, csrc = centroids[iso]
            eid = f"gn:{gid}"
            e = Entry(eid, name, "country", iso, "", lat, lon, int(pop or 0), "",
                      "geonames:countryInfo+centroid:countryinfo" if csrc.startswith("countryinfo")
                      else "geonames:countryInfo+centroid:curated",
                      is_country=True)
            e.add(iso3, "geonames:countryInfo iso3", prio=True)
            entries[eid] = e
            country_id[iso] = eid
            country_names[iso] = name
    # alt spellings (countryinfo 1.0.1, MIT)
    ci_rows = read_tsv(os.path.join(D, "demonyms", "countryinfo_demonyms.tsv"))
    for r in ci_rows:
        eid = country_id.get(r["iso2"])
        if not eid:
            continue
        for alt in r["alt_spellings"].split("|"):
            alt = alt.strip()
            if not alt or alt.upper() == r["iso2"] or len(letters_only(alt)) <= 2:
                continue  # bare ISO2 codes are too ambiguous (IT, IN, NO, ...)
            entries[eid].add(alt, "countryinfo:altSpellings")
        if r["country_name"] and r["country_name"] != entries[eid].name:
            entries[eid].add(r["country_name"], "countryinfo:name", prio=True)

    # ---------------- admin1 ----------------
    admin1_name: dict[str, str] = {}   # "SY.04" -> asciiname
    admin1_rows = []
    with open(os.path.join(D, "geonames", "admin1CodesASCII.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 4:
                continue
            admin1_rows.append(p)
            admin1_name[p[0]] = p[2] or p[1]

    admin2_name: dict[str, str] = {}
    admin2_rows = []
    with gzip.open(os.path.join(D, "geonames", "admin2Codes.txt.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 4:
                continue
            if p[0].split(".")[0] in ADMIN2_COUNTRIES:
                admin2_rows.append(p)
                admin2_name[p[0]] = p[2] or p[1]

    # ---------------- populated places: read GeoNames ----------------
    gn_rows: dict[str, tuple[list[str], str]] = {}
    a1_points = defaultdict(list)   # "CC.A1" -> [(lat, lon)]
    seat_points = {}                # (CC, A1, folded name) -> (lat, lon), admin seats first
    a2_points = defaultdict(list)   # "CC.A1.A2" -> [(lat, lon)]
    for p in read_geonames(os.path.join(D, "geonames", "cities15000.txt.gz")):
        gn_rows[p[0]] = (p, "geonames:cities15000")
    for p in read_geonames(os.path.join(D, "geonames", "cities500.txt.gz")):
        cc = p[8]
        try:
            pt = (float(p[4]), float(p[5]))
        except ValueError:
            continue
        if p[10]:
            a1_points[f"{cc}.{p[10]}"].append(pt)
            if p[11]:
                a2_points[f"{cc}.{p[10]}.{p[11]}"].append(pt)
        if cc in ADMIN2_COUNTRIES and p[10]:
            rank = 0 if p[7] in ("PPLA2", "PPLA", "PPLC") else 1
            for nm in (p[1], p[2]):
                k = (cc, p[10], norm_admin_name(nm))
                if k not in seat_points or rank < seat_points[k][0]:
                    seat_points[k] = (rank, pt)
        if cc in CITIES500_COUNTRIES and p[0] not in gn_rows:
            gn_rows[p[0]] = (p, "geonames:cities500")

    # ---------------- WOF admin polygons (label points) ----------------
    with gzip.open(os.path.join(D, "syria_iraq", "wof_sy_iq_admin_polygons.geojson.gz"), "rt",
                   encoding="utf-8") as f:
        polys = json.load(f)["features"]
    wof_region_by_gn: dict[str, dict] = {}
    wof_region_by_name: dict[tuple[str, str], dict] = {}
    wof_counties = []
    for feat in polys:
        pr = feat["properties"]
        if pr.get("mz_is_current") != 1 or pr.get("deprecated"):
            continue
        if pr.get("label_lat") is None or pr.get("label_lon") is None:
            continue
        if pr["placetype"] == "region":
            if pr.get("geonames_id"):
                wof_region_by_gn[str(pr["geonames_id"])] = pr
            for nm in [pr.get("name"), pr.get("name_en")] + list(pr.get("name_variants") or []):
                if nm:
                    wof_region_by_name.setdefault((pr["country"], norm_admin_name(nm)), pr)
        elif pr["placetype"] == "county":
            wof_counties.append(pr)

    # OpenSyria governorates (CC BY 4.0)
    with gzip.open(os.path.join(D, "syria_iraq", "opensyria_governorates.json.gz"), "rt",
                   encoding="utf-8") as f:
        osy = {str(g["externalIds"].get("geonames")): g for g in json.load(f)}

    wof_region_to_admin1: dict[str, str] = {}  # wof region id -> admin1 asciiname
    a1_by_gid: dict[str, str] = {}
    for code, name, asciiname, gid in admin1_rows:
        cc = code.split(".")[0]
        eid = f"gn:{gid}"
        lat = lon = None
        pop = 0
        src = ""
        extra = []
        if cc == "SY" and gid in osy:
            g = osy[gid]
            lat, lon = g["centroid"]["latitude"], g["centroid"]["longitude"]
            src = "geonames:admin1+centroid:opensyria"
            pop = int((g.get("population") or {}).get("value") or 0)
            extra = [g["name"]["en"]] + [a["value"] for a in g.get("aliases", [])]
        wr = None
        if cc in ("SY", "IQ"):
            wr = wof_region_by_gn.get(gid) or wof_region_by_name.get((cc, norm_admin_name(asciiname))) \
                or wof_region_by_name.get((cc, norm_admin_name(name)))
            if wr is not None:
                wof_region_to_admin1[str(wr["wof_id"])] = asciiname
                if lat is None:
                    lat, lon = wr["label_lat"], wr["label_lon"]
                    src = "geonames:admin1+centroid:wof-label"
                for nm in [wr.get("name"), wr.get("name_en")] + list(wr.get("name_variants") or []):
                    if nm:
                        extra.append(nm)
        if lat is None:
            pts = a1_points.get(code)
            if pts:
                lat = sum(x for x, _ in pts) / len(pts)
                lon = sum(y for _, y in pts) / len(pts)
                src = "geonames:admin1+centroid:cities500-mean"
        if lat is None:
            stats["admin1_skipped_unplaceable"] += 1
            continue
        if eid in entries:
            stats["admin1_skipped_dup_id"] += 1
            continue
        e = Entry(eid, name, "admin1", cc, "", lat, lon, pop, "", src)
        e.add(asciiname, "geonames:admin1 asciiname", prio=True)
        # "Kherson Oblast", "Zamfara State": news writes "the Kherson region".
        short = ADMIN1_SUFFIX.sub("", asciiname).strip()
        if short != asciiname and short and short.split()[-1].lower() not in SHORT_ADMIN1_NOT:
            e.add(short, "geonames:admin1 asciiname less its suffix", prio=True)
        for x in extra:
            if "governorate" in x.lower():
                continue  # plain names only
            e.add(x, "opensyria" if cc == "SY" and src.endswith("opensyria") else "wof:region", prio=True)
        entries[eid] = e
        a1_by_gid[gid] = asciiname
        stats["admin1"] += 1

    # ---------------- admin2 ----------------
    county_by_gn = {str(c["geonames_id"]): c for c in wof_counties if c.get("geonames_id")}
    county_by_name = {}
    for c in wof_counties:
        a1 = wof_region_to_admin1.get(str(c.get("region_id") or c.get("parent_id")), "")
        for nm in [c.get("name"), c.get("name_en")] + list(c.get("name_variants") or []):
            if nm:
                county_by_name.setdefault((c["country"], a1, norm_admin_name(nm)), c)
    for code, name, asciiname, gid in admin2_rows:
        cc, a1code, _ = code.split(".", 2)
        a1 = admin1_name.get(f"{cc}.{a1code}", "")
        eid = f"gn:{gid}"
        lat = lon = None
        src = ""
        c = county_by_gn.get(gid) or county_by_name.get((cc, a1, norm_admin_name(asciiname))) \
            or county_by_name.get((cc, a1, norm_admin_name(name)))
        if c is not None:
            lat, lon = c["label_lat"], c["label_lon"]
            src = "geonames:admin2+centroid:wof-county-label"
        else:
            pts = a2_points.get(code)
            if pts:
                lat = sum(x for x, _ in pts) / len(pts)
                lon = sum(y for _, y in pts) / len(pts)
                src = "geonames:admin2+centroid:cities500-mean"
            else:
                # district seat: a cities500 place of the same name in the same admin1
                for nm in (asciiname, name):
                    sp = seat_points.get((cc, a1code, norm_admin_name(re.sub(r"\s+(Ilcesi|İlçesi|District)$", "", nm))))
                    if sp:
                        lat, lon = sp[1]
                        src = "geonames:admin2+point:cities500-seat-name-match"
                        break
        if lat is None:
            stats["admin2_skipped_unplaceable"] += 1
            continue
        if eid in entries:
            stats["admin2_skipped_dup_id"] += 1
            continue
        e = Entry(eid, name, "admin2", cc, a1, lat, lon, 0, "", src)
        e.add(asciiname, "geonames:admin2 asciiname", prio=True)
        for suffix in (" District", " Ilcesi", " İlçesi"):
            if asciiname.endswith(suffix):
                e.add(asciiname[: -len(suffix)], "geonames:admin2 asciiname (suffix stripped)", prio=True)
        entries[eid] = e
        stats["admin2"] += 1

    # ---------------- populated places (GeoNames) ----------------
    def place_kind(fcode: str, pop: int) -> str:
        if fcode == "PPLX":
            return "neighbourhood"
        if pop >= 100000 or fcode in ("PPLC", "PPLA", "PPLG"):
            return "city"
        if pop >= 10000:
            return "town"
        if pop == 0 and fcode in SEAT_CODES:
            stats["kind_town_admin_seat_pop0"] += 1
            return "town"
        return "village"

    for gid in sorted(gn_rows, key=int):
        p, src = gn_rows[gid]
        eid = f"gn:{gid}"
        if eid in entries:
            stats["places_skipped_dup_id"] += 1
            continue
        try:
            lat, lon = float(p[4]), float(p[5])
        except ValueError:
            stats["places_skipped_bad_coord"] += 1
            continue
        pop = int(p[14] or 0)
        fcode = p[7]
        cc = p[8]
        a1 = admin1_name.get(f"{cc}.{p[10]}", "") if p[10] else ""
        flags = "capital" if fcode == "PPLC" else ""
        e = Entry(eid, p[1], place_kind(fcode, pop), cc, a1, lat, lon, pop, flags, src)
        e.add(p[2], "geonames:asciiname", prio=True)
        for alt in p[3].split(","):
            e.add(alt, "geonames:alternatenames")
        entries[eid] = e
        stats["places_geonames"] += 1

    # ---------------- WOF localities (SY, IQ) ----------------
    gn_by_name = defaultdict(list)
    for eid, e in entries.items():
        if e.country in ("SY", "IQ") and e.kind not in ("country", "admin1", "admin2"):
            for nm in {e.name} | {a for a, _ in e.prio_aliases}:
                gn_by_name[(e.country, fold(nm))].append(eid)
    for cc, fn, repo in (("SY", "wof_sy_places.tsv.gz", "whosonfirst-data-admin-sy"),
                         ("IQ", "wof_iq_places.tsv.gz", "whosonfirst-data-admin-iq")):
        with gzip.open(os.path.join(D, "syria_iraq", fn), "rt", encoding="utf-8", newline="") as f:
            rd = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = sorted(rd, key=lambda r: int(r["wof_id"]))
        for r in rows:
            if r["mz_is_current"] == "0" or r["deprecated"] or r["superseded_by"]:
                stats["wof_skipped_not_current"] += 1
                continue
            gid = r["geonames_id"].strip()
            eid = f"gn:{gid}" if gid else f"wof:{r['wof_id']}"
            names_en = [x for x in r["name_en"].split("|") if x]
            alts = [x for x in r["alt_names"].split("|") if x]
            if eid in entries:
                e = entries[eid]
                if e.kind in ("country", "admin1", "admin2"):
                    stats["wof_skipped_id_is_admin"] += 1
                    continue
                for x in [r["name"]] + names_en:
                    e.add(x, f"wof:{repo}", prio=True)
                for x in alts:
                    e.add(x, f"wof:{repo}")
                stats["wof_merged_into_geonames"] += 1
                continue
            try:
                lat, lon = float(r["latitude"]), float(r["longitude"])
            except ValueError:
                stats["wof_skipped_bad_coord"] += 1
                continue
            if not gid:
                # WOF-only record: merge into a GeoNames place of the same name
                # within ~15 km instead of creating a duplicate (e.g. Latakia, Kirkuk)
                dup = None
                for nm in [r["name"]] + names_en:
                    for cand in gn_by_name.get((cc, fold(nm)), []):
                        ce = entries[cand]
                        if abs(ce.lat - lat) < 0.15 and abs(ce.lon - lon) < 0.15:
                            dup = ce
                            break
                    if dup:
                        break
                if dup is not None:
                    for x in [r["name"]] + names_en + alts:
                        dup.add(x, f"wof:{repo}")
                    stats["wof_no_gnid_merged_by_name"] += 1
                    continue
            pop = int(r["population"] or 0)
            pt = r["placetype"]
            if pt == "neighbourhood":
                kind = "neighbourhood"
            elif pt == "campus":
                low = r["name"].lower()
                kind = "airport" if ("airport" in low or "airfield" in low) else "facility"
            else:
                kind = place_kind(r["gn_feature_code"], pop)
            a1 = wof_region_to_admin1.get(r["region_id"], "")
            name = r["name"]
            e = Entry(eid, name, kind, cc, a1, lat, lon, pop, "",
                      f"wof:{repo}" + (" (geonames id)" if gid else ""))
            for x in names_en:
                e.add(x, f"wof:{repo} name_en", prio=True)
            for x in alts:
                e.add(x, f"wof:{repo} alt_names")
            entries[eid] = e
            stats["places_wof"] += 1

    # ---------------- admin1 named after its seat ----------------
    # GeoNames gives an admin1 two names ("Ta'izz", "Taizz") and its seat
    # city dozens ("Taiz", "Taizz"...): news writes the province as it
    # writes the city ("Taiz governorate", "Saada province"), so the admin1
    # takes the spellings of the most populous city or town of its own
    # name within it: those of its spellings that look like the
    # admin1's, or have its consonants ("Sweida" for As-Suwayda; not
    # "NYC", "Big Apple" for New York State).
    seats: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries.values():
        if e.kind in ("city", "town") and e.admin1:
            seats[(e.country, e.admin1)].append(e)

    def keys(e: Entry, all_names: bool) -> set[str]:
        names = e.prio_aliases + (e.aliases if all_names else [])
        return {match_key(e.name)} | {match_key(a) for a, _ in names}

    def consonants(k: str) -> str:
        """The consonants of a normal form after any Arabic article: "Sweida"
        and "As-Suwayda" are both "sd"."""
        k = re.sub(r"^(al|el|as|ash|ad|ar|az|an|at)[- ]", "", k)
        return re.sub(r"[^bcdfgjklmnpqrstvxz]", "", k) or k

    for eid in sorted(entries):
        a = entries[eid]
        if a.kind != "admin1" or not a.prio_aliases:
            continue
        asciiname = a.prio_aliases[0][0]
        own = keys(a, False)
        same = [c for c in seats.get((a.country, asciiname), []) if keys(c, True) & own]
        if not same:
            continue
        seat = max(same, key=lambda c: (c.population, c.id))
        for x, _ in [(seat.name, "")] + seat.prio_aliases + seat.aliases:
            k = match_key(x)
            if SETTLEMENT_WORDS & set(k.split()):
                continue  # "San Luis Potosí City" is the city alone
            if any(difflib.SequenceMatcher(None, k, o).ratio() >= 0.75
                   or consonants(k) == consonants(o) for o in own):
                a.add(x, f"geonames:alternatenames of its seat {seat.id}")
        stats["admin1_seat_spellings"] += 1

    # ---------------- curated files (read only) ----------------
    def cur(path):
        p = os.path.join(O, path)
        return read_tsv(p) if os.path.exists(p) else []

    cur_places = cur("places-curated.tsv")
    cur_aliases = cur("aliases-curated.tsv")
    cur_groups = cur("groups.tsv")
    cur_demonyms = cur("demonyms-curated.tsv")
    cur_alias_keys = {(r["id"], r["alias"].casefold()) for r in cur_aliases}
    cur_demonym_keys = {(r["demonym"].casefold(), r["id"]) for r in cur_demonyms}

    # ---------------- display names (sources/display_names.tsv) ----------------
    # The name news uses replaces the GeoNames name ("Ar Raqqah" -> "Raqqa");
    # the old name stays an alias.
    for r in read_tsv(os.path.join(O, "sources", "display_names.tsv")):
        e = entries.get(r["id"])
        if e is None:
            sys.exit(f"error: sources/display_names.tsv: unknown generated id {r['id']}")
        if not r["name"] or not r["source"]:
            sys.exit(f"error: sources/display_names.tsv: {r['id']}: empty name or source")
        if r["name"] == e.name:
            stats["display_names_unchanged"] += 1
            continue
        e.kept_aliases.append((e.name, "geonames:name (replaced by display name)"
                               if e.id.startswith("gn:") else "wof:name (replaced by display name)"))
        e.name = r["name"]
        e.source += " +name:display_names"
        stats["display_names_applied"] += 1

    # ---------------- alias drops (sources/alias_drops.tsv) ----------------
    # A drop leaves out every spelling gazet matches as the dropped one
    # ("Bahawâlpur" with "Bahawalpur").
    drops = {(r["id"], match_key(r["alias"]))
             for r in read_tsv(os.path.join(O, "sources", "alias_drops.tsv"))}
    used_drops = set()

    # ---------------- write places + aliases ----------------
    place_rows = []
    alias_rows = []
    for eid in sorted(entries):
        e = entries[eid]
        if not (-90 <= e.lat <= 90 and -180 <= e.lon <= 180):
            stats["places_skipped_bad_coord"] += 1
            continue
        place_rows.append([e.id, e.name, e.kind, e.country, e.admin1, fmt_coord(e.lat),
                           fmt_coord(e.lon), str(e.population), e.flags, e.source])
        rows = []
        minor = (e.kind not in ("country", "continent", "region", "admin1")
                 and "capital" not in e.flags and e.population < 100000)
        nfl = flagger.flags(e.name, minor)
        if nfl and (eid, e.name.casefold()) not in cur_alias_keys:
            rows.append([eid, e.name, ",".join(nfl), "generated: name flags (word list)"])
        for a, src, tr in select_aliases(e, flagger):
            if (eid, a.casefold()) in cur_alias_keys:
                continue
            if (eid, match_key(a)) in drops:
                used_drops.add((eid, match_key(a)))
                stats["aliases_dropped_by_table"] += 1
                continue
            fl = flagger.flags(a, minor)
            if tr:
                fl.append("translit")
                stats["aliases_translit"] += 1
            rows.append([eid, a, ",".join(fl), src])
        rows.sort(key=lambda r: r[1])
        alias_rows.extend(rows)
    for k in sorted(drops - used_drops):
        print(f"warning: sources/alias_drops.tsv: {k[0]} {k[1]!r} matched no alias", file=sys.stderr)

    # ---------------- demonyms ----------------
    dem: dict[tuple[str, str], str] = {}

    def cap_words(s: str) -> str:
        return re.sub(r"(^|[\s-])([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), s)

    def add_dem(d: str, iso2: str, src: str):
        d = clean_field(d)
        if not d or iso2 not in country_id:
            return
        cid = country_id[iso2]
        # skip nouns that are just the country's name or an alias of it
        if d.casefold() == country_names[iso2].casefold():
            return
        if d.casefold() in {a.casefold() for a, _ in entries[cid].prio_aliases + entries[cid].aliases}:
            return
        if not is_latin_name(d) or is_stopword(d):
            return
        key = (d, cid)
        if key not in dem:
            dem[key] = src

    # demonym -> countries per countryinfo and mordecai; geotext's mapping of
    # a demonym they know is ignored when it disagrees (thai:TW, tuvaluan:TW,
    # mauritian:MR, swiss:SZ are errors in geotext)
    known_dem: dict[str, set[str]] = defaultdict(set)
    for r in ci_rows:
        for d in r["demonym"].split(","):
            known_dem[d.strip().casefold()].add(r["iso2"])
            add_dem(d.strip(), r["iso2"], "countryinfo:demonym (MIT)")
    with open(os.path.join(D, "demonyms", "mordecai_nat_df.csv"), encoding="utf-8") as f:
        rd = csv.reader(f)
        next(rd)
        for row in rd:
            if len(row) != 2:
                continue
            nat, a3 = row[0].strip(), row[1].strip()
            iso2 = iso3_to_iso2.get(a3)
            if iso2:
                known_dem[nat.casefold()].add(iso2)
                add_dem(nat, iso2, "mordecai:nat_df (MIT)")
    with open(os.path.join(D, "demonyms", "geotext_nationalities.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            d, iso2 = line.rsplit(":", 1)
            iso2 = iso2.strip().upper()
            if iso2 == "UK":
                iso2 = "GB"
            if known_dem.get(d.strip().casefold(), {iso2}).isdisjoint({iso2}):
                stats["demonyms_geotext_disagreeing_skipped"] += 1
                continue
            add_dem(cap_words(d.strip()), iso2, "geotext:nationalities (MIT)")
    # a demonym shared by several countries (French -> FR, Mayotte, Reunion...;
    # Congolese -> CD, CG) keeps only the countries with >= 10% of the largest
    # population among them; bare acronyms (UK) are not demonyms.
    pops = {cid: entries[cid].population for cid in country_id.values()}
    by_dem = defaultdict(list)
    for (d, cid) in dem:
        by_dem[d].append(cid)
    for d, cids in by_dem.items():
        top = max(pops[c] for c in cids)
        for c in cids:
            if pops[c] < 0.1 * top or is_acronym(d):
                del dem[(d, c)]
                stats["demonyms_dropped_minor_or_acronym"] += 1
    dem_rows = []
    for (d, cid), src in dem.items():
        if (d.casefold(), cid) in cur_demonym_keys:
            continue
        dem_rows.append([d, cid, ",".join(flagger.flags(d)), src])

    # plural nouns of demonyms ("Syrians", "Iraqis", "Turks"), of generated and
    # curated rows, pointing where the singular points. Curated singulars pass
    # their flags on; a plural equal to the target's name or alias is skipped
    # ("Kurds" is the name of grp:kurds).
    target_names = defaultdict(set)
    for eid, e in entries.items():
        target_names[eid] |= {e.name.casefold()} | {a.casefold() for a, _ in e.prio_aliases + e.aliases}
    for r in cur_places + cur_groups:
        target_names[r["id"]].add(r["name"].casefold())
    for r in cur_aliases:
        target_names[r["id"]].add(r["alias"].casefold())

    def plural(d: str) -> str | None:
        if d in PLURAL_INVARIANT or is_acronym(d) or " and " in d or " or " in d:
            return None
        if d in PLURAL_NOUNS or d.endswith(PLURAL_ENDINGS):
            return d + "s"
        return None

    singulars = [(d, cid, None, src) for (d, cid), src in dem.items()]
    singulars += [(r["demonym"], r["id"], r["flags"], "curated") for r in cur_demonyms]
    have = {(r[0].casefold(), r[1]) for r in dem_rows} | cur_demonym_keys
    # curated singulars first, so their flags win ("Afghan" has no `word`)
    for d, cid, cur_flags, src in sorted(singulars, key=lambda x: (x[1], x[0], x[2] is None, x[3])):
        pl = plural(d)
        if pl is None or (pl.casefold(), cid) in have or pl.casefold() in target_names[cid]:
            continue
        if is_stopword(pl):
            continue
        have.add((pl.casefold(), cid))
        fl = cur_flags.split(",") if cur_flags is not None else flagger.flags(pl)
        how = "curated demonym" if cur_flags is not None else "demonym"
        dem_rows.append([pl, cid, ",".join(f for f in fl if f), f"generated: plural of {how} {d}"])
        stats["demonyms_plural"] += 1
    # sorted by id, then demonym text (same rule as the other files)
    dem_rows.sort(key=lambda r: (r[1], r[0]))

    write_tsv(os.path.join(O, "places.tsv"), PLACE_COLS, place_rows)
    write_tsv(os.path.join(O, "aliases.tsv"), ALIAS_COLS, alias_rows)
    write_tsv(os.path.join(O, "demonyms.tsv"), DEMONYM_COLS, dem_rows)
    # The English word list gazet uses to keep dictionary words out of the
    # variant and fuzzy passes (SCOWL-derived wamerican word list; words of
    # 3 or more letters, lower case, folded as gazet folds).
    # Days and months are capitalised in the list (so not in flagger.words).
    calendar = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"}
    words = sorted(w for w in flagger.words | calendar
                   if len(w) >= 3 and w.isalpha() and w.isascii())
    write_tsv(os.path.join(O, "english-words.tsv"), ["word"], [[w] for w in words])

    for k in sorted(stats):
        print(f"{k}: {stats[k]}")
    print(f"places.tsv: {len(place_rows)} entries")
    print(f"aliases.tsv: {len(alias_rows)} aliases")
    print(f"demonyms.tsv: {len(dem_rows)} demonyms")

    ok = check(O)
    if not ok:
        sys.exit(1)


# --------------------------------------------------------------------------
# self-check over generated + curated files

def check(O: str) -> bool:
    errors = []
    ids: dict[str, str] = {}
    counts = {}

    def load(fn, cols):
        p = os.path.join(O, fn)
        if not os.path.exists(p):
            print(f"check: {fn} missing")
            counts[fn] = 0
            return []
        with open(p, encoding="utf-8", newline="") as f:
            header = f.readline().rstrip("\n").split("\t")
        if header != cols:
            errors.append(f"{fn}: header {header} != {cols}")
        rows = read_tsv(p)
        counts[fn] = len(rows)
        return rows

    for fn in ("places.tsv", "places-curated.tsv"):
        prev = None
        for r in load(fn, PLACE_COLS):
            if prev is not None and r["id"] < prev:
                errors.append(f"{fn}: not sorted at {r['id']}")
            prev = r["id"]
            if r["id"] in ids:
                errors.append(f"{fn}: duplicate id {r['id']} (also in {ids[r['id']]})")
            ids[r["id"]] = fn
            if not re.fullmatch(r"(gn:\d+|wof:\d+|gz:[a-z0-9]+(-[a-z0-9]+)*)", r["id"]):
                errors.append(f"{fn}: bad id {r['id']}")
            if r["kind"] not in PLACE_KINDS:
                errors.append(f"{fn}: {r['id']} bad kind {r['kind']}")
            try:
                la, lo = float(r["lat"]), float(r["lon"])
                if not (-90 <= la <= 90 and -180 <= lo <= 180):
                    errors.append(f"{fn}: {r['id']} coordinate out of range")
            except ValueError:
                errors.append(f"{fn}: {r['id']} missing/bad coordinates")
            if not r["population"].isdigit():
                errors.append(f"{fn}: {r['id']} bad population {r['population']!r}")
            if r["country"] and not re.fullmatch(r"[A-Z]{2}", r["country"]):
                errors.append(f"{fn}: {r['id']} bad country {r['country']}")
            for fl in filter(None, r["flags"].split(",")):
                if fl not in PLACE_FLAGS:
                    errors.append(f"{fn}: {r['id']} bad flag {fl}")
            if not r["name"] or not r["source"]:
                errors.append(f"{fn}: {r['id']} missing name/source")
    prev = None
    for r in load("groups.tsv", GROUP_COLS):
        if prev is not None and r["id"] < prev:
            errors.append(f"groups.tsv: not sorted at {r['id']}")
        prev = r["id"]
        if r["id"] in ids:
            errors.append(f"groups.tsv: duplicate id {r['id']}")
        ids[r["id"]] = "groups.tsv"
        if not re.fullmatch(r"grp:[a-z0-9]+(-[a-z0-9]+)*", r["id"]):
            errors.append(f"groups.tsv: bad id {r['id']}")
        if r["kind"] not in GROUP_KINDS:
            errors.append(f"groups.tsv: {r['id']} bad kind {r['kind']}")
        if r["active"] and not re.fullmatch(r"\d{4}-(\d{4})?", r["active"]):
            errors.append(f"groups.tsv: {r['id']} bad active {r['active']}")
        if not r["source"]:
            errors.append(f"groups.tsv: {r['id']} missing source")
    groups = read_tsv(os.path.join(O, "groups.tsv")) if os.path.exists(os.path.join(O, "groups.tsv")) else []
    for r in groups:
        if r["parent"] and ids.get(r["parent"]) != "groups.tsv":
            errors.append(f"groups.tsv: {r['id']} unknown parent {r['parent']}")
    n_alias = 0
    for fn in ("aliases.tsv", "aliases-curated.tsv"):
        seen = set()
        prev = None
        for r in load(fn, ALIAS_COLS):
            n_alias += 1
            key = (r["id"], r["alias"])
            if prev is not None and key < prev:
                errors.append(f"{fn}: not sorted at {key}")
            prev = key
            if key in seen:
                errors.append(f"{fn}: duplicate row {key}")
            seen.add(key)
            if r["id"] not in ids:
                errors.append(f"{fn}: unknown id {r['id']} ({r['alias']})")
            if not r["alias"]:
                errors.append(f"{fn}: empty alias for {r['id']}")
            fls = set(filter(None, r["flags"].split(",")))
            for fl in sorted(fls):
                if fl not in ALIAS_FLAGS:
                    errors.append(f"{fn}: {r['id']} bad flag {fl}")
            if is_stopword(r["alias"]) and not {"case", "word"} <= fls:
                errors.append(f"{fn}: {r['id']} stopword alias {r['alias']!r} without case,word")
            if fn == "aliases-curated.tsv" and not r["source"]:
                errors.append(f"{fn}: {r['id']} {r['alias']} missing source")
    for fn in ("demonyms.tsv", "demonyms-curated.tsv"):
        seen = set()
        prev = None
        for r in load(fn, DEMONYM_COLS):
            key = (r["id"], r["demonym"])
            if prev is not None and key < prev:
                errors.append(f"{fn}: not sorted at {key}")
            prev = key
            if key in seen:
                errors.append(f"{fn}: duplicate row {key}")
            seen.add(key)
            if r["id"] not in ids:
                errors.append(f"{fn}: unknown id {r['id']} ({r['demonym']})")
            fls = set(filter(None, r["flags"].split(",")))
            for fl in sorted(fls):
                if fl not in ALIAS_FLAGS or fl == "translit":
                    errors.append(f"{fn}: bad flag {fl}")
            if is_stopword(r["demonym"]) and not {"case", "word"} <= fls:
                errors.append(f"{fn}: {r['demonym']} is a stopword without case,word")
    # display names: every row names an existing generated place by that name
    dn_path = os.path.join(O, "sources", "display_names.tsv")
    if os.path.exists(dn_path):
        pnames = {}
        for line in open(os.path.join(O, "places.tsv"), encoding="utf-8").read().split("\n")[1:]:
            if line:
                p = line.split("\t")
                pnames[p[0]] = p[1]
        prev = None
        for r in read_tsv(dn_path):
            if prev is not None and r["id"] < prev:
                errors.append(f"sources/display_names.tsv: not sorted at {r['id']}")
            prev = r["id"]
            if pnames.get(r["id"]) != r["name"]:
                errors.append(f"sources/display_names.tsv: {r['id']} is not named {r['name']!r} in places.tsv")
    for fn, n in counts.items():
        print(f"check: {fn}: {n} rows")
    print(f"check: total aliases {n_alias}")
    for e in errors[:50]:
        print("ERROR:", e, file=sys.stderr)
    if errors:
        print(f"check: {len(errors)} errors", file=sys.stderr)
        return False
    print("check: OK")
    return True


if __name__ == "__main__":
    main()
