#!/usr/bin/env python3
"""A synthetic GeoNames dump (allCountries.txt format) for scale tests.

    python3 benches/gen_geonames.py --places 1000000 --out /tmp/big.txt

Each place gets a made-up name from syllables plus four alternate names
(Al-X, Xah, Tell X, X Jadid), so 1,000,000 places give 5,000,000 names.
Populated places spread over every country code in countryInfo order, with
random coordinates and populations. Deterministic for a --seed.
"""
import argparse, random

SYLLABLES = ("ab al an ar as at ba bel da deh dar el en er fa gh ha hal ir is ja "
             "ka kh kir la lo ma mar mi na nu o ra ri sa sh su ta tel u wa ya za zor").split()
COUNTRIES = ("SY IQ TR LB JO IR SA EG LY YE AF PK IN CN RU UA DE FR ES IT GB US BR "
             "NG KE ET SO SD ML NE TD CM CD ZA ID PH MX CO PE AR CL").split()


def name(rng):
    words = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.append(w.capitalize())
    return " ".join(words)


def variants(n):
    """Four alternate names, each a distinct normalised form."""
    return ["Al-" + n, n + "ah", "Tell " + n, n + " Jadid"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--places", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.places):
            n = name(rng)
            alts = ",".join(variants(n))
            lat, lon = rng.uniform(-60, 70), rng.uniform(-170, 170)
            pop = int(rng.paretovariate(1.2) * 200)
            cc = COUNTRIES[i % len(COUNTRIES)]
            f.write(f"{10_000_000 + i}\t{n}\t{n}\t{alts}\t{lat:.5f}\t{lon:.5f}\tP\tPPL\t{cc}\t\t01\t\t\t\t{pop}\t\t0\tUTC\t2024-01-01\n")


if __name__ == "__main__":
    main()
