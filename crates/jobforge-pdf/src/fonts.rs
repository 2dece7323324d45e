//! The fonts the PDF writer embeds: one sans-serif family found on the
//! system (or in `JOBFORGE_PDF_FONT_DIR`), never shipped with the app.
//!
//! Only TrueType-outline faces (a `glyf` table) are accepted: the writer
//! embeds them as `CIDFontType2` with `FontFile2`, which every PDF reader and
//! ATS parser handles. CFF-based `.otf` files and `.ttc` collections are
//! skipped rather than half-supported.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

/// The environment variable that points discovery at a folder of `.ttf`
/// files instead of the system's font folders.
pub const FONT_DIR_ENV: &str = "JOBFORGE_PDF_FONT_DIR";

/// Folder walks stop after this many entries, so a huge or looping font tree
/// (symlinked folders) cannot stall an export.
const MAX_WALK_ENTRIES: usize = 50_000;
const MAX_WALK_DEPTH: usize = 8;
/// Font files larger than this are not read (a Latin sans face is well under
/// 2 MB; big files are CJK or emoji fonts we do not want as the body face).
const MAX_FONT_BYTES: u64 = 40 * 1024 * 1024;
/// When a folder has no known family, at most this many `.ttf` files are
/// parsed to find one.
const MAX_GENERIC_FILES: usize = 400;

/// The four styles of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub const ALL: [FontStyle; 4] = [
        FontStyle::Regular,
        FontStyle::Bold,
        FontStyle::Italic,
        FontStyle::BoldItalic,
    ];

    pub fn from_flags(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, FontStyle::Bold | FontStyle::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, FontStyle::Italic | FontStyle::BoldItalic)
    }

    pub(crate) fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FontStyle::Regular => "regular",
            FontStyle::Bold => "bold",
            FontStyle::Italic => "italic",
            FontStyle::BoldItalic => "bold italic",
        }
    }
}

/// One validated TrueType face: its bytes and where they came from.
#[derive(Clone)]
pub struct FontFace {
    data: Arc<[u8]>,
    /// The file path, or "(in memory)"; for messages and logs.
    source: String,
    postscript_name: String,
}

impl FontFace {
    /// Checks that `data` is a single TrueType-outline face the writer can
    /// embed: it parses, has `glyf` outlines, allows embedding, and has the
    /// few glyphs every document needs (space, letters, and `?`, the
    /// stand-in for characters no face has).
    pub fn from_bytes(data: Vec<u8>, source: impl Into<String>) -> Result<FontFace, FontError> {
        let source = source.into();
        let invalid = |reason: &str| FontError::Invalid {
            font: source.clone(),
            reason: reason.to_owned(),
        };
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| FontError::Invalid {
            font: source.clone(),
            reason: format!("not a TrueType/OpenType font ({e})"),
        })?;
        if face.tables().glyf.is_none() {
            return Err(invalid(
                "it has no TrueType (glyf) outlines; use a .ttf font instead of a CFF-based .otf",
            ));
        }
        if face.permissions() == Some(ttf_parser::Permissions::Restricted) {
            return Err(invalid(
                "its licence does not allow embedding it in documents",
            ));
        }
        for ch in [' ', 'a', 'A', '?'] {
            if face.glyph_index(ch).is_none() {
                return Err(invalid(&format!(
                    "it has no glyph for {ch:?}, so it cannot set ordinary text"
                )));
            }
        }
        let postscript_name = postscript_name(&face).unwrap_or_else(|| "JobForgeFont".to_owned());
        Ok(FontFace {
            data: Arc::from(data),
            source,
            postscript_name,
        })
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Where the face was loaded from (a path, or "(in memory)").
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The face's PostScript name (ASCII, no spaces), used as the PDF
    /// `BaseFont`.
    pub fn postscript_name(&self) -> &str {
        &self.postscript_name
    }
}

