"""Shared by the peer programs of benches/compare.py.

Every peer reads the same files the same way: the name list (one name a
line) and a JSONL corpus, streamed line by line; it processes each
article's `title` (when present) and `text`, prints one count (matches or
entities) on stdout and, if BENCH_TIMINGS names a file, appends a JSON line
with its start-up (imports and building its matcher) and run times.
"""
import json
import os
import sys
import time

T0 = time.perf_counter()


def names(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


class Corpus:
    """Texts of a JSONL corpus, title then text of each article, streamed;
    counts articles and bytes as it goes."""

    def __init__(self, path):
        self.path, self.articles, self.bytes = path, 0, 0

    def __iter__(self):
        with open(self.path, encoding="utf-8") as f:
            for line in f:
                self.bytes += len(line.encode("utf-8"))
                if not line.strip():
                    continue
                a = json.loads(line)
                self.articles += 1
                if a.get("title"):
                    yield a["title"]
                yield a.get("text") or ""


def report(built, matches, corpus, **extra):
    """Prints the count and appends the timings: `built` is the
    perf_counter value when start-up ended."""
    done = time.perf_counter()
    print(matches)
    path = os.environ.get("BENCH_TIMINGS")
    if path:
        rec = {"build_s": round(built - T0, 6), "run_s": round(done - built, 6),
               "matches": matches, "articles": corpus.articles, "bytes": corpus.bytes, **extra}
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")


def args(usage):
    if len(sys.argv) != 3:
        sys.exit(f"usage: {usage} NAMES CORPUS.jsonl")
    return sys.argv[1], sys.argv[2]
