//! Bad gazetteer files and GeoNames dumps, run through the binary as a
//! user would: every one gives `file:line: message` on stderr and exit
//! status 2 (never a panic), or is read the documented way (a byte-order
//! mark, CRLF line ends, quotes taken literally, a later layer replacing an
//! entry).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PLACES: &str = "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\tsource\n";
const PLACE: &str = "gz:alpha\tAlpha\tcity\tSY\t\t35.95\t39.01\t1000\t\tmine\n";
const GROUPS: &str = "id\tname\tkind\tcountry\tparent\tactive\tsource\n";
const GROUP: &str = "grp:alpha\tAlpha Front\tarmed_group\tSY\t\t2011-\tmine\n";
const ALIASES: &str = "id\talias\tflags\tsource\n";
const DEMONYMS: &str = "demonym\tid\tflags\tsource\n";

/// Runs gazet with its cache in `tmp` (so tests share none).
fn gazet(tmp: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .env("GAZET_CACHE_DIR", tmp.join("cache"))
        .env_remove("GAZET_NO_CACHE")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A gazetteer folder `tmp/name` holding `files` (name, bytes).
fn layer(tmp: &Path, name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    dir
}

/// `gazet gazetteer check --no-default-gazetteer DIR`.
fn check(tmp: &Path, dir: &Path) -> Output {
    gazet(tmp, &["gazetteer", "check", "--no-default-gazetteer", dir.to_str().unwrap()])
}

/// Asserts that `o` failed with status 2 and `path:line: message...` on
/// stderr, without a panic.
#[track_caller]
fn assert_error(o: &Output, path: &Path, line: u64, message: &str) {
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let want = format!("{}:{line}: {message}", path.display());
    assert!(err.contains(&want), "wanted `{want}` in stderr, got: {err}");
    assert_eq!(o.status.code(), Some(2), "{err}");
}

/// Asserts that `o` succeeded without a panic.
#[track_caller]
fn assert_ok(o: &Output) {
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.status.success(), "{}{err}", text(&o.stdout));
}

/// `(case, rows after the header and a good row, message at line 3)`.
const BAD_PLACE_ROWS: &[(&str, &str, &str)] = &[
    (
        "too-few",
        "gz:b\tBeta\tcity\n",
        "3 fields, but the header has 10 (fields are separated by tabs)",
    ),
    (
        "too-many",
        "gz:b\tBeta\tcity\tSY\t\t1\t2\t3\t\tx\textra\n",
        "11 fields, but the header has 10",
    ),
    ("empty-id", "\tBeta\tcity\tSY\t\t1\t2\t3\t\tx\n", "empty `id`"),
    ("empty-name", "gz:b\t \tcity\tSY\t\t1\t2\t3\t\tx\n", "empty `name`"),
    ("empty-kind", "gz:b\tBeta\t\tSY\t\t1\t2\t3\t\tx\n", "empty `kind`"),
    ("empty-lat", "gz:b\tBeta\tcity\tSY\t\t\t2\t3\t\tx\n", "empty `lat`"),
    ("empty-lon", "gz:b\tBeta\tcity\tSY\t\t1\t\t3\t\tx\n", "empty `lon`"),
    ("text-lat", "gz:b\tBeta\tcity\tSY\t\tnorth\t2\t3\t\tx\n", "latitude `north` is not a number"),
    (
        "comma-lon",
        "gz:b\tBeta\tcity\tSY\t\t1\t2,5\t3\t\tx\n",
        "longitude `2,5` is not a number (write decimals with a dot: 35.95)",
    ),
    (
        "grouped-population",
        "gz:b\tBeta\tcity\tSY\t\t1\t2\t1,000\t\tx\n",
        "population `1,000` is not a whole number",
    ),
    ("negative-population", "gz:b\tBeta\tcity\tSY\t\t1\t2\t-5\t\tx\n", "population `-5` is not"),
    (
        "bad-flag",
        "gz:b\tBeta\tcity\tSY\t\t1\t2\t3\tcapitol\tx\n",
        "unknown place flag `capitol` (known: capital)",
    ),
    ("bad-country", "gz:b\tBeta\tcity\tSyria\t\t1\t2\t3\t\tx\n", "country `Syria` is not an ISO"),
    ("lat-91", "gz:b\tBeta\tcity\tSY\t\t91\t2\t3\t\tx\n", "latitude 91 out of range"),
    ("lon-minus-181", "gz:b\tBeta\tcity\tSY\t\t1\t-181\t3\t\tx\n", "longitude -181 out of range"),
    ("lat-nan", "gz:b\tBeta\tcity\tSY\t\tNaN\t2\t3\t\tx\n", "latitude NaN out of range"),
    ("lon-inf", "gz:b\tBeta\tcity\tSY\t\t1\tinf\t3\t\tx\n", "longitude inf out of range"),
    ("lat-minus-inf", "gz:b\tBeta\tcity\tSY\t\t-inf\t2\t3\t\tx\n", "latitude -inf out of range"),
    (
        "unknown-kind",
        "gz:b\tBeta\tmetropolis\tSY\t\t1\t2\t3\t\tx\n",
        "unknown kind `metropolis` (known: continent,",
    ),
    (
        "group-kind",
        "gz:b\tBeta\tmilitia\tSY\t\t1\t2\t3\t\tx\n",
        "kind `militia` is a group kind, not a place kind",
    ),
    (
        "quoted-tab",
        "gz:b\t\"Beta\ttown\"\tcity\tSY\t\t1\t2\t3\t\tx\n",
        "11 fields, but the header has 10 (fields are separated by tabs; quotes are not special",
    ),
];

