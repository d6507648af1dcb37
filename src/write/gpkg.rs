//! GeoPackage (OGC GeoPackage 1.3): one SQLite file that QGIS and GDAL open
//! natively, with three tables:
//!
//! - `places`, a point layer (WGS 84, with an R-tree spatial index): one
//!   feature per place and article, with the columns of the entities table
//!   (less `type`, always `place`);
//! - `mentions`, an attribute table with the columns of the mentions CSV;
//! - `entities`, an attribute table with the columns of the entities CSV.
//!
//! Column names, their order and their types come from the records
//! themselves ([`MentionRecord`], [`EntityRecord`]): a field that is a
//! count is an `INTEGER`, a score a `REAL`, a text `TEXT`. A value the
//! record leaves out (`None`) is NULL; an empty text stays `''` (so a column
//! holds NULLs or empty texts, never both).
//!
//! The run is one transaction in a temporary file beside the target, which
//! [`GeoPackage::finish`] renames into place.

use super::csv::EntityRecord;
use super::{EntitySummary, MentionRecord};
use crate::extract::focus::Focus;
use crate::gazetteer::Gazetteer;
use crate::mention::{Mention, MentionType};
use crate::{Error, Result};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::Serialize;
use serde::ser::Impossible;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of a GeoPackage: "GPKG".
const APPLICATION_ID: i32 = 0x4750_4B47;

/// `PRAGMA user_version` of GeoPackage 1.3.0.
const USER_VERSION: i32 = 10300;

/// The spatial reference system of the places: WGS 84, degrees.
const SRS_ID: i32 = 4326;

/// The name of the geometry column of `places`.
const GEOMETRY_COLUMN: &str = "geom";

/// The tables every GeoPackage has, and the spatial reference systems it
/// must define (GeoPackage 1.3, annex C and clause 1.1.2).
const SCHEMA: &str = r#"
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
   'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
   'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326,
   'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
"#;

/// The R-tree spatial index of `places.geom` (extension
/// `gpkg_rtree_index`): the virtual table, filled from the rows written,
/// and the triggers that keep it in step when a client edits the layer.
/// The triggers call functions (`ST_MinX`...) that GeoPackage clients
/// provide, so they are created once the rows are in.
const SPATIAL_INDEX: &str = r#"
CREATE VIRTUAL TABLE rtree_places_geom USING rtree(id, minx, maxx, miny, maxy);
INSERT INTO rtree_places_geom SELECT fid, lon, lon, lat, lat FROM places;
INSERT INTO gpkg_extensions VALUES ('places', 'geom', 'gpkg_rtree_index',
  'http://www.geopackage.org/spec/#extension_rtree', 'write-only');
CREATE TRIGGER rtree_places_geom_insert AFTER INSERT ON places
  WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_places_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;
