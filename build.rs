//! Compresses the default gazetteer (`gazetteer/*.tsv`) into the binary.
//!
//! Writes `$OUT_DIR/embedded_files.rs`, a list of `(file name, deflated
//! bytes)` that `src/gazetteer/embedded.rs` includes. Every `.tsv` file in
//! `gazetteer/` is embedded, so a new file cannot be forgotten.

use flate2::{Compression, write::DeflateEncoder};
use std::io::Write;
use std::path::Path;

/// FNV-1a, 64 bits, continued from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// A hash of every file under `dir`, by path and contents, in sorted order.
fn tree_hash(h: u64, dir: &Path) -> u64 {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder exists")
        .map(|e| e.expect("the folder is readable").path())
        .collect();
    paths.sort();
    paths.into_iter().fold(h, |h, p| {
        let h = fnv(h, p.to_string_lossy().as_bytes());
        if p.is_dir() {
            tree_hash(h, &p)
        } else {
            fnv(h, &std::fs::read(&p).expect("the file is readable"))
        }
    })
}

fn main() {
    let src = Path::new("gazetteer");
    println!("cargo::rerun-if-changed=gazetteer");
    // The compiled-gazetteer cache is keyed by the code that compiles it.
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    let code = tree_hash(
        fnv(FNV_START, &std::fs::read("Cargo.lock").unwrap_or_default()),
        Path::new("src"),
    );
    let data = tree_hash(FNV_START, src);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut names: Vec<String> = std::fs::read_dir(src)
        .expect("gazetteer/ exists")
        .map(|e| e.expect("gazetteer/ is readable").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv"))
        .collect();
    names.sort();
    let mut list = String::from("pub(crate) const FILES: &[(&str, &[u8])] = &[\n");
    for name in &names {
        let path = src.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read(&path).expect("gazetteer file is readable");
        let file = format!("{name}.deflate");
        // This script also runs when code changes (for CODE_HASH); a file
        // compressed before from the same bytes is kept.
        let stamp = Path::new(&out).join(format!("{name}.hash"));
        let hash = format!("{:x}", fnv(FNV_START, &text));
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(hash.as_str()) {
            let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
            enc.write_all(&text).expect("compressing in memory");
            let packed = enc.finish().expect("compressing in memory");
            std::fs::write(Path::new(&out).join(&file), packed).expect("OUT_DIR is writable");
            std::fs::write(&stamp, hash).expect("OUT_DIR is writable");
        }
        list.push_str(&format!(
            "    ({name:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),\n"
        ));
    }
    list.push_str("];\n");
    list.push_str(&format!("pub(crate) const DATA_HASH: u64 = {data:#x};\n"));
    list.push_str(&format!("pub(crate) const CODE_HASH: u64 = {code:#x};\n"));
    std::fs::write(Path::new(&out).join("embedded_files.rs"), list).expect("OUT_DIR is writable");
}