#[test]
fn malformed_place_rows_name_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    for (case, row, message) in BAD_PLACE_ROWS {
        let dir =
            layer(tmp.path(), case, &[("places.tsv", format!("{PLACES}{PLACE}{row}").as_bytes())]);
        assert_error(&check(tmp.path(), &dir), &dir.join("places.tsv"), 3, message);
    }
}

#[test]
fn malformed_group_alias_and_demonym_rows_name_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let places = format!("{PLACES}{PLACE}");
    // (case, file, contents, line, message)
    let cases: &[(&str, &str, String, u64, &str)] = &[
        (
            "group-place-kind",
            "groups.tsv",
            format!("{GROUPS}{GROUP}grp:b\tB\tcity\tSY\t\t\tx\n"),
            3,
            "kind `city` is a place kind, not a group kind",
        ),
        (
            "group-unknown-kind",
            "groups.tsv",
            format!("{GROUPS}{GROUP}grp:b\tB\tgang\tSY\t\t\tx\n"),
            3,
            "unknown kind `gang` (known: armed_group,",
        ),
        (
            "group-unknown-parent",
            "groups.tsv",
            format!("{GROUPS}{GROUP}grp:b\tB\tmilitia\tSY\tgrp:nowhere\t\tx\n"),
            3,
            "unknown parent `grp:nowhere`",
        ),
        (
            "group-too-few",
            "groups.tsv",
            format!("{GROUPS}{GROUP}grp:b\tB\n"),
            3,
            "2 fields, but the header has 7",
        ),
        (
            "group-header",
            "groups.tsv",
            "id\tname\tkind\tcountry\tactive\n".into(),
            1,
            "missing column `parent` in the header (expected: id, name, kind, country, parent, active)",
        ),
        (
            "alias-unknown-id",
            "aliases.tsv",
            format!("{ALIASES}gz:alpha\tAlfa\t\tx\ngz:nowhere\tNowhere\t\tx\n"),
            3,
            "unknown id `gz:nowhere` (not in any places or groups file)",
        ),
        (
            "alias-bad-flag",
            "aliases.tsv",
            format!("{ALIASES}gz:alpha\tAlfa\tcase,bogus\tx\n"),
            2,
            "unknown flag `bogus` (known: case, word, weak, translit)",
        ),
        ("alias-empty", "aliases.tsv", format!("{ALIASES}gz:alpha\t\t\tx\n"), 2, "empty `alias`"),
        (
            "alias-too-few",
            "aliases.tsv",
            format!("{ALIASES}gz:alpha\tAlfa\n"),
            2,
            "2 fields, but the header has 4",
        ),
        (
            "alias-header",
            "aliases.tsv",
            "id\tname\tflags\n".into(),
            1,
            "missing column `alias` in the header",
        ),
        (
            "demonym-unknown-id",
            "demonyms.tsv",
            format!("{DEMONYMS}Alphan\tgz:nowhere\t\tx\n"),
            2,
            "unknown id `gz:nowhere` (not in any places or groups file)",
        ),
        (
            "demonym-empty",
            "demonyms.tsv",
            format!("{DEMONYMS}\tgz:alpha\t\tx\n"),
            2,
            "empty `demonym`",
        ),
        (
            "demonym-place-flag",
            "demonyms.tsv",
            format!("{DEMONYMS}Alphan\tgz:alpha\tcapital\tx\n"),
            2,
            "unknown flag `capital`",
        ),
        (
            "suppress-unknown-id",
            "suppress.tsv",
            "name\tid\nAlpha\tgz:nowhere\n".into(),
            2,
            "unknown id `gz:nowhere`",
        ),
    ];
    for (case, file, contents, line, message) in cases {
        let dir = layer(
            tmp.path(),
            case,
            &[("places.tsv", places.as_bytes()), (file, contents.as_bytes())],
        );
        assert_error(&check(tmp.path(), &dir), &dir.join(file), *line, message);
    }
}

