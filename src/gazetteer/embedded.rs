//! The default gazetteer, compiled into the binary so that `gazet` needs
//! no files beside it. A test checks that every `.tsv` in `gazetteer/` is
//! listed here.

/// `(file name, contents)` of every embedded gazetteer file.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../../gazetteer/places.tsv")),
    ("places-curated.tsv", include_str!("../../gazetteer/places-curated.tsv")),
    ("groups.tsv", include_str!("../../gazetteer/groups.tsv")),
    ("aliases.tsv", include_str!("../../gazetteer/aliases.tsv")),
    ("aliases-curated.tsv", include_str!("../../gazetteer/aliases-curated.tsv")),
    ("demonyms.tsv", include_str!("../../gazetteer/demonyms.tsv")),
    ("demonyms-curated.tsv", include_str!("../../gazetteer/demonyms-curated.tsv")),
];

/// The embedded gazetteer's version.
pub(crate) const VERSION: &str = include_str!("../../gazetteer/VERSION");
