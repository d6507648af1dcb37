//! gazet as an Apache Spark stage: `rdd.pipe("gazet extract --jsonl -")`
//! over JSONL partitions gives the same articles as a direct run. Runs
//! `tests/spark/pipe_check.py` (PySpark, local mode) with the built binary.
//!
//! Needs a Python with pyspark (and Java 17+): set `GAZET_PYSPARK_PYTHON`
//! to it (`.ci/run` makes `target/ci-venv`). Without it the test is skipped
//! with a note, unless `GAZET_REQUIRE_SPARK` is set: then it fails.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn spark_pipe_matches_a_direct_run() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(python) = std::env::var_os("GAZET_PYSPARK_PYTHON") else {
        assert!(
            std::env::var_os("GAZET_REQUIRE_SPARK").is_none(),
            "GAZET_REQUIRE_SPARK is set but GAZET_PYSPARK_PYTHON is not"
        );
        eprintln!("note: GAZET_PYSPARK_PYTHON not set; Spark pipe test skipped");
        return;
    };
    // A relative path is taken from the crate root, as .ci/run gives it.
    let python = root.join(python);
    let status = Command::new(&python)
        .arg(root.join("tests/spark/pipe_check.py"))
        .args(["--gazet", env!("CARGO_BIN_EXE_gazet"), "--articles", "400"])
        .current_dir(&root)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(status.success(), "tests/spark/pipe_check.py failed: {status}");
}
