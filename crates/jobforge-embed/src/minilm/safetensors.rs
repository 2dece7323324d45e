//! A reader for the safetensors format, enough for MiniLM's weights.
//!
//! The format: an 8-byte little-endian header length `N`, `N` bytes of JSON
//! mapping each tensor name to its `dtype`, `shape` and `data_offsets`
//! (`[begin, end)`, relative to the byte after the header), then the raw
//! little-endian data. An optional `__metadata__` entry holds strings.
//!
//! The file comes from a download the user may have interrupted or a folder
//! they picked by hand, so nothing in it is trusted: every offset and shape
//! is checked against the file's length before anything is read, and every
//! refusal names the file and, where there is one, the tensor.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::EmbedError;

/// The format's own limit on the header (100 MB); a larger length means a
/// file that is not safetensors at all, and reading it would only waste
/// memory.
const MAX_HEADER_BYTES: u64 = 100_000_000;

/// Where one tensor's bytes are and what they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TensorInfo {
    pub dtype: String,
    pub shape: Vec<usize>,
    /// Absolute byte range in the file (header already skipped).
    start: u64,
    end: u64,
}

/// An open safetensors file whose header has been read and checked; tensor
/// data is read on demand, so only the tensors asked for are in memory.
pub(crate) struct SafeTensors {
    path: PathBuf,
    file: File,
    tensors: HashMap<String, TensorInfo>,
}

/// Bytes per element of the dtypes the format defines; `None` for one this
/// reader does not know (still range-checked, never read).
fn dtype_size(dtype: &str) -> Option<u64> {
    Some(match dtype {
        "BOOL" | "U8" | "I8" | "F8_E5M2" | "F8_E4M3" => 1,
        "I16" | "U16" | "F16" | "BF16" => 2,
        "I32" | "U32" | "F32" => 4,
        "I64" | "U64" | "F64" => 8,
        _ => return None,
    })
}

impl SafeTensors {
    /// Opens `path` and checks its header. Fails on a missing or unreadable
    /// file, a header that is not the format's JSON, and any tensor whose
    /// bytes fall outside the file or do not match its dtype and shape.
    pub fn open(path: &Path) -> Result<Self, EmbedError> {
        let invalid = |reason: String| EmbedError::ModelFileInvalid {
            path: path.to_owned(),
            reason,
        };
        let unreadable = |error: std::io::Error| EmbedError::ModelFileUnreadable {
            path: path.to_owned(),
            reason: error.to_string(),
        };
        let mut file = File::open(path).map_err(unreadable)?;
        let file_len = file.metadata().map_err(unreadable)?.len();
        if file_len < 8 {
            return Err(invalid(format!(
                "it is {file_len} bytes long, too short for a safetensors file"
            )));
        }
        let mut length_bytes = [0u8; 8];
        file.read_exact(&mut length_bytes).map_err(unreadable)?;
        let header_len = u64::from_le_bytes(length_bytes);
        if header_len > MAX_HEADER_BYTES || header_len > file_len - 8 {
            return Err(invalid(format!(
                "its header claims {header_len} bytes but the file has {file_len}; it is cut short or not a safetensors file"
            )));
        }
        // Bounded by MAX_HEADER_BYTES above, so the cast cannot truncate.
        let mut header = vec![0u8; header_len as usize];
        file.read_exact(&mut header).map_err(unreadable)?;
        let data_start = 8 + header_len;
        let data_len = file_len - data_start;
        let tensors = parse_header(&header, data_start, data_len).map_err(invalid)?;
        Ok(Self {
            path: path.to_owned(),
            file,
            tensors,
        })
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tensors.contains_key(name)
    }

    #[cfg(test)]
    pub fn info(&self, name: &str) -> Option<&TensorInfo> {
        self.tensors.get(name)
    }

