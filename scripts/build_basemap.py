#!/usr/bin/env python3
"""Build assets/countries.json, the country outlines of gazet's maps.

Usage:
    python3 scripts/build_basemap.py > assets/countries.json
    python3 scripts/build_basemap.py path/to/countries-50m.json > assets/countries.json

Without an argument it fetches the npm package world-atlas (pinned below)
with `npm pack` into a temporary folder and reads its countries-50m.json:
Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON.

It decodes the TopoJSON arcs, simplifies each arc once (Douglas-Peucker),
so neighbouring countries keep one shared border with no gaps, drops tiny
islands and Antarctica, cuts the few rings that cross 180 degrees (Russia,
Fiji) into pieces on either side, and writes a compact JSON (see
assets/README.md):

    {"format": "gazet-basemap 1", "source": ..., "scale": 100,
     "arcs": [[lon0, lat0, dlon1, dlat1, ...], ...],
     "countries": [[id, name, [[ring, ...], ...]], ...]}

Coordinates are integers in 1/scale degrees, each arc's first point absolute
and the rest as differences. A ring lists arc numbers; ~n (that is -n-1)
means arc n reversed. Python 3.9+, standard library only; the output is
deterministic.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas@2.0.2"
FILE = "countries-50m.json"
SCALE = 100  # integer units per degree: 0.01 deg, about 1 km
TOLERANCE = 0.05  # Douglas-Peucker tolerance, degrees (about 5 km)
MIN_AREA = 0.02  # square degrees: smaller islands are dropped (not a country's largest)
DROP = {"010"}  # Antarctica: off any news map, and huge in Mercator


def fetch() -> dict:
    """countries-50m.json of the pinned world-atlas, through npm pack."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")][0]
        with tarfile.open(os.path.join(tmp, tgz)) as tar:
            return json.load(tar.extractfile("package/" + FILE))


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc (TopoJSON delta decoding)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def simplify(pts: list, tol: float) -> list:
    """Douglas-Peucker, keeping both ends (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, far = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, far = d, i
        if best > tol:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(pts, keep) if k]


def quantise(pts: list) -> list[tuple[int, int]]:
    """Integer points in 1/SCALE degrees, repeated points removed."""
    out = []
    for lon, lat in pts:
        q = (round(lon * SCALE), round(lat * SCALE))
        if not out or out[-1] != q:
            out.append(q)
    return out


def ring_points(ring: list[int], arcs: list) -> list:
    pts = []
    for a in ring:
        seg = arcs[a] if a >= 0 else arcs[~a][::-1]
        pts.extend(seg if not pts else seg[1:])
    return pts


def clip(pts: list, c: float, keep_below: bool) -> list:
    """Sutherland-Hodgman: the part of the closed ring on one side of x = c."""
    inside = (lambda p: p[0] <= c) if keep_below else (lambda p: p[0] >= c)
    out = []
    for p, q in zip(pts, pts[1:] + pts[:1]):
        if inside(p) != inside(q):
            t = (c - p[0]) / (q[0] - p[0])
            out.append((c, round(p[1] + t * (q[1] - p[1]))))
        if inside(q):
            out.append(q)
    return out


def split_antimeridian(pts: list) -> list[list]:
    """A ring that jumps across 180 degrees, unwrapped and cut there into
    rings within [-180, 180]; other rings as they are."""
    half = 180 * SCALE
    if all(abs(q[0] - p[0]) <= half for p, q in zip(pts, pts[1:])):
        return [pts]
    shift, flat = 0, [pts[0]]
    for p, q in zip(pts, pts[1:]):
        if q[0] - p[0] > half:
            shift -= 2 * half
        elif p[0] - q[0] > half:
            shift += 2 * half
        flat.append((q[0] + shift, q[1]))
    pieces = []
    for lo in (-3 * half, -half, half):
        part = clip(clip(flat, lo, False), lo + 2 * half, True)
        part = [(x - lo - half, y) for x, y in part]
        if len(set(part)) >= 3 and area(part) > 0:
            pieces.append(part)
    return pieces


def area(pts: list) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]))) / 2


def cut(polys: list, arcs: list) -> list:
    """Polygons with rings that cross 180 degrees split there; each piece
    becomes a ring of one new arc (appended to `arcs`)."""
    out = []
    for poly in polys:
        outer = ring_points(poly[0], arcs)
        pieces = split_antimeridian(outer)
        if pieces[0] is outer:
            out.append(poly)
            continue
        assert len(poly) == 1, "a ring with holes crosses 180 degrees"
        for piece in pieces:
            arcs.append(piece + piece[:1])
            out.append([[len(arcs) - 1]])
    return out


def main() -> None:
    topo = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else fetch()
    arcs = [quantise(simplify(a, TOLERANCE)) for a in decode_arcs(topo)]
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("id") in DROP or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        sized = [(area(ring_points(p[0], arcs)) / SCALE**2, p) for p in polys]
        largest = max(s for s, _ in sized)
        kept = []
        for size, poly in sized:
            rings = [r for r in poly if len(set(ring_points(r, arcs))) >= 3]
            if rings and rings[0] is poly[0] and (size >= MIN_AREA or size == largest):
                kept.append(rings)
        if kept:
            countries.append([g.get("id", ""), g["properties"]["name"], cut(kept, arcs)])
    # Renumber the arcs that are still used, in order of first use.
    used: dict[int, int] = {}
    for _, _, polys in countries:
        for poly in polys:
            for ring in poly:
                for a in ring:
                    used.setdefault(a if a >= 0 else ~a, len(used))
    renum = lambda a: used[a] if a >= 0 else ~used[~a]  # noqa: E731
    for c in countries:
        c[2] = [[[renum(a) for a in ring] for ring in poly] for poly in c[2]]
    flat = []
    for old in sorted(used, key=used.get):
        pts = arcs[old]
        row = [pts[0][0], pts[0][1]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            row += [x1 - x0, y1 - y0]
        flat.append(row)
    out = {
        "format": "gazet-basemap 1",
        "source": f"{PACKAGE} {FILE}: Natural Earth 1:50m admin-0 countries (public domain)",
        "scale": SCALE,
        "arcs": flat,
        "countries": countries,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
