//! Compresses the default gazetteer (`gazetteer/*.tsv`) into the binary.
//!
//! Writes `$OUT_DIR/embedded_files.rs`, a list of `(file name, deflated
//! bytes)` that `src/gazetteer/embedded.rs` includes. Every `.tsv` file in
//! `gazetteer/` is embedded, so a new file cannot be forgotten.

use flate2::{Compression, write::DeflateEncoder};
use std::io::Write;
use std::path::Path;

fn main() {
    let src = Path::new("gazetteer");
    println!("cargo::rerun-if-changed=gazetteer");
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
        let data = std::fs::read(&path).expect("gazetteer file is readable");
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&data).expect("compressing in memory");
        let packed = enc.finish().expect("compressing in memory");
        let file = format!("{name}.deflate");
        std::fs::write(Path::new(&out).join(&file), packed).expect("OUT_DIR is writable");
        list.push_str(&format!(
            "    ({name:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))),\n"
        ));
    }
    list.push_str("];\n");
    std::fs::write(Path::new(&out).join("embedded_files.rs"), list).expect("OUT_DIR is writable");
}