impl fmt::Debug for FontFace {
    // The bytes are megabytes of noise in a log; the source says which face.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontFace")
            .field("source", &self.source)
            .field("postscript_name", &self.postscript_name)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// A family of up to four faces. The regular face is required.
///
/// **Missing faces are synthesised, not substituted silently:** bold text
/// with no bold face is drawn from the regular face with a thin outline
/// stroke added (fill-and-stroke rendering), italic text with no italic face
/// is the regular (or bold) face slanted by about 12°, and bold italic uses
/// whichever of bold/italic exists with the other synthesised. The text
/// itself (what extraction returns) is the same either way.
#[derive(Debug, Clone)]
pub struct FontSet {
    family: String,
    regular: FontFace,
    bold: Option<FontFace>,
    italic: Option<FontFace>,
    bold_italic: Option<FontFace>,
}

impl FontSet {
    /// Builds a set from font bytes (each a `.ttf` file's contents).
    pub fn from_bytes(
        regular: Vec<u8>,
        bold: Option<Vec<u8>>,
        italic: Option<Vec<u8>>,
        bold_italic: Option<Vec<u8>>,
    ) -> Result<FontSet, FontError> {
        let load = |data: Option<Vec<u8>>| {
            data.map(|d| FontFace::from_bytes(d, "(in memory)"))
                .transpose()
        };
        let regular = FontFace::from_bytes(regular, "(in memory)")?;
        let family = family_name_of(regular.data()).unwrap_or_else(|| "unnamed".to_owned());
        Ok(FontSet {
            family,
            regular,
            bold: load(bold)?,
            italic: load(italic)?,
            bold_italic: load(bold_italic)?,
        })
    }

    /// Finds a sans-serif family on this system.
    ///
    /// If `JOBFORGE_PDF_FONT_DIR` is set (and not empty) only that folder is
    /// searched, as [`FontSet::from_dir`] does. Otherwise the system's font
    /// folders are searched for, in order of preference: Liberation Sans,
    /// Arimo, Carlito, DejaVu Sans, Noto Sans, Arial, Helvetica (`.ttf`
    /// files only); the first family with a usable regular face wins.
    ///
    /// This walks font folders and reads four files: call it once and keep
    /// the set for later exports.
    pub fn discover() -> Result<FontSet, FontError> {
        Self::discover_from(std::env::var_os(FONT_DIR_ENV))
    }

    /// [`FontSet::discover`] with the value of `JOBFORGE_PDF_FONT_DIR` given
    /// (`None` or empty: unset), so the rule is testable without changing
    /// the process's environment.
    fn discover_from(font_dir: Option<std::ffi::OsString>) -> Result<FontSet, FontError> {
        if let Some(dir) = font_dir.filter(|v| !v.is_empty()) {
            let dir = PathBuf::from(dir);
            tracing::debug!(dir = %dir.display(), "looking for fonts in {FONT_DIR_ENV}");
            return FontSet::from_dir(&dir).map_err(|e| match e {
                FontError::NoneInDir { dir } => FontError::NoneInEnvDir { dir },
                FontError::ReadDir { dir, source } => FontError::EnvDirUnreadable { dir, source },
                other => other,
            });
        }
        let dirs = system_font_dirs();
        let index = FileIndex::build(&dirs);
        if let Some(set) = index.best_known_family() {
            return Ok(set);
        }
        let searched = dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Err(FontError::NotFound { searched })
    }

