//! Small, forgiving accessors over lopdf objects: every lookup follows
//! references and answers `None` for anything missing or of the wrong type,
//! because a reader of untrusted files must treat every key as optional.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Follows references to the object they point at (`Null` if dangling).
pub(super) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match doc.dereference(object) {
        Ok((_, target)) => target,
        Err(_) => &Object::Null,
    }
}

/// The id of the object a value refers to, if it is a reference.
pub(super) fn reference_id(object: &Object) -> Option<ObjectId> {
    object.as_reference().ok()
}

pub(super) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let object = resolve(doc, dict.get(key).ok()?);
    (!object.is_null()).then_some(object)
}

/// A dictionary value, or a stream's dictionary (some writers make font
/// descriptors and resources streams by mistake).
pub(super) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

pub(super) fn as_dict(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

pub(super) fn get_stream<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Stream> {
    get(doc, dict, key)?.as_stream().ok()
}

pub(super) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    get(doc, dict, key)?.as_name().ok()
}

pub(super) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    get(doc, dict, key)?.as_array().ok().map(Vec::as_slice)
}

pub(super) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    number(get(doc, dict, key)?)
}

/// An integer or real as `f32`; non-finite values count as missing.
pub(super) fn number(object: &Object) -> Option<f32> {
    object.as_float().ok().filter(|n| n.is_finite())
}

/// An array of numbers (a matrix, a rectangle), resolving each element.
pub(super) fn numbers(doc: &Document, items: &[Object]) -> Vec<f32> {
    items
        .iter()
        .filter_map(|item| number(resolve(doc, item)))
        .collect()
}

/// A stream's decoded bytes, bounded so a compressed bomb cannot exhaust
/// memory. `None` if the filters fail or the bound is hit.
pub(super) fn stream_bytes(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    match stream.get_plain_content_with_limit(limit) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            tracing::debug!(%error, "stream could not be decoded; skipping it");
            None
        }
    }
}
