#!/usr/bin/env python3
"""Calibration table: how often mentions of each score band are right.

    python3 benches/calibration.py --bin target/release/gazet \
        --dir tests/fixtures/annotated --dir ../shared/seeds

Each DIR holds *.txt articles and a gold.jsonl (the seed format: surface,
occurrence, type, lat, lon). A mention is right when it overlaps a gold
mention of the same type and, for a place with a gold point, lies within
161 km of it. Media outlets in the gold are left out on both sides. Prints,
per score band, the mentions, the right ones and the precision.
"""
import argparse, json, math, pathlib, subprocess

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def locate(text, surface, occurrence):
    i = -1
    for _ in range(occurrence + 1):
        i = text.find(surface, i + 1)
        if i < 0:
            return None
    return i


def judge(binary, d):
    d = pathlib.Path(d)
    gold = {}
    for line in (d / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["doc_id"]] = g["mentions"]
    files = sorted(d.glob("*.txt"))
    run = subprocess.run([binary, "extract", "--jsonl", *map(str, files)], capture_output=True, text=True)
    out = {}
    for line in run.stdout.splitlines():
        o = json.loads(line)
        out[pathlib.Path(o["article"]).stem] = o["mentions"]
    results = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        spans = []
        media = []
        for g in gold.get(f.stem, []):
            s = locate(text, g["surface"], g["occurrence"])
            (media if g.get("kind") == "media" else spans).append((s, s + len(g["surface"]), g))
        for m in out.get(f.stem, []):
            if any(m["start"] < e and s < m["end"] for s, e, _ in media):
                continue
            ok = False
            for s, e, g in spans:
                if g["type"] == m["type"] and m["start"] < e and s < m["end"]:
                    ok = g["type"] != "place" or g["lat"] is None or (
                        m["lat"] is not None and km((g["lat"], g["lon"]), (m["lat"], m["lon"])) <= 161)
                    break
            results.append((m["score"], ok))
    return results


def table(title, results):
    print(title)
    print(f"  {'score':>11} {'mentions':>9} {'right':>6} {'precision':>10}")
    for lo, hi in BANDS:
        band = [ok for s, ok in results if lo <= s < hi]
        if band:
            print(f"  {lo:4.1f} - {min(hi, 1.0):4.2f} {len(band):9} {sum(band):6} {sum(band) / len(band):10.2f}")
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/gazet")
    ap.add_argument("--dir", action="append", required=True)
    a = ap.parse_args()
    everything = []
    for d in a.dir:
        everything += table(d, judge(a.bin, d))
    if len(a.dir) > 1:
        table("all", everything)


if __name__ == "__main__":
    main()