#[test]
fn bad_headers_and_empty_files_are_reported_on_line_one() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "missing-column",
            "id\tname\tkind\tcountry\tadmin1\tlat\tpopulation\tflags\n",
            "missing column `lon` in the header (expected: id, name, kind, country, admin1, lat, lon, population, flags)",
        ),
        (
            "twice",
            "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\tname\n",
            "column `name` appears twice in the header",
        ),
        ("empty", "", "empty file (expected a header row: id, name, kind,"),
        (
            "comma-separated",
            "id,name,kind,country,admin1,lat,lon,population,flags\n",
            "missing column `id` in the header (expected: id, name, kind, country, admin1, lat, \
             lon, population, flags); this header has no tab: is the file comma-separated?",
        ),
        ("blank", "\n\n", "empty file (expected a header row"),
    ];
    for (case, contents, message) in cases {
        let dir = layer(tmp.path(), case, &[("places.tsv", contents.as_bytes())]);
        assert_error(&check(tmp.path(), &dir), &dir.join("places.tsv"), 1, message);
    }
    for (file, header) in
        [("aliases.tsv", ALIASES), ("groups.tsv", GROUPS), ("demonyms.tsv", DEMONYMS)]
    {
        let dir = layer(
            tmp.path(),
            &format!("empty-{file}"),
            &[("places.tsv", format!("{PLACES}{PLACE}").as_bytes()), (file, b"")],
        );
        let first = header.split('\t').next().unwrap();
        let message = format!("empty file (expected a header row: {first},");
        assert_error(&check(tmp.path(), &dir), &dir.join(file), 1, &message);
    }

    // A header alone is an empty table, not an error.
    let dir = layer(tmp.path(), "header-only", &[("places.tsv", PLACES.as_bytes())]);
    let o = check(tmp.path(), &dir);
    assert_ok(&o);
    assert!(text(&o.stdout).contains("ok: 0 entries"), "{}", text(&o.stdout));
}

