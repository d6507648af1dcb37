#!/usr/bin/env python3
"""Deterministic news-like corpus for gazet benchmarks.

    python3 benches/gen_corpus.py --articles 1000 --out /tmp/corpus.jsonl
    python3 benches/gen_corpus.py --mb 50 --out /tmp/corpus.jsonl
    python3 benches/gen_corpus.py --articles 1000 --out /tmp/corpus-dir --txt
    python3 benches/gen_corpus.py --size 50mb --out /tmp/corpus.jsonl

Articles are written from sentence templates, with place and group names
drawn from the project's gazetteer (gazetteer/*.tsv), in the spellings the
gazetteer holds (aliases included), plus a few misspellings (a letter
doubled or swapped), so every stage of gazet has work. Like real reporting,
they also quote people ("Mariam Haddad, a spokesman for ...") and cite
outlets and institutions, some in the gazetteer and some not: capitalised
words that are no place, which the variant and fuzzy passes must look at
and reject. gazet finds about one mention per 9 words here, as in the
project's seed articles (one gold mention per 10 words).

Deterministic: the same --seed gives the same bytes, and a smaller --mb or
--articles gives a prefix of a larger one.
"""
import argparse, csv, json, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.join(HERE, "..", "gazetteer")

TEMPLATES = [
    "Fighting continued on {day} near {place}, where {group} said it had repelled an attack.",
    "Residents of {place} told reporters that {group} fighters had left the town overnight.",
    "The {demonym} government accused {group} of shelling villages around {place}.",
    "According to local sources, {group} units moved from {place} towards {place2}.",
    "Aid convoys reached {place} for the first time in months, the agency said.",
    "A spokesman for {group} denied any role in the blast that killed several people in {place}.",
    "Officials in {country} said talks with {group} would resume next week.",
    "Thousands fled {place} as airstrikes hit the outskirts of the city and nearby farms.",
    "Analysts said the fall of {place} would change the balance of power in {country}.",
    "The road between {place} and {place2} remained closed to civilian traffic.",
    "Witnesses described long queues for bread and fuel in the centre of {place}.",
    "Prices of basic goods have doubled since the winter, traders in {place} said.",
    "Schools reopened in parts of the province, although many teachers have not returned.",
    "The statement did not say how many people were wounded or when the operation began.",
    "{person}, a spokesman for {group}, told {outlet} that the situation in {place} was calm.",
    "\"We have nothing left,\" said {person}, a farmer who fled {place} in {month}.",
    "{person} of {institute} said the figures could not be independently verified.",
    "On {day}, {person}, the {demonym} foreign minister, met {person2} to discuss {country}.",
    "{person}, who teaches at {university}, said the talks in {place} had stalled since {month}.",
]
GIVEN = ["Ahmed", "Mohammed", "Omar", "Khaled", "Mahmoud", "Hussein", "Ali", "Yusuf", "Fatima",
         "Mariam", "Leila", "Nour", "Hevi", "Rojda", "Salih", "Tariq", "Abu Bakr", "Ibrahim"]
SURNAMES = ["Haddad", "Mansour", "al-Ahmad", "Khalil", "Nasser", "al-Hassan", "Darwish", "Othman",
            "Smith", "Johnson", "Miller", "Petrov", "Ivanova", "Yilmaz", "Demir", "Kaya", "Barzani",
            "al-Obeidi", "Jaber", "Saleh", "Harris", "Moreau", "Schneider", "Abdi", "Qassem"]
OUTLETS = ["Reuters", "the Associated Press", "Agence France-Presse", "Al Jazeera", "the BBC",
           "The New York Times", "Enab Baladi", "Rudaw", "Kurdistan 24", "The National"]
INSTITUTES = ["the Syrian Observatory for Human Rights", "the Institute for the Study of War",
              "the International Crisis Group", "Chatham House", "the Middle East Institute",
              "the Center for Operational Analysis and Research", "Human Rights Watch",
              "the Norwegian Refugee Council", "the World Food Programme", "the Carnegie Endowment"]