CREATE TRIGGER rtree_places_geom_update1 AFTER UPDATE OF geom ON places
  WHEN OLD.fid = NEW.fid AND
       (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  INSERT OR REPLACE INTO rtree_places_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;
CREATE TRIGGER rtree_places_geom_update2 AFTER UPDATE OF geom ON places
  WHEN OLD.fid = NEW.fid AND
       (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_places_geom WHERE id = OLD.fid;
END;
CREATE TRIGGER rtree_places_geom_update3 AFTER UPDATE OF geom ON places
  WHEN OLD.fid != NEW.fid AND
       (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_places_geom WHERE id = OLD.fid;
  INSERT OR REPLACE INTO rtree_places_geom VALUES (
    NEW.fid,
    ST_MinX(NEW.geom), ST_MaxX(NEW.geom),
    ST_MinY(NEW.geom), ST_MaxY(NEW.geom)
  );
END;
CREATE TRIGGER rtree_places_geom_update4 AFTER UPDATE ON places
  WHEN OLD.fid != NEW.fid AND
       (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN
  DELETE FROM rtree_places_geom WHERE id IN (OLD.fid, NEW.fid);
END;
CREATE TRIGGER rtree_places_geom_delete AFTER DELETE ON places
  WHEN old.geom NOT NULL
BEGIN
  DELETE FROM rtree_places_geom WHERE id = OLD.fid;
END;
"#;

/// A GeoPackage being written whole or not at all: until
/// [`GeoPackage::finish`], it is a hidden temporary file beside the target,
/// removed if the value is dropped.
pub struct GeoPackage {
    // Declared before `file`: the connection closes before the file goes.
    conn: Connection,
    file: TempDb,
    path: PathBuf,
    mentions: Table,
    entities: Table,
    places: Table,
    /// min x, min y, max x, max y of the places written.
    extent: Option<[f64; 4]>,
}

impl GeoPackage {
    /// Starts writing `path` whole or not at all (a temporary file beside
    /// it, renamed by [`GeoPackage::finish`]; removed if dropped
    /// unfinished).
    ///
    /// # Errors
    /// If no temporary file can be made beside `path`, or SQLite cannot
    /// write it.
    pub fn create(path: &Path) -> Result<GeoPackage> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = super::temp_file_beside(path)?;
        // From here on the file is ours to remove, SQLite's side files too.
        let tmp = tmp.into_temp_path().keep().map_err(|e| Error::io(dir, e.error))?;
        let file = TempDb { path: tmp, renamed: false };
        let conn = Connection::open(&file.path).map_err(|e| db_error(path, e))?;
        let tables = create_tables(&conn).map_err(|e| db_error(path, e))?;
        let [mentions, entities, places] = tables;
        Ok(GeoPackage {
            conn,
            file,
            path: path.to_path_buf(),
            mentions,
            entities,
            places,
            extent: None,
        })
    }

    /// Adds one article: all its mentions, all entity summaries, and the
    /// place summaries the map counts (those without a point are skipped).
    ///
    /// # Errors
    /// If SQLite cannot write the rows (a full disk, say).
    pub fn add_article(
        &mut self,
        gaz: &Gazetteer,
        article: &str,
        mentions: &[Mention],
        summaries: &[EntitySummary],
        places: &[EntitySummary],
        focus: &Focus,
    ) -> Result<()> {
        let (conn, path, extent) = (&self.conn, &self.path, &mut self.extent);
        let rows = mentions.iter().map(|m| (MentionRecord::new(gaz, article, m), None));
        self.mentions.insert(conn, rows, path)?;
        let rows = summaries.iter().map(|s| (EntityRecord::new(gaz, article, s, focus), None));
        self.entities.insert(conn, rows, path)?;
        let rows = places.iter().filter(|s| s.mention_type == MentionType::Place).filter_map(|s| {
            let record = EntityRecord::new(gaz, article, s, focus);
            let (lat, lon) = (record.lat?, record.lon?);
            let e = extent.get_or_insert([lon, lat, lon, lat]);
            *e = [e[0].min(lon), e[1].min(lat), e[2].max(lon), e[3].max(lat)];
            Some((record, Some(point_blob(lon, lat))))
        });
        self.places.insert(conn, rows, path)
    }

    /// Writes the spatial index and the extent, commits, closes, syncs and
    /// renames the file into place.
    ///
    /// # Errors
    /// If SQLite cannot complete the file or the rename fails; the
    /// temporary file is then removed and the target untouched.
    pub fn finish(self) -> Result<()> {
        let GeoPackage { conn, file, path, extent, .. } = self;
        let fail = |e| db_error(&path, e);
        conn.execute_batch(SPATIAL_INDEX).map_err(fail)?;
        let [min_x, min_y, max_x, max_y] = extent.map_or([None; 4], |e| e.map(Some));
        conn.execute(
            "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4
             WHERE table_name = 'places'",
            (min_x, min_y, max_x, max_y),
        )
        .map_err(fail)?;
        conn.execute_batch(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
             COMMIT;",
        )
        .map_err(fail)?;
        conn.close().map_err(|(_, e)| fail(e))?;
        let sync = std::fs::File::open(&file.path).and_then(|f| f.sync_all());
        sync.map_err(|e| Error::io(&path, e))?;
        file.rename(&path).map_err(|e| Error::io(&path, e))
    }
}

/// Wraps an SQLite error with the GeoPackage it concerns.
fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

/// The temporary database file: removed when dropped, with any side file
/// SQLite left beside it, unless renamed into place.
struct TempDb {
    path: PathBuf,
    renamed: bool,
}

impl TempDb {
    /// Renames the file to `to`, where it stays.
    fn rename(mut self, to: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.renamed = true;
        super::temp::forget(&self.path);
        Ok(())
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if self.renamed {
            return;
        }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            // Side files usually do not exist; nothing to report either way.
            let _ = std::fs::remove_file(p);
        }
        super::temp::forget(&self.path);
    }
}

/// Sets the file up as a GeoPackage, opens the run's transaction and
/// creates the mentions, entities and places tables.
fn create_tables(conn: &Connection) -> rusqlite::Result<[Table; 3]> {
    // The file is a temporary one until renamed, so durability while
    // writing does not matter: no journal file, no syncs (one at the end).
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = {USER_VERSION};
         PRAGMA journal_mode = MEMORY;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -65536;
         BEGIN;"
    ))?;
    conn.execute_batch(SCHEMA)?;
    Ok([
        Table::create(conn, "mentions", &mention_probe(), &[], false)?,
        Table::create(conn, "entities", &entity_probe(), &[], false)?,
        Table::create(conn, "places", &entity_probe(), &["type"], true)?,
    ])
}