#[test]
fn a_file_that_is_not_utf8_names_its_line_and_byte() {
    let tmp = tempfile::tempdir().unwrap();
    // Latin-1 "é" in a name on line 3.
    let mut latin1 = format!("{PLACES}{PLACE}").into_bytes();
    latin1.extend_from_slice(b"gz:b\tB\xe9ta\tcity\tSY\t\t1\t2\t3\t\tx\n");
    let offset = PLACES.len() + PLACE.len() + "gz:b\tB".len();
    let dir = layer(tmp.path(), "latin1", &[("places.tsv", &latin1)]);
    assert_error(
        &check(tmp.path(), &dir),
        &dir.join("places.tsv"),
        3,
        &format!(
            "not valid UTF-8 (byte 0xE9 at byte 7 of the line, file offset {offset}); save the file as UTF-8"
        ),
    );

    // The same in an aliases file.
    let mut aliases = ALIASES.as_bytes().to_vec();
    aliases.extend_from_slice(b"gz:alpha\tAlf\xe9\t\tx\n");
    let dir = layer(
        tmp.path(),
        "latin1-alias",
        &[("places.tsv", format!("{PLACES}{PLACE}").as_bytes()), ("aliases.tsv", &aliases)],
    );
    assert_error(
        &check(tmp.path(), &dir),
        &dir.join("aliases.tsv"),
        2,
        "not valid UTF-8 (byte 0xE9",
    );

    // A spreadsheet's "Unicode text" is UTF-16.
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain(format!("{PLACES}{PLACE}").encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = layer(tmp.path(), "utf16", &[("places.tsv", &utf16)]);
    assert_error(
        &check(tmp.path(), &dir),
        &dir.join("places.tsv"),
        1,
        "the file is UTF-16 (a spreadsheet's \"Unicode text\"); save it as UTF-8",
    );
}

#[test]
fn spreadsheet_files_with_a_bom_and_crlf_just_work() {
    let tmp = tempfile::tempdir().unwrap();
    let crlf = |s: &str| s.replace('\n', "\r\n");
    // No `source` column, so the flags column ends each line.
    let places = format!(
        "\u{FEFF}{}",
        crlf(
            "id\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tflags\n\
              gz:alpha\tAlpha\tcity\tSY\t\t35.95\t39.01\t1000\tcapital\n"
        )
    );
    let aliases = format!("\u{FEFF}{}", crlf("id\talias\tflags\ngz:alpha\tALF\tcase\n"));
    let dir = layer(
        tmp.path(),
        "bom-crlf",
        &[("places.tsv", places.as_bytes()), ("aliases.tsv", aliases.as_bytes())],
    );
    let o = check(tmp.path(), &dir);
    assert_ok(&o);
    assert!(text(&o.stdout).contains("ok: 1 entries, 2 names"), "{}", text(&o.stdout));
    let o = gazet(
        tmp.path(),
        &["lookup", "--no-default-gazetteer", "--gazetteer", dir.to_str().unwrap(), "ALF"],
    );
    assert_ok(&o);
    let out = text(&o.stdout);
    assert!(out.contains("gz:alpha") && out.contains("35.95000, 39.01000"), "{out}");
    assert!(!out.contains('\r'), "{out:?}");

    // Lines that end in a lone CR (older Mac spreadsheets) too.
    let cr = format!("{PLACES}{PLACE}").replace('\n', "\r");
    let dir = layer(tmp.path(), "cr", &[("places.tsv", cr.as_bytes())]);
    let o = check(tmp.path(), &dir);
    assert_ok(&o);
    assert!(text(&o.stdout).contains("ok: 1 entries, 1 names"), "{}", text(&o.stdout));

    // An error in a CRLF file still names the right line.
    let bad = format!(
        "\u{FEFF}{}",
        crlf(&format!("{PLACES}{PLACE}gz:b\tB\tcity\tSY\t\t91\t2\t3\t\tx\n"))
    );
    let dir = layer(tmp.path(), "bom-crlf-bad", &[("places.tsv", bad.as_bytes())]);
    assert_error(&check(tmp.path(), &dir), &dir.join("places.tsv"), 3, "latitude 91 out of range");
}

#[test]
fn quotes_are_taken_literally() {
    let tmp = tempfile::tempdir().unwrap();
    let places = format!(
        "{PLACES}{PLACE}gz:b\t\"Beta\" Camp\tvillage\tSY\t\t1\t2\t0\t\tx\n\
         gz:c\tGa\"mma\tvillage\tSY\t\t1\t2\t0\t\tx\n"
    );
    let dir = layer(tmp.path(), "quotes", &[("places.tsv", places.as_bytes())]);
    let o = check(tmp.path(), &dir);
    assert_ok(&o);
    assert!(text(&o.stdout).contains("ok: 3 entries"), "{}", text(&o.stdout));
    let o = gazet(
        tmp.path(),
        &["lookup", "--no-default-gazetteer", "--gazetteer", dir.to_str().unwrap(), "Ga\"mma"],
    );
    assert_ok(&o);
    assert!(text(&o.stdout).contains("gz:c"), "{}", text(&o.stdout));
    let o = gazet(
        tmp.path(),
        &[
            "lookup",
            "--no-default-gazetteer",
            "--gazetteer",
            dir.to_str().unwrap(),
            "\"Beta\" Camp",
        ],
    );
    assert_ok(&o);
    assert!(text(&o.stdout).contains("gz:b"), "{}", text(&o.stdout));
}

#[test]
fn a_place_with_neither_lat_nor_lon_has_no_point() {
    // Both empty is a place without coordinates (only one empty is an
    // error, above): it is matched, and outputs leave lat/lon empty.
    let tmp = tempfile::tempdir().unwrap();
    let places = format!("{PLACES}{PLACE}gz:b\tBeta Ridge\tregion\t\t\t\t\t0\t\tx\n");
    let dir = layer(tmp.path(), "no-point", &[("places.tsv", places.as_bytes())]);
    assert_ok(&check(tmp.path(), &dir));
}

#[test]
fn duplicate_ids_in_a_layer_name_both_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let p = PLACES;
    // Twice in one file.
    let dir =
        layer(tmp.path(), "one-file", &[("places.tsv", format!("{p}{PLACE}{PLACE}").as_bytes())]);
    let file = dir.join("places.tsv");
    let first = format!("duplicate id `gz:alpha` (first at {}:2)", file.display());
    assert_error(&check(tmp.path(), &dir), &file, 3, &first);

    // In two files of the same layer (read in name order).
    let dir = layer(
        tmp.path(),
        "two-files",
        &[
            ("places-a.tsv", format!("{p}{PLACE}").as_bytes()),
            ("places-b.tsv", format!("{p}gz:b\tB\tcity\tSY\t\t1\t1\t0\t\tx\n{PLACE}").as_bytes()),
        ],
    );
    let first =
        format!("duplicate id `gz:alpha` (first at {}:2)", dir.join("places-a.tsv").display());
    assert_error(&check(tmp.path(), &dir), &dir.join("places-b.tsv"), 3, &first);

    // A place and a group of the same layer.
    let dir = layer(
        tmp.path(),
        "place-and-group",
        &[
            ("places.tsv", format!("{p}{PLACE}").as_bytes()),
            (
                "groups.tsv",
                format!("{GROUPS}gz:alpha\tAlpha Front\tarmed_group\t\t\t\tx\n").as_bytes(),
            ),
        ],
    );
    let first =
        format!("duplicate id `gz:alpha` (first at {}:2)", dir.join("places.tsv").display());
    assert_error(&check(tmp.path(), &dir), &dir.join("groups.tsv"), 2, &first);
}