    /// Finds a family in `dir` (searched recursively): one of the preferred
    /// families by file name first, otherwise the first family (by name)
    /// among the `.ttf` files there that has a regular face.
    pub fn from_dir(dir: &Path) -> Result<FontSet, FontError> {
        let meta = std::fs::metadata(dir).map_err(|source| FontError::ReadDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(FontError::ReadDir {
                dir: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        let index = FileIndex::build(&[dir.to_path_buf()]);
        if let Some(set) = index.best_known_family() {
            return Ok(set);
        }
        index.generic_family().ok_or_else(|| FontError::NoneInDir {
            dir: dir.to_path_buf(),
        })
    }

    /// The family name (from the regular face's name table).
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The face for `style`, if the family has one (the regular face always
    /// exists).
    pub fn face(&self, style: FontStyle) -> Option<&FontFace> {
        match style {
            FontStyle::Regular => Some(&self.regular),
            FontStyle::Bold => self.bold.as_ref(),
            FontStyle::Italic => self.italic.as_ref(),
            FontStyle::BoldItalic => self.bold_italic.as_ref(),
        }
    }

    pub fn regular(&self) -> &FontFace {
        &self.regular
    }

    fn from_faces(family: String, regular: FontFace, mut others: [Option<FontFace>; 4]) -> FontSet {
        FontSet {
            family,
            regular,
            bold: others[FontStyle::Bold.index()].take(),
            italic: others[FontStyle::Italic.index()].take(),
            bold_italic: others[FontStyle::BoldItalic.index()].take(),
        }
    }
}

#[derive(Debug, Error)]
pub enum FontError {
    #[error(
        "no usable sans-serif font found (looked for Liberation Sans, Arimo, Carlito, DejaVu Sans, \
         Noto Sans, Arial or Helvetica as .ttf files in: {searched}); install one (for example \
         `sudo apt install fonts-liberation2`) or set {FONT_DIR_ENV} to a folder with .ttf files"
    )]
    NotFound { searched: String },
    #[error(
        "no usable TrueType font in {}: it needs at least a regular-style .ttf file with \
         TrueType outlines (for example LiberationSans-Regular.ttf)", dir.display()
    )]
    NoneInDir { dir: PathBuf },
    #[error(
        "{FONT_DIR_ENV} points at {}, which has no usable TrueType font: put .ttf files there \
         (for example LiberationSans-Regular.ttf) or unset {FONT_DIR_ENV} to use the system's \
         fonts", dir.display()
    )]
    NoneInEnvDir { dir: PathBuf },
    #[error(
        "{FONT_DIR_ENV} points at {}, which cannot be read ({source}); correct the path or unset \
         {FONT_DIR_ENV} to use the system's fonts", dir.display()
    )]
    EnvDirUnreadable {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the font folder {}: {source}", dir.display())]
    ReadDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the font file {}: {source}", path.display())]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the font {font} cannot be used: {reason}")]
    Invalid { font: String, reason: String },
}

/// A preferred family and the file names its faces have on Linux, macOS and
/// Windows (compared case-insensitively).
struct KnownFamily {
    name: &'static str,
    /// Regular, bold, italic, bold italic.
    files: [&'static [&'static str]; 4],
}

const KNOWN_FAMILIES: &[KnownFamily] = &[
    KnownFamily {
        name: "Liberation Sans",
        files: [
            &["LiberationSans-Regular.ttf"],
            &["LiberationSans-Bold.ttf"],
            &["LiberationSans-Italic.ttf"],
            &["LiberationSans-BoldItalic.ttf"],
        ],
    },
    KnownFamily {
        name: "Arimo",
        files: [
            &["Arimo-Regular.ttf"],
            &["Arimo-Bold.ttf"],
            &["Arimo-Italic.ttf"],
            &["Arimo-BoldItalic.ttf"],
        ],
    },
    KnownFamily {
        name: "Carlito",
        files: [
            &["Carlito-Regular.ttf"],
            &["Carlito-Bold.ttf"],
            &["Carlito-Italic.ttf"],
            &["Carlito-BoldItalic.ttf"],
        ],
    },
    KnownFamily {
        name: "DejaVu Sans",
        files: [
            &["DejaVuSans.ttf"],
            &["DejaVuSans-Bold.ttf"],
            &["DejaVuSans-Oblique.ttf"],
            &["DejaVuSans-BoldOblique.ttf"],
        ],
    },
    KnownFamily {
        name: "Noto Sans",
        files: [
            &["NotoSans-Regular.ttf"],
            &["NotoSans-Bold.ttf"],
            &["NotoSans-Italic.ttf"],
            &["NotoSans-BoldItalic.ttf"],
        ],
    },
    KnownFamily {
        name: "Arial",
        files: [
            &["arial.ttf", "Arial.ttf"],
            &["arialbd.ttf", "Arial Bold.ttf"],
            &["ariali.ttf", "Arial Italic.ttf"],
            &["arialbi.ttf", "Arial Bold Italic.ttf"],
        ],
    },
    KnownFamily {
        name: "Helvetica",
        files: [
            &["Helvetica.ttf"],
            &["Helvetica-Bold.ttf", "Helvetica Bold.ttf"],
            &["Helvetica-Oblique.ttf", "Helvetica Oblique.ttf"],
            &["Helvetica-BoldOblique.ttf", "Helvetica Bold Oblique.ttf"],
        ],
    },
];