/// A table of records, one row each, after an integer `fid` (and, for a
/// layer, the point geometry).
struct Table {
    /// The statement that inserts one row.
    insert: String,
    /// The row being inserted (kept to reuse its memory).
    row: Row,
}

impl Table {
    /// Creates table `name` with a column per field of `probe` (less
    /// `omit`), typed by its value, and registers it in `gpkg_contents`:
    /// as a point layer if `layer`, as attributes otherwise.
    fn create<R: Serialize>(
        conn: &Connection,
        name: &str,
        probe: &R,
        omit: &'static [&'static str],
        layer: bool,
    ) -> rusqlite::Result<Table> {
        let mut row = Row::new(omit);
        row.fill(probe).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let mut columns = vec!["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string()];
        let mut names = Vec::new();
        if layer {
            columns.push(format!("\"{GEOMETRY_COLUMN}\" POINT"));
            names.push(format!("\"{GEOMETRY_COLUMN}\""));
        }
        for (field, value) in row.names.iter().zip(&row.values) {
            columns.push(format!("\"{field}\" {}", sql_type(value)));
            names.push(format!("\"{field}\""));
        }
        conn.execute_batch(&format!("CREATE TABLE \"{name}\" ({})", columns.join(", ")))?;
        if layer {
            conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
                 VALUES (?1, 'features', ?1, ?2)",
                (name, SRS_ID),
            )?;
            conn.execute(
                "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, 'POINT', ?3, 0, 0)",
                (name, GEOMETRY_COLUMN, SRS_ID),
            )?;
        } else {
            conn.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier)
                 VALUES (?1, 'attributes', ?1)",
                [name],
            )?;
        }
        let marks = vec!["?"; names.len()].join(", ");
        let insert = format!("INSERT INTO \"{name}\" ({}) VALUES ({marks})", names.join(", "));
        Ok(Table { insert, row })
    }

    /// Inserts `rows`: records, each with its point geometry for a layer.
    fn insert<R: Serialize>(
        &mut self,
        conn: &Connection,
        rows: impl IntoIterator<Item = (R, Option<Vec<u8>>)>,
        path: &Path,
    ) -> Result<()> {
        let mut stmt = conn.prepare_cached(&self.insert).map_err(|e| db_error(path, e))?;
        for (record, geometry) in rows {
            self.row.clear();
            self.row.values.extend(geometry.map(Value::Blob));
            self.row.fill(&record).map_err(|e| Error::io(path, std::io::Error::other(e)))?;
            let values = self.row.values.drain(..);
            stmt.execute(rusqlite::params_from_iter(values)).map_err(|e| db_error(path, e))?;
        }
        Ok(())
    }
}

/// The SQLite type of a column, from a value of it: GDAL reads `INTEGER` as
/// Integer64, `REAL` as Real and `TEXT` as String.
fn sql_type(value: &Value) -> &'static str {
    match value {
        Value::Integer(_) => "INTEGER",
        Value::Real(_) => "REAL",
        Value::Blob(_) => "BLOB",
        Value::Text(_) | Value::Null => "TEXT",
    }
}

/// The fields of a flat record, by serde name and in order, as SQLite
/// values: counts become integers, scores reals, `None` NULL. Filled by
/// serialising the record (see the `Serializer` below); nested values are
/// refused.
struct Row {
    /// Fields left out.
    omit: &'static [&'static str],
    names: Vec<&'static str>,
    values: Vec<Value>,
}

