#!/usr/bin/env python3
"""gazet as an Apache Spark stage: rdd.pipe("gazet extract --jsonl -").

    python tests/spark/pipe_check.py --gazet target/release/gazet [--articles 400]

Runs PySpark in local mode (local[2]) on a generated corpus
(benches/gen_corpus.py) split into 4 partitions, ships the binary with
SparkContext.addFile (what `spark-submit --files gazet` does on a cluster),
pipes every partition through `gazet extract --jsonl -`, collects the lines
and compares them, article by article (parsed JSON, by article id), with a
direct run of `gazet extract --jsonl corpus.jsonl`. Exits 0 when they agree,
1 when they do not. Needs a Python with pyspark and Java 17+.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PARTITIONS = 4


def articles(lines, what):
    """Article lines by id, without `source` (the file name, or `-`)."""
    by_id = {}
    for line in lines:
        a = json.loads(line)
        a.pop("source", None)
        if a["article"] in by_id:
            sys.exit(f"{what}: article {a['article']} twice")
        by_id[a["article"]] = a
    return by_id


def gazet_command(sc, name):
    """The path of the shipped binary `name`, as the Python workers see it.

    On a cluster, files shipped with --files or addFile land in each
    executor's working directory, so the command is `./gazet`. In local
    mode the executor is the driver, whose working directory is not where
    addFile puts files: SparkFiles.get says where it is.
    """
    from pyspark import SparkFiles

    if sc.master.startswith("local"):
        return SparkFiles.get(name)
    return "./" + name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazet", required=True, help="the gazet binary")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--workdir", help="where to write the corpus (default: a temporary folder)")
    a = ap.parse_args()
    gazet = os.path.abspath(a.gazet)

    tmp = tempfile.TemporaryDirectory(prefix="gazet-spark-")
    workdir = a.workdir or tmp.name
    corpus = os.path.join(workdir, "corpus.jsonl")
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"),
         "--articles", str(a.articles), "--out", corpus],
        check=True, stderr=subprocess.DEVNULL)

    t = time.time()
    direct = subprocess.run([gazet, "extract", "--jsonl", corpus],
                            check=True, stdout=subprocess.PIPE).stdout.decode("utf-8")
    direct = articles(direct.splitlines(), "direct run")
    t_direct = time.time() - t

    # Spark on the loopback interface only, without its web UI.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import SparkConf, SparkContext

    t = time.time()
    conf = (SparkConf().setMaster("local[2]").setAppName("gazet-pipe-check")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        sc.addFile(gazet)
        rdd = sc.textFile(corpus, PARTITIONS)
        if rdd.getNumPartitions() != PARTITIONS:
            rdd = rdd.repartition(PARTITIONS)
        sizes = rdd.glom().map(len).collect()
        # pyspark's pipe gives the command an empty environment (no HOME):
        # name the compiled-gazetteer cache, as the README tells users to,
        # so each partition loads it instead of compiling the names.
        # checkCode fails the task if gazet exits non-zero.
        command = gazet_command(sc, os.path.basename(gazet)) + " extract --jsonl -"
        env = {"GAZET_CACHE_DIR": os.path.join(tempfile.gettempdir(), "gazet-cache")}
        piped = rdd.pipe(command, env=env, checkCode=True).collect()
    finally:
        sc.stop()
    t_spark = time.time() - t

    spark = articles(piped, "spark")
    print(f"partitions {sizes}; direct run {len(direct)} articles in {t_direct:.1f} s; "
          f"spark {len(spark)} articles in {t_spark:.1f} s (with start-up)")
    if len(sizes) != PARTITIONS or min(sizes) == 0:
        sys.exit(f"expected {PARTITIONS} non-empty partitions, got {sizes}")
    if len(direct) != a.articles:
        sys.exit(f"direct run: {len(direct)} articles, expected {a.articles}")
    missing = sorted(set(direct) - set(spark))
    extra = sorted(set(spark) - set(direct))
    differ = sorted(i for i in set(direct) & set(spark) if direct[i] != spark[i])
    if missing or extra or differ:
        print(f"missing from spark: {missing[:10]} ({len(missing)})", file=sys.stderr)
        print(f"only in spark: {extra[:10]} ({len(extra)})", file=sys.stderr)
        print(f"different: {differ[:10]} ({len(differ)})", file=sys.stderr)
        return 1
    print(f"spark pipe matches the direct run: {len(spark)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