    /// Reads tensor `name`, which must be F32 of exactly `shape`, as a
    /// row-major vector. Refuses non-finite values: a weight of NaN or
    /// infinity only ever comes from a damaged file and would poison every
    /// vector the model makes.
    pub fn read_f32(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
        let invalid = |reason: String| EmbedError::ModelFileInvalid {
            path: self.path.clone(),
            reason,
        };
        let info = self
            .tensors
            .get(name)
            .ok_or_else(|| invalid(format!("it has no tensor {name}")))?
            .clone();
        if info.dtype != "F32" {
            return Err(invalid(format!(
                "tensor {name} is stored as {}, and only F32 weights are supported (the standard all-MiniLM-L6-v2 model.safetensors is F32)",
                info.dtype
            )));
        }
        if info.shape != shape {
            return Err(invalid(format!(
                "tensor {name} has shape {:?}, expected {shape:?}",
                info.shape
            )));
        }
        // The header check proved end - start = 4 × elements and that the
        // range lies inside the file.
        let byte_len = usize::try_from(info.end - info.start)
            .map_err(|_| invalid(format!("tensor {name} is too large for this machine")))?;
        let mut bytes = vec![0u8; byte_len];
        self.file
            .seek(SeekFrom::Start(info.start))
            .and_then(|_| self.file.read_exact(&mut bytes))
            .map_err(|error| EmbedError::ModelFileUnreadable {
                path: self.path.clone(),
                reason: format!("reading tensor {name}: {error}"),
            })?;
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(invalid(format!(
                "tensor {name} holds a value that is not a finite number (element {index})"
            )));
        }
        Ok(values)
    }
}

/// Parses and checks the JSON header. `data_start` is the absolute offset
/// of the data section, `data_len` its length. Errors are reasons, without
/// the file name, which the caller adds.
fn parse_header(
    header: &[u8],
    data_start: u64,
    data_len: u64,
) -> Result<HashMap<String, TensorInfo>, String> {
    let json: serde_json::Value = serde_json::from_slice(header)
        .map_err(|e| format!("its header is not valid JSON ({e})"))?;
    let entries = json
        .as_object()
        .ok_or("its header is not a JSON object of tensors")?;
    let mut tensors = HashMap::with_capacity(entries.len());
    for (name, entry) in entries {
        if name == "__metadata__" {
            continue;
        }
        let bad = |what: &str| format!("the header entry for tensor {name} {what}");
        let dtype = entry
            .get("dtype")
            .and_then(|v| v.as_str())
            .ok_or_else(|| bad("has no dtype"))?
            .to_owned();
        let shape = entry
            .get("shape")
            .and_then(|v| v.as_array())
            .ok_or_else(|| bad("has no shape"))?
            .iter()
            .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| bad("has a shape that is not a list of sizes"))?;
        let offsets = entry
            .get("data_offsets")
            .and_then(|v| v.as_array())
            .filter(|v| v.len() == 2)
            .and_then(|v| Some((v[0].as_u64()?, v[1].as_u64()?)))
            .ok_or_else(|| bad("has no data_offsets [begin, end]"))?;
        let (begin, end) = offsets;
        if begin > end {
            return Err(bad(&format!(
                "has data_offsets [{begin}, {end}] that run backwards"
            )));
        }
        if end > data_len {
            return Err(format!(
                "tensor {name} ends at byte {end} of the data but the file holds only {data_len} bytes of data; the file is cut short (an interrupted download?)"
            ));
        }
        if let Some(size) = dtype_size(&dtype) {
            let expected = shape
                .iter()
                .try_fold(size, |acc, &d| acc.checked_mul(d as u64))
                .ok_or_else(|| bad("has a shape too large to be real"))?;
            if end - begin != expected {
                return Err(format!(
                    "tensor {name} holds {} bytes but a {dtype} tensor of shape {shape:?} needs {expected}",
                    end - begin
                ));
            }
        }
        tensors.insert(
            name.clone(),
            TensorInfo {
                dtype,
                shape,
                start: data_start + begin,
                end: data_start + end,
            },
        );
    }
    Ok(tensors)
}