impl Row {
    fn new(omit: &'static [&'static str]) -> Row {
        Row { omit, names: Vec::new(), values: Vec::new() }
    }

    fn clear(&mut self) {
        self.names.clear();
        self.values.clear();
    }

    /// Appends the fields of `record`.
    fn fill<R: Serialize>(&mut self, record: &R) -> serde_json::Result<()> {
        record.serialize(&mut *self)
    }

    fn push(&mut self, value: impl Into<Value>) -> serde_json::Result<()> {
        self.values.push(value.into());
        Ok(())
    }
}

fn not_flat<T>(what: &str) -> serde_json::Result<T> {
    Err(serde::ser::Error::custom(format!("a {what} in a GeoPackage row")))
}

/// A record is a struct: each field adds a name and a value.
impl serde::ser::SerializeStruct for &mut Row {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> serde_json::Result<()> {
        if self.omit.contains(&key) {
            return Ok(());
        }
        self.names.push(key);
        let before = self.values.len();
        value.serialize(&mut **self)?;
        if self.values.len() != before + 1 {
            return not_flat("nested value");
        }
        Ok(())
    }

    fn end(self) -> serde_json::Result<()> {
        Ok(())
    }
}

/// Scalars become one value each; only structs hold fields.
impl serde::Serializer for &mut Row {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeStruct = Self;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Impossible<(), serde_json::Error>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> serde_json::Result<Self> {
        Ok(self)
    }
    fn serialize_bool(self, v: bool) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_i8(self, v: i8) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_i16(self, v: i16) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_i32(self, v: i32) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_i64(self, v: i64) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_u8(self, v: u8) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_u16(self, v: u16) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_u32(self, v: u32) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_u64(self, v: u64) -> serde_json::Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.push(v),
            Err(_) => not_flat("number beyond 64-bit integers"),
        }
    }
    fn serialize_f32(self, v: f32) -> serde_json::Result<()> {
        self.push(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> serde_json::Result<()> {
        self.push(v)
    }
    fn serialize_char(self, v: char) -> serde_json::Result<()> {
        self.push(v.to_string())
    }
    fn serialize_str(self, v: &str) -> serde_json::Result<()> {
        self.push(v.to_string())
    }
    fn serialize_bytes(self, v: &[u8]) -> serde_json::Result<()> {
        self.push(v.to_vec())
    }
    fn serialize_none(self) -> serde_json::Result<()> {
        self.push(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> serde_json::Result<()> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> serde_json::Result<()> {
        self.push(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> serde_json::Result<()> {
        self.push(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> serde_json::Result<()> {
        self.push(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> serde_json::Result<()> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> serde_json::Result<()> {
        not_flat("enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> serde_json::Result<Self::SerializeSeq> {
        not_flat("list")
    }
    fn serialize_tuple(self, _: usize) -> serde_json::Result<Self::SerializeTuple> {
        not_flat("tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> serde_json::Result<Self::SerializeTupleStruct> {
        not_flat("tuple")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> serde_json::Result<Self::SerializeTupleVariant> {
        not_flat("enum with data")
    }
    fn serialize_map(self, _: Option<usize>) -> serde_json::Result<Self::SerializeMap> {
        not_flat("map")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> serde_json::Result<Self::SerializeStructVariant> {
        not_flat("enum with data")
    }
}

/// A mention record with every optional field present, whose values give
/// the column types of the mentions table.
fn mention_probe() -> MentionRecord<'static> {
    MentionRecord {
        article: "".into(),
        start: 0,
        end: 0,
        start_byte: 0,
        end_byte: 0,
        line: 0,
        surface: "".into(),
        mention_type: "",
        entity_id: "".into(),
        name: "".into(),
        kind: "",
        country: Some("".into()),
        admin1: Some("".into()),
        lat: Some(0.0),
        lon: Some(0.0),
        method: "",
        score: 0.0,
        role: "",
        related: Some("".into()),
        uncertainty_km: Some(0.0),
        context: "".into(),
    }
}

/// An entity record with every optional field present, whose values give
/// the column types of the entities and places tables.
fn entity_probe() -> EntityRecord<'static> {
    EntityRecord {
        article: "".into(),
        entity_id: "".into(),
        mention_type: "",
        name: "".into(),
        kind: "",
        country: Some("".into()),
        admin1: Some("".into()),
        lat: Some(0.0),
        lon: Some(0.0),
        mentions: 0,
        surfaces: String::new(),
        first_start: 0,
        method: "",
        score: 0.0,
        groups: String::new(),
        focus: "",
    }
}

/// A point as a GeoPackage geometry blob: the header (magic `GP`, version
/// 0, flags: little-endian, no envelope, as the standard recommends for
/// points; the srs id) and then the point in little-endian WKB.
fn point_blob(lon: f64, lat: f64) -> Vec<u8> {
    const LITTLE_ENDIAN: u8 = 1;
    const WKB_POINT: u32 = 1;
    let mut b = Vec::with_capacity(29);
    b.extend_from_slice(b"GP");
    b.push(0);
    b.push(LITTLE_ENDIAN); // envelope bits 1-3 = 0: none
    b.extend_from_slice(&SRS_ID.to_le_bytes());
    b.push(LITTLE_ENDIAN);
    b.extend_from_slice(&WKB_POINT.to_le_bytes());
    b.extend_from_slice(&lon.to_le_bytes());
    b.extend_from_slice(&lat.to_le_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::csv::{ENTITY_COLUMNS, MENTION_COLUMNS};
    use crate::write::summarize;
    use crate::{Article, Extractor, GazetteerBuilder};

    const TEXT: &str = "ISIS fighters left Raqqah for Deir Ezzor province. \
        The Raqqa Civil Council met in Raqqah. Syrian and Iraqi officials visited Aleppo.";

    fn gazetteer() -> Gazetteer {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gazetteer");
        GazetteerBuilder::new().no_default().add_dir(&dir).and_then(|b| b.build()).unwrap()
    }

    /// Writes `articles` (id, text) to `dir/gazet.gpkg`, as the extract
    /// command does, and returns the total mentions, summaries and places.
    fn write(gaz: &Gazetteer, dir: &Path, articles: &[(&str, &str)]) -> (usize, usize, usize) {
        let ex = Extractor::new(gaz);
        let mut gp = GeoPackage::create(&dir.join("gazet.gpkg")).unwrap();
        let mut counts = (0, 0, 0);
        for (id, text) in articles {
            let article = Article {
                id: id.to_string(),
                source: PathBuf::from("test.txt"),
                line: None,
                title: None,
                text: text.to_string(),
                encoding: Default::default(),
            };
            let analysis = ex.analyze(&article);
            let summaries = summarize(gaz, &analysis.mentions);
            gp.add_article(gaz, id, &analysis.mentions, &summaries, &summaries, &analysis.focus)
                .unwrap();
            counts.0 += analysis.mentions.len();
            counts.1 += summaries.len();
            counts.2 += summaries
                .iter()
                .filter(|s| s.mention_type == MentionType::Place)
                .filter(|s| gaz.entry(s.entry).coord.is_some())
                .count();
        }
        gp.finish().unwrap();
        counts
    }

    fn count(conn: &Connection, sql: &str) -> usize {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Decodes a point blob (header without envelope) into [lon, lat].
    fn decode_point(blob: &[u8]) -> [f64; 2] {
        assert_eq!(&blob[..2], b"GP", "magic");
        assert_eq!(blob[2], 0, "version");
        let flags = blob[3];
        assert_eq!(flags & 1, 1, "little-endian header");
        assert_eq!((flags >> 1) & 0b111, 0, "no envelope");
        assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
        let wkb = &blob[8..];
        assert_eq!(wkb.len(), 21);
        assert_eq!(wkb[0], 1, "little-endian WKB");
        assert_eq!(u32::from_le_bytes(wkb[1..5].try_into().unwrap()), 1, "WKB Point");
        let x = f64::from_le_bytes(wkb[5..13].try_into().unwrap());
        let y = f64::from_le_bytes(wkb[13..21].try_into().unwrap());
        [x, y]
    }

    #[test]
    fn gpkg_is_a_geopackage_with_three_tables() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        let (mentions, summaries, places) =
            write(&gaz, dir.path(), &[("a1", TEXT), ("a2", "Fighting near Tabqa."), ("a3", "")]);
        assert!(mentions >= 6 && places >= 3, "too few test inputs: {mentions} {places}");
        assert_eq!(files(dir.path()), ["gazet.gpkg"], "temporary files left");

        let conn = Connection::open(dir.path().join("gazet.gpkg")).unwrap();
        let pragma = |p: &str| conn.pragma_query_value(None, p, |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(pragma("application_id"), 0x4750_4B47);
        assert_eq!(pragma("user_version"), 10300);
        assert_eq!(count(&conn, "SELECT count(*) FROM gpkg_spatial_ref_sys"), 3);
        let contents: Vec<(String, String, Option<i64>)> = conn
            .prepare("SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY table_name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let want = [
            ("entities", "attributes", None),
            ("mentions", "attributes", None),
            ("places", "features", Some(4326)),
        ];
        let want: Vec<(String, String, Option<i64>)> =
            want.iter().map(|&(t, d, s)| (t.into(), d.into(), s)).collect();
        assert_eq!(contents, want);
        assert_eq!(count(&conn, "SELECT count(*) FROM mentions"), mentions);
        assert_eq!(count(&conn, "SELECT count(*) FROM entities"), summaries);
        assert_eq!(count(&conn, "SELECT count(*) FROM places"), places);
        assert_eq!(count(&conn, "SELECT count(*) FROM rtree_places_geom"), places);
        assert_eq!(count(&conn, "SELECT count(*) FROM mentions WHERE article = 'a2'"), 1);
    }

    #[test]
    fn gpkg_columns_are_the_csv_columns() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        write(&gaz, dir.path(), &[("a1", TEXT)]);
        let conn = Connection::open(dir.path().join("gazet.gpkg")).unwrap();
        let columns = |table: &str| -> Vec<(String, String)> {
            conn.prepare(&format!("SELECT name, type FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let names = |cols: &[(String, String)]| -> Vec<String> {
            cols.iter().map(|c| c.0.clone()).collect()
        };
        let mentions = columns("mentions");
        let mut want = vec!["fid".to_string()];
        want.extend(MENTION_COLUMNS.iter().map(|c| c.to_string()));
        assert_eq!(names(&mentions), want);
        let entities = columns("entities");
        let mut want = vec!["fid".to_string()];
        want.extend(ENTITY_COLUMNS.iter().map(|c| c.to_string()));
        assert_eq!(names(&entities), want);
        let places = columns("places");
        let mut want = vec!["fid".to_string(), "geom".to_string()];
        want.extend(ENTITY_COLUMNS.iter().filter(|c| **c != "type").map(|c| c.to_string()));
        assert_eq!(names(&places), want);

        let type_of = |cols: &[(String, String)], name: &str| {
            cols.iter().find(|c| c.0 == name).map(|c| c.1.clone()).unwrap()
        };
        for (name, ty) in [
            ("start", "INTEGER"),
            ("score", "REAL"),
            ("lat", "REAL"),
            ("uncertainty_km", "REAL"),
            ("country", "TEXT"),
            ("related", "TEXT"),
            ("context", "TEXT"),
        ] {
            assert_eq!(type_of(&mentions, name), ty, "mentions.{name}");
        }
        for (name, ty) in [("mentions", "INTEGER"), ("score", "REAL"), ("focus", "TEXT")] {
            assert_eq!(type_of(&entities, name), ty, "entities.{name}");
            assert_eq!(type_of(&places, name), ty, "places.{name}");
        }
        assert_eq!(type_of(&places, "geom"), "POINT");
    }

    #[test]
    fn gpkg_probes_leave_no_column_untyped() {
        let mut row = Row::new(&[]);
        row.fill(&mention_probe()).unwrap();
        row.fill(&entity_probe()).unwrap();
        assert_eq!(row.names.len(), MENTION_COLUMNS.len() + ENTITY_COLUMNS.len());
        for (name, value) in row.names.iter().zip(&row.values) {
            assert_ne!(*value, Value::Null, "{name} is None in its probe");
        }
    }

    #[test]
    fn gpkg_rows_refuse_nested_values() {
        #[derive(Serialize)]
        struct Nested {
            name: &'static str,
            list: Vec<u32>,
        }
        let err = Row::new(&[]).fill(&Nested { name: "x", list: vec![1] }).unwrap_err();
        assert_eq!(err.to_string(), "a list in a GeoPackage row");
    }

    #[test]
    fn gpkg_points_decode_to_the_gazetteer_coordinates() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        write(&gaz, dir.path(), &[("a1", TEXT)]);
        let conn = Connection::open(dir.path().join("gazet.gpkg")).unwrap();
        let (blob, lat, lon): (Vec<u8>, f64, f64) = conn
            .query_row("SELECT geom, lat, lon FROM places WHERE entity_id = 't:aleppo'", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(decode_point(&blob), [37.16117, 36.20124]);
        assert_eq!([lon, lat], [37.16117, 36.20124]);
        // The extent covers every point.
        let extent: [f64; 4] = conn
            .query_row(
                "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'places'",
                [],
                |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
            )
            .unwrap();
        let mut stmt = conn.prepare("SELECT geom FROM places").unwrap();
        let points: Vec<[f64; 2]> = stmt
            .query_map([], |r| r.get::<_, Vec<u8>>(0))
            .unwrap()
            .map(|b| decode_point(&b.unwrap()))
            .collect();
        assert!(points.len() >= 3);
        for [x, y] in points {
            assert!(extent[0] <= x && x <= extent[2] && extent[1] <= y && y <= extent[3]);
        }
        assert!(points_touch_extent(&conn, extent));
    }

    /// Whether some place lies on each side of the extent (it is tight).
    fn points_touch_extent(conn: &Connection, e: [f64; 4]) -> bool {
        let sql = "SELECT count(*) FROM places WHERE lon = ?1 OR lat = ?2 OR lon = ?3 OR lat = ?4";
        let n: i64 = conn.query_row(sql, (e[0], e[1], e[2], e[3]), |r| r.get(0)).unwrap();
        n >= 2
    }

    #[test]
    fn gpkg_absent_values_are_null_and_empty_texts_empty() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        write(&gaz, dir.path(), &[("a1", TEXT)]);
        let conn = Connection::open(dir.path().join("gazet.gpkg")).unwrap();
        // Groups have no point: NULL, not 0.
        assert_eq!(count(&conn, "SELECT count(*) FROM mentions WHERE type = 'group'"), 2);
        let sql = "SELECT count(*) FROM mentions WHERE type = 'group' AND lat IS NULL";
        assert_eq!(count(&conn, sql), 2);
        // An entity that is not the focus has '' as focus, never NULL.
        assert_eq!(count(&conn, "SELECT count(*) FROM entities WHERE focus IS NULL"), 0);
        assert!(count(&conn, "SELECT count(*) FROM entities WHERE focus = ''") > 0);
    }

    #[test]
    fn gpkg_dropped_unfinished_leaves_nothing() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("gazet.gpkg");
        std::fs::write(&target, "an earlier run").unwrap();
        let mut gp = GeoPackage::create(&target).unwrap();
        let mentions = Extractor::new(&gaz).extract(TEXT);
        let summaries = summarize(&gaz, &mentions);
        gp.add_article(&gaz, "a1", &mentions, &summaries, &summaries, &Focus::default()).unwrap();
        let tmp = files(dir.path());
        assert_eq!(tmp.len(), 2, "{tmp:?}");
        assert!(tmp.iter().any(|f| f.starts_with(".gazet-") && f.ends_with(".tmp")), "{tmp:?}");
        drop(gp);
        assert_eq!(files(dir.path()), ["gazet.gpkg"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "an earlier run");
    }

    #[test]
    fn gpkg_replaces_an_earlier_file() {
        let gaz = gazetteer();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gazet.gpkg"), "an earlier run").unwrap();
        let (mentions, _, _) = write(&gaz, dir.path(), &[("a1", TEXT)]);
        let conn = Connection::open(dir.path().join("gazet.gpkg")).unwrap();
        assert_eq!(count(&conn, "SELECT count(*) FROM mentions"), mentions);
        assert_eq!(files(dir.path()), ["gazet.gpkg"]);
    }

    #[test]
    fn gpkg_names_the_folder_it_cannot_write() {
        let err = GeoPackage::create(Path::new("/nonexistent/folder/gazet.gpkg")).err().unwrap();
        assert!(err.to_string().starts_with("/nonexistent/folder: "), "{err}");
    }
}