#[test]
fn a_later_layer_replaces_an_entry_with_the_same_id() {
    // The documented layering: not an error.
    let tmp = tempfile::tempdir().unwrap();
    let base = layer(tmp.path(), "base", &[("places.tsv", format!("{PLACES}{PLACE}").as_bytes())]);
    let over = layer(
        tmp.path(),
        "over",
        &[(
            "places.tsv",
            format!("{PLACES}gz:alpha\tAlpha\ttown\tIQ\t\t33.3\t44.4\t0\t\tx\n").as_bytes(),
        )],
    );
    let o = gazet(
        tmp.path(),
        &[
            "lookup",
            "--no-default-gazetteer",
            "--gazetteer",
            base.to_str().unwrap(),
            "--gazetteer",
            over.to_str().unwrap(),
            "Alpha",
        ],
    );
    assert_ok(&o);
    let out = text(&o.stdout);
    assert!(out.contains("33.30000, 44.40000") && !out.contains("35.95000"), "{out}");
}

#[test]
fn extract_and_lookup_report_a_bad_gazetteer_the_same_way() {
    let tmp = tempfile::tempdir().unwrap();
    let places = format!("{PLACES}{PLACE}gz:b\tBeta\tcity\tSY\t\t1\t-181\t3\t\tx\n");
    let dir = layer(tmp.path(), "bad", &[("places.tsv", places.as_bytes())]);
    let article = tmp.path().join("a.txt");
    std::fs::write(&article, "Fighting in Alpha.").unwrap();
    let d = dir.to_str().unwrap();
    let out = tmp.path().join("out");
    for args in [
        vec!["extract", "--gazetteer", d, "-o", out.to_str().unwrap(), article.to_str().unwrap()],
        vec![
            "extract",
            "--jsonl",
            "--no-default-gazetteer",
            "--gazetteer",
            d,
            article.to_str().unwrap(),
        ],
        vec!["lookup", "--gazetteer", d, "Alpha"],
        vec!["gazetteer", "stats", "--gazetteer", d],
    ] {
        let o = gazet(tmp.path(), &args);
        assert_error(&o, &dir.join("places.tsv"), 3, "longitude -181 out of range");
    }
}