/// The `.ttf` files under some folders, by lower-cased file name (first
/// found wins; folders are walked in sorted order so the choice is stable).
struct FileIndex {
    by_name: BTreeMap<String, PathBuf>,
}

impl FileIndex {
    fn build(roots: &[PathBuf]) -> FileIndex {
        let mut by_name = BTreeMap::new();
        let mut budget = MAX_WALK_ENTRIES;
        for root in roots {
            walk(root, 0, &mut budget, &mut by_name);
        }
        FileIndex { by_name }
    }

    fn find(&self, names: &[&str]) -> Option<&PathBuf> {
        names
            .iter()
            .find_map(|n| self.by_name.get(&n.to_ascii_lowercase()))
    }

    fn best_known_family(&self) -> Option<FontSet> {
        for family in KNOWN_FAMILIES {
            let Some(regular_path) = self.find(family.files[0]) else {
                continue;
            };
            let regular = match load_face(regular_path) {
                Ok(face) => face,
                Err(e) => {
                    tracing::warn!(family = family.name, error = %e, "skipping font family");
                    continue;
                }
            };
            let mut faces: [Option<FontFace>; 4] = Default::default();
            for style in [FontStyle::Bold, FontStyle::Italic, FontStyle::BoldItalic] {
                let Some(path) = self.find(family.files[style.index()]) else {
                    continue;
                };
                match load_face(path) {
                    Ok(face) => faces[style.index()] = Some(face),
                    Err(e) => tracing::warn!(
                        family = family.name,
                        style = style.name(),
                        error = %e,
                        "face unusable; it will be synthesised from the regular face"
                    ),
                }
            }
            tracing::info!(
                family = family.name,
                bold = faces[1].is_some(),
                italic = faces[2].is_some(),
                bold_italic = faces[3].is_some(),
                "PDF font family chosen"
            );
            return Some(FontSet::from_faces(family.name.to_owned(), regular, faces));
        }
        None
    }

    /// No preferred family: parse the `.ttf` files (a bounded number) and
    /// take the first family by name that has a usable regular face.
    fn generic_family(&self) -> Option<FontSet> {
        let mut families: BTreeMap<String, [Option<FontFace>; 4]> = BTreeMap::new();
        for path in self.by_name.values().take(MAX_GENERIC_FILES) {
            let face = match load_face(path) {
                Ok(face) => face,
                Err(e) => {
                    tracing::debug!(error = %e, "skipping font file");
                    continue;
                }
            };
            let Ok(parsed) = ttf_parser::Face::parse(face.data(), 0) else {
                continue;
            };
            let Some(family) = family_name(&parsed) else {
                continue;
            };
            let style =
                FontStyle::from_flags(parsed.is_bold(), parsed.is_italic() || parsed.is_oblique());
            let slot = &mut families.entry(family).or_default()[style.index()];
            if slot.is_none() {
                *slot = Some(face);
            }
        }
        families.into_iter().find_map(|(family, mut faces)| {
            let regular = faces[FontStyle::Regular.index()].take()?;
            tracing::info!(family = %family, "PDF font family chosen from font folder");
            Some(FontSet::from_faces(family, regular, faces))
        })
    }
}