UNIVERSITIES = ["Harvard University", "Columbia University", "the University of Damascus",
                "King's College London", "the American University of Beirut", "Sciences Po"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SIZES = {"kb": 1e-3, "mb": 1.0, "gb": 1e3}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def read(name):
    with open(os.path.join(GAZ, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def typo(rng, s):
    i = rng.randrange(1, len(s) - 1)
    return s[:i] + s[i] + s[i:] if rng.random() < 0.5 else s[:i] + s[i + 1] + s[i] + s[i + 2:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int)
    ap.add_argument("--mb", type=float)
    ap.add_argument("--size", help="like --mb: 1mb, 50mb, 1gb, 500kb")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--txt", action="store_true", help="a folder of .txt files instead of JSONL")
    a = ap.parse_args()
    if a.size:
        m = re.fullmatch(r"([0-9.]+)\s*(kb|mb|gb)", a.size.strip().lower())
        if not m:
            sys.exit(f"--size {a.size!r}: give a number and kb, mb or gb (1mb, 50mb, 1gb)")
        a.mb = float(m.group(1)) * SIZES[m.group(2)]
    if not a.articles and not a.mb:
        sys.exit("give --articles N, --mb SIZE or --size 1mb|50mb|1gb")
    rng = random.Random(a.seed)
    places, countries = {}, []
    for r in read("places.tsv"):
        if r["kind"] == "country":
            countries.append(r["name"])
        elif r["country"] in ("SY", "IQ") and r["kind"] in ("city", "town", "admin1"):
            places[r["id"]] = [r["name"]]
        elif r["kind"] == "city" and int(r["population"] or 0) > 500000:
            places[r["id"]] = [r["name"]]
    groups = {r["id"]: [r["name"]] for r in read("groups.tsv") if r["kind"] in
              ("armed_group", "state_force", "militia", "coalition", "political_body")}
    for r in read("aliases.tsv") + read("aliases-curated.tsv"):
        if "translit" in r["flags"]:
            continue
        for table in (places, groups):
            if r["id"] in table:
                table[r["id"]].append(r["alias"])
    demonyms = sorted({r["demonym"] for r in read("demonyms-curated.tsv") if r["demonym"][0].isupper()})
    place_list = sorted(places.values())
    group_list = sorted(groups.values())
    countries.sort()

    given = GIVEN + [r["name"] for r in read("given-names.tsv")]

    def person():
        return f"{rng.choice(given)} {rng.choice(SURNAMES)}"

    def name(pool):
        s = rng.choice(rng.choice(pool))
        return typo(rng, s) if len(s) > 6 and rng.random() < 0.03 else s

    limit = a.mb * 1e6 if a.mb else None
    size, n = 0, 0
    if a.txt:
        os.makedirs(a.out, exist_ok=True)
        out = None
    else:
        out = open(a.out, "w", encoding="utf-8")
    while (a.articles and n < a.articles) or (limit and size < limit):
        paras = []
        for _ in range(rng.randint(3, 7)):
            sents = [rng.choice(TEMPLATES).format(
                day=rng.choice(DAYS), place=name(place_list), place2=name(place_list),
                group=name(group_list), demonym=rng.choice(demonyms), country=rng.choice(countries),
                person=person(), person2=person(), outlet=rng.choice(OUTLETS),
                institute=rng.choice(INSTITUTES), university=rng.choice(UNIVERSITIES),
                month=rng.choice(MONTHS))
                for _ in range(rng.randint(2, 6))]
            paras.append(" ".join(sents))
        text = "\n\n".join(paras)
        title = f"{name(place_list).upper()}: {rng.choice(['CLASHES', 'TALKS', 'AID', 'STRIKES'])} CONTINUE"
        if a.txt:
            with open(os.path.join(a.out, f"a{n:07d}.txt"), "w", encoding="utf-8") as f:
                f.write(title + "\n\n" + text + "\n")
        else:
            out.write(json.dumps({"id": f"a{n:07d}", "title": title, "text": text}, ensure_ascii=False) + "\n")
        size += len(text.encode()) + len(title) + 40
        n += 1
    if out:
        out.close()
    print(f"{n} articles, {size / 1e6:.1f} MB -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