/// One line of a GeoNames dump.
fn geonames_line(id: &str, name: &str, lat: &str, lon: &str, pop: &str) -> String {
    format!(
        "{id}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tSY\t\t01\t\t\t\t{pop}\t\t0\tAsia/Damascus\t2024-01-01\n"
    )
}

fn import(tmp: &Path, dump: &Path, alternate_names: Option<&Path>) -> Output {
    let out = tmp.join("imported");
    let mut args = vec![
        "gazetteer",
        "import",
        "--geonames",
        dump.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    if let Some(alt) = alternate_names {
        args.extend(["--alternate-names", alt.to_str().unwrap()]);
    }
    gazet(tmp, &args)
}

#[test]
fn malformed_geonames_lines_stop_the_import_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let good = geonames_line("1", "Tall Tamr", "36.65", "40.37", "0");
    // A Latin-1 "é" (0xE9) in a name: byte 4 of the line.
    let latin1: Vec<u8> = geonames_line("2", "B?", "1", "1", "0")
        .bytes()
        .map(|b| if b == b'?' { 0xE9 } else { b })
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("few-columns", b"2\tonly\tthree\n".to_vec(), "3 columns, a GeoNames dump has 19"),
        (
            "many-columns",
            // A tab in the name (and in the ASCII name).
            geonames_line("2", "A\tB", "1", "1", "0").into_bytes(),
            "21 columns, a GeoNames dump has 19",
        ),
        (
            "bad-id",
            geonames_line("x2", "B", "1", "1", "0").into_bytes(),
            "geonameid `x2` is not a number",
        ),
        (
            "bad-lat",
            geonames_line("2", "B", "north", "1", "0").into_bytes(),
            "latitude `north` is not a number",
        ),
        (
            "bad-lon",
            geonames_line("2", "B", "1", "", "0").into_bytes(),
            "longitude `` is not a number",
        ),
        (
            "lat-91",
            geonames_line("2", "B", "91", "1", "0").into_bytes(),
            "coordinates 91, 1 out of range",
        ),
        (
            "lon-nan",
            geonames_line("2", "B", "1", "NaN", "0").into_bytes(),
            "coordinates 1, NaN out of range",
        ),
        (
            "lon-inf",
            geonames_line("2", "B", "1", "-inf", "0").into_bytes(),
            "coordinates 1, -inf out of range",
        ),
        (
            "bad-population",
            geonames_line("2", "B", "1", "1", "many").into_bytes(),
            "population `many` is not",
        ),
        (
            "twice",
            geonames_line("1", "Tall Tamr", "36.65", "40.37", "0").into_bytes(),
            "geonameid 1 is listed twice (first at line 1)",
        ),
        ("latin1", latin1, "not valid UTF-8 (byte 0xE9 at byte 4 of the line)"),
    ];
    for (case, line, message) in cases {
        let dump = tmp.path().join(format!("{case}.txt"));
        let mut bytes = good.clone().into_bytes();
        bytes.extend(line);
        std::fs::write(&dump, &bytes).unwrap();
        assert_error(&import(tmp.path(), &dump, None), &dump, 2, message);
        assert!(
            !tmp.path().join("imported/places.tsv").exists(),
            "{case}: a failed import leaves no partial file"
        );
    }

    // A file without line breaks is not read into memory whole.
    let dump = tmp.path().join("one-line.txt");
    std::fs::write(&dump, vec![b'x'; (1 << 20) + 10]).unwrap();
    assert_error(&import(tmp.path(), &dump, None), &dump, 1, "line longer than 1048576 bytes");
}

