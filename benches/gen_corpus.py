#!/usr/bin/env python3
"""Deterministic news-like corpus for gazet benchmarks.

    python3 benches/gen_corpus.py --articles 1000 --out /tmp/corpus.jsonl
    python3 benches/gen_corpus.py --mb 50 --out /tmp/corpus.jsonl
    python3 benches/gen_corpus.py --articles 1000 --out /tmp/corpus-dir --txt

Articles are written from sentence templates, with place and group names
drawn from the project's gazetteer (gazetteer/*.tsv) at about one name per
12 words, in the spellings the gazetteer holds (aliases included), plus a
few misspellings (a letter doubled or swapped), so every stage of gazet has
work. The same --seed gives the same bytes.
"""
import argparse, csv, json, os, random, sys

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
]
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
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    ap.add_argument("--txt", action="store_true", help="a folder of .txt files instead of JSONL")
    a = ap.parse_args()
    if not a.articles and not a.mb:
        sys.exit("give --articles N or --mb SIZE")
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
                group=name(group_list), demonym=rng.choice(demonyms), country=rng.choice(countries))
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