fn walk(dir: &Path, depth: usize, budget: &mut usize, out: &mut BTreeMap<String, PathBuf>) {
    if depth > MAX_WALK_DEPTH || *budget == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        // `metadata` follows symlinks: Linux font folders are full of them.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, depth + 1, budget, out);
        } else if meta.is_file() {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            if lower.ends_with(".ttf") {
                out.entry(lower).or_insert(path);
            }
        }
    }
}

fn load_face(path: &Path) -> Result<FontFace, FontError> {
    let read_err = |source| FontError::ReadFile {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(read_err)?.len();
    if len > MAX_FONT_BYTES {
        return Err(FontError::Invalid {
            font: path.display().to_string(),
            reason: format!("it is {len} bytes, too large for a text face"),
        });
    }
    let data = std::fs::read(path).map_err(read_err)?;
    FontFace::from_bytes(data, path.display().to_string())
}

fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    if cfg!(target_os = "windows") {
        let windir = std::env::var_os("WINDIR")
            .or_else(|| std::env::var_os("SystemRoot"))
            .filter(|w| !w.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA").filter(|l| !l.is_empty()) {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(home) = &home {
            dirs.push(home.join("Library/Fonts"));
        }
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        match std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
            Some(xdg) => dirs.push(PathBuf::from(xdg).join("fonts")),
            None => {
                if let Some(home) = &home {
                    dirs.push(home.join(".local/share/fonts"));
                }
            }
        }
        if let Some(home) = &home {
            dirs.push(home.join(".fonts"));
        }
    }
    dirs
}

fn name_entry(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id)
        .find_map(|n| n.to_string())
        .filter(|s| !s.trim().is_empty())
}

fn family_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    name_entry(face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .or_else(|| name_entry(face, ttf_parser::name_id::FAMILY))
}

fn family_name_of(data: &[u8]) -> Option<String> {
    ttf_parser::Face::parse(data, 0)
        .ok()
        .and_then(|f| family_name(&f))
}