#[test]
fn malformed_alternate_names_lines_stop_the_import_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("SY.txt");
    std::fs::write(&dump, geonames_line("1", "Tall Tamr", "36.65", "40.37", "0")).unwrap();
    let cases: &[(&str, &[u8], &str)] = &[
        ("few", b"10\t1\ten\tTal Tamr\n11\t1\n", "2 columns, alternateNames has at least 4"),
        ("bad-id", b"10\t1\ten\tTal Tamr\n11\tone\ten\tX\n", "geonameid `one` is not a number"),
        (
            "latin1",
            b"10\t1\ten\tTal Tamr\n11\t1\ten\tT\xe9l\n",
            "not valid UTF-8 (byte 0xE9 at byte 10 of the line)",
        ),
    ];
    for (case, contents, message) in cases {
        let alt = tmp.path().join(format!("alt-{case}.txt"));
        std::fs::write(&alt, contents).unwrap();
        assert_error(&import(tmp.path(), &dump, Some(&alt)), &alt, 2, message);
    }
}

#[test]
fn a_crlf_dump_imports_and_alternate_names_are_not_repeated() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("SY.txt");
    let lines = format!(
        "# a comment\n{}{}",
        geonames_line("1", "Tall Tamr", "36.65", "40.37", "0"),
        geonames_line("2", "Raqqa", "35.95", "39.01", "200000"),
    );
    std::fs::write(&dump, lines.replace('\n', "\r\n")).unwrap();
    let alt = tmp.path().join("alt.txt");
    // "tall tamr" is the name already; "Tal Tamr" is new, and listed twice.
    std::fs::write(
        &alt,
        "10\t1\ten\ttall tamr\n11\t1\ten\tTal Tamr\r\n12\t1\tar\tTal Tamr\n13\t99\ten\tElsewhere\n",
    )
    .unwrap();
    let o = import(tmp.path(), &dump, Some(&alt));
    assert_ok(&o);
    assert!(text(&o.stdout).contains("2 places and 1 aliases from 2 rows"), "{}", text(&o.stdout));
    let places = std::fs::read_to_string(tmp.path().join("imported/places.tsv")).unwrap();
    assert!(!places.contains('\r'), "{places:?}");
    assert!(places.contains("gn:2\tRaqqa\tcity\tSY\t\t35.95\t39.01\t200000\t"), "{places}");
    let aliases = std::fs::read_to_string(tmp.path().join("imported/aliases.tsv")).unwrap();
    assert_eq!(aliases, "id\talias\tflags\tsource\ngn:1\tTal Tamr\t\tgeonames:alternateNames\n");
    // And the result loads.
    let o = check(tmp.path(), &tmp.path().join("imported"));
    assert_ok(&o);
}