/// Writes a safetensors file of F32 tensors: the tests' way of making small
/// models and damaged copies without a real download.
#[cfg(test)]
pub(crate) fn write_f32(path: &Path, tensors: &[(&str, Vec<usize>, &[f32])]) {
    let mut header = serde_json::Map::new();
    let mut data = Vec::new();
    for (name, shape, values) in tensors {
        let begin = data.len();
        for v in *values {
            data.extend_from_slice(&v.to_le_bytes());
        }
        header.insert(
            (*name).to_owned(),
            serde_json::json!({"dtype": "F32", "shape": shape, "data_offsets": [begin, data.len()]}),
        );
    }
    let header = serde_json::Value::Object(header).to_string().into_bytes();
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(&header);
    bytes.extend_from_slice(&data);
    std::fs::write(path, bytes).expect("write test safetensors");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_file(dir: &Path, header: &str, data: &[u8]) -> PathBuf {
        let path = dir.join("model.safetensors");
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    fn reason(error: EmbedError) -> String {
        match error {
            EmbedError::ModelFileInvalid { reason, .. } => reason,
            other => panic!("expected ModelFileInvalid, got {other:?}"),
        }
    }

    #[test]
    fn reads_back_f32_tensors_and_skips_metadata_and_other_dtypes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("model.safetensors");
        write_f32(
            &path,
            &[
                ("a", vec![2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
                ("b", vec![1], &[-0.5]),
            ],
        );
        let mut file = SafeTensors::open(&path).expect("open");
        assert_eq!(
            file.read_f32("a", &[2, 3]).expect("a"),
            [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
        );
        assert_eq!(file.read_f32("b", &[1]).expect("b"), [-0.5]);
        assert_eq!(file.info("a").map(|i| i.shape.clone()), Some(vec![2, 3]));

        // An I64 tensor (BERT's position_ids) and metadata are accepted and
        // range-checked but only F32 is ever read.
        let path = raw_file(
            dir.path(),
            r#"{"__metadata__":{"format":"pt"},"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#,
            &[0; 16],
        );
        let mut file = SafeTensors::open(&path).expect("open");
        assert!(file.contains("ids"));
        let error = reason(file.read_f32("ids", &[2]).expect_err("not f32"));
        assert!(error.contains("tensor ids is stored as I64"), "{error}");
    }

    #[test]
    fn a_cut_short_file_names_the_tensor_past_the_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("model.safetensors");
        write_f32(&path, &[("w", vec![4], &[1.0, 2.0, 3.0, 4.0])]);
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 3]).expect("truncate");
        let error = SafeTensors::open(&path).err().expect("must fail");
        let message = error.to_string();
        assert!(message.contains("model.safetensors"), "{message}");
        let why = reason(error);
        assert!(why.contains("tensor w ends at byte 16"), "{why}");
        assert!(why.contains("cut short"), "{why}");

        // Cut inside the header, and inside the length prefix.
        std::fs::write(&path, &bytes[..20]).expect("truncate");
        let error = reason(SafeTensors::open(&path).err().expect("must fail"));
        assert!(error.contains("header claims"), "{error}");
        std::fs::write(&path, &bytes[..5]).expect("truncate");
        let error = reason(SafeTensors::open(&path).err().expect("must fail"));
        assert!(error.contains("too short"), "{error}");
    }

    #[test]
    fn malformed_headers_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (header, data_len, expected) in [
            ("not json", 0, "not valid JSON"),
            ("[1, 2]", 0, "not a JSON object"),
            (
                r#"{"w":{"shape":[1],"data_offsets":[0,4]}}"#,
                4,
                "has no dtype",
            ),
            (
                r#"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                4,
                "not a list of sizes",
            ),
            (
                r#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}}"#,
                4,
                "no data_offsets",
            ),
            (
                r#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
                4,
                "run backwards",
            ),
            (
                r#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
                4,
                "holds 4 bytes but a F32 tensor of shape [2] needs 8",
            ),
            (
                r#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}"#,
                4,
                "too large",
            ),
        ] {
            let path = raw_file(dir.path(), header, &vec![0; data_len]);
            let error = reason(SafeTensors::open(&path).err().expect(header));
            assert!(error.contains(expected), "{header}: {error}");
        }
    }

    #[test]
    fn wrong_shape_missing_tensor_and_nan_are_refused_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("model.safetensors");
        write_f32(
            &path,
            &[
                ("w", vec![2, 2], &[1.0; 4]),
                ("n", vec![2], &[1.0, f32::NAN]),
            ],
        );
        let mut file = SafeTensors::open(&path).expect("open");
        let error = reason(file.read_f32("w", &[4, 1]).expect_err("shape"));
        assert!(
            error.contains("tensor w has shape [2, 2], expected [4, 1]"),
            "{error}"
        );
        let error = reason(file.read_f32("missing", &[1]).expect_err("missing"));
        assert!(error.contains("no tensor missing"), "{error}");
        let error = reason(file.read_f32("n", &[2]).expect_err("nan"));
        assert!(
            error.contains("tensor n holds a value that is not a finite"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_file_is_unreadable_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = SafeTensors::open(&dir.path().join("absent.safetensors"))
            .err()
            .expect("must fail");
        assert!(
            matches!(error, EmbedError::ModelFileUnreadable { .. }),
            "{error:?}"
        );
    }
}