/// The PostScript name, reduced to the characters a PDF name may carry
/// without escapes.
fn postscript_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    let raw =
        name_entry(face, ttf_parser::name_id::POST_SCRIPT_NAME).or_else(|| family_name(face))?;
    let clean: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(60)
        .collect();
    (!clean.is_empty()).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu";
    const LIBERATION: &str = "/usr/share/fonts/truetype/liberation2";

    /// Copies `names` from `from` into `to` (optionally renamed).
    fn copy(from: &str, to: &Path, names: &[(&str, &str)]) {
        for (name, as_name) in names {
            std::fs::copy(Path::new(from).join(name), to.join(as_name)).unwrap_or_else(|e| {
                panic!("copy {from}/{name} (install fonts-dejavu-core and fonts-liberation2): {e}")
            });
        }
    }

    const DEJAVU_FILES: [(&str, &str); 4] = [
        ("DejaVuSans.ttf", "DejaVuSans.ttf"),
        ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
        ("DejaVuSans-Oblique.ttf", "DejaVuSans-Oblique.ttf"),
        ("DejaVuSans-BoldOblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ];

    #[test]
    fn a_folder_of_dejavu_copies_gives_all_four_styles() {
        let dir = tempfile::tempdir().expect("temp dir");
        copy(DEJAVU, dir.path(), &DEJAVU_FILES);
        let set = FontSet::from_dir(dir.path()).expect("found");
        assert_eq!(set.family(), "DejaVu Sans");
        for style in FontStyle::ALL {
            assert!(set.face(style).is_some(), "{style:?}");
        }
        assert_eq!(set.regular().postscript_name(), "DejaVuSans");
        assert!(
            set.face(FontStyle::Italic)
                .is_some_and(|f| f.source().ends_with("DejaVuSans-Oblique.ttf"))
        );
    }

    #[test]
    fn liberation_sans_is_preferred_over_dejavu_wherever_it_sits() {
        let dir = tempfile::tempdir().expect("temp dir");
        copy(DEJAVU, dir.path(), &DEJAVU_FILES);
        let nested = dir.path().join("truetype/liberation2");
        std::fs::create_dir_all(&nested).expect("mkdir");
        copy(
            LIBERATION,
            &nested,
            &[
                ("LiberationSans-Regular.ttf", "LiberationSans-Regular.ttf"),
                ("LiberationSans-Bold.ttf", "LiberationSans-Bold.ttf"),
            ],
        );
        let set = FontSet::from_dir(dir.path()).expect("found");
        assert_eq!(set.family(), "Liberation Sans");
        assert!(set.face(FontStyle::Bold).is_some());
        // No italic files: italics will be synthesised from these faces.
        assert!(set.face(FontStyle::Italic).is_none());
        assert!(set.face(FontStyle::BoldItalic).is_none());
    }

    #[test]
    fn fonts_with_unknown_file_names_are_recognised_by_their_name_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        copy(
            DEJAVU,
            dir.path(),
            &[
                ("DejaVuSans.ttf", "body.ttf"),
                ("DejaVuSans-Bold.ttf", "body-heavy.TTF"),
            ],
        );
        std::fs::write(dir.path().join("broken.ttf"), b"not a font at all").expect("write");
        let set = FontSet::from_dir(dir.path()).expect("found");
        assert_eq!(set.family(), "DejaVu Sans");
        assert!(set.face(FontStyle::Bold).is_some());
        assert!(set.face(FontStyle::Italic).is_none());
    }

    #[test]
    fn an_empty_folder_says_what_to_put_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("junk.ttf"), [0u8; 64]).expect("write");
        std::fs::write(dir.path().join("readme.txt"), b"fonts go here").expect("write");
        let err = FontSet::from_dir(dir.path()).expect_err("nothing usable");
        assert!(matches!(err, FontError::NoneInDir { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.contains(".ttf") && message.contains("regular"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_folder_is_a_read_error_naming_it() {
        let err = FontSet::from_dir(Path::new("/nonexistent/jobforge-fonts")).expect_err("missing");
        assert!(matches!(err, FontError::ReadDir { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/jobforge-fonts"));
    }

    #[test]
    fn bytes_that_are_not_a_truetype_font_are_refused_with_a_reason() {
        let err = FontSet::from_bytes(b"%PDF-1.7".to_vec(), None, None, None).expect_err("refused");
        assert!(
            err.to_string().contains("not a TrueType/OpenType font"),
            "{err}"
        );
        let regular = std::fs::read(Path::new(DEJAVU).join("DejaVuSans.ttf")).expect("read");
        let err =
            FontSet::from_bytes(regular, Some(vec![1, 2, 3]), None, None).expect_err("bad bold");
        assert!(matches!(err, FontError::Invalid { .. }));
    }

    #[test]
    fn discover_honours_the_font_dir_variable() {
        let dir = tempfile::tempdir().expect("temp dir");
        copy(DEJAVU, dir.path(), &DEJAVU_FILES);
        let found = FontSet::discover_from(Some(dir.path().into())).expect("found");
        assert_eq!(found.family(), "DejaVu Sans");

        let empty = tempfile::tempdir().expect("temp dir");
        let result = FontSet::discover_from(Some(empty.path().into()))
            .expect_err("no fonts")
            .to_string();
        assert!(result.contains(FONT_DIR_ENV), "{result}");
        assert!(result.contains("unset"), "{result}");

        let missing = empty.path().join("no-such-folder");
        let result = FontSet::discover_from(Some(missing.into_os_string()))
            .expect_err("missing folder")
            .to_string();
        assert!(
            result.contains(FONT_DIR_ENV) && result.contains("correct the path"),
            "{result}"
        );
    }
}
