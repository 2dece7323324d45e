//! Turning an embedder's cosine into a 0–100 similarity people can read.
//!
//! Cosines are not comparable across embedders. The built-in embedder
//! (signed feature hashing) gives two unrelated texts about 0 and a
//! resume line that plainly answers a responsibility rarely more than 0.5:
//! most features of two different sentences are different words. Neural
//! sentence models put almost any two English sentences at 0.1–0.3 and
//! paraphrases at 0.7 and above. A fixed mapping would make the built-in
//! embedder look like a poor fit everywhere, or a neural one like a good
//! fit everywhere; so each embedder family has its own range, from the
//! cosine that means "unrelated" (mapped to 0) to the one that means "says
//! the same thing" (mapped to 100), linear in between.
//!
//! The range is taken from the embedder's id (its family name), since the
//! [`Embedder`](jobforge_embed::Embedder) trait has no say in it; a caller
//! that measured better values passes its own in
//! [`MatchSettings`](crate::MatchSettings).

use jobforge_embed::EmbedderId;

use crate::MatchError;

/// How an embedder's similarities are read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Cosine at or below which two texts count as unrelated (0).
    pub unrelated: f32,
    /// Cosine at or above which two texts count as saying the same (100).
    pub strong: f32,
    /// The embedder compares words, not meanings (feature hashing): two
    /// short texts without a word in common can still land on the same
    /// hash buckets ("gRPC APIs between services" and "BLS, ACLS" have a
    /// cosine of 0.53 with the built-in embedder). With such an embedder a
    /// line close in meaning is evidence only if it also shares a word with
    /// what it answers.
    pub word_based: bool,
}

/// Families and their ranges: the first whose name fragment the embedder's
/// name contains wins.
///
/// - `builtin-hash`: measured on this crate's evaluation set
///   (`tests/eval/`): the best cosine of each responsibility with a chunk of
///   a resume from another field has a median of 0.06 (a generic word or
///   two in common) and a 90th percentile of 0.12; with the resume written
///   for the posting, a median of 0.37 and an upper quartile of 0.42.
///   0.06 → 0 and 0.46 → 100 reads the first as unrelated, the second as
///   about 80 (`similarity_is_calibrated_for_the_builtin_embedder` in
///   `tests/eval.rs` holds the component to that).
/// - The neural families are provisional, not measured here (no model in
///   the test environment): typical ranges reported for these models, where
///   unrelated English sentences score higher the more the model's training
///   compressed its space (nomic) and paraphrases 0.7–0.9. Measure them on
///   the evaluation set when a model is available and replace them.
const FAMILIES: &[(&str, Calibration)] = &[
    (
        "builtin-hash",
        Calibration {
            unrelated: 0.06,
            strong: 0.46,
            word_based: true,
        },
    ),
    (
        "minilm",
        Calibration {
            unrelated: 0.15,
            strong: 0.65,
            word_based: false,
        },
    ),
    (
        "text-embedding-3",
        Calibration {
            unrelated: 0.20,
            strong: 0.60,
            word_based: false,
        },
    ),
    (
        "nomic-embed",
        Calibration {
            unrelated: 0.40,
            strong: 0.75,
            word_based: false,
        },
    ),
];

/// For an embedder no entry names: a middle-of-the-road neural range.
const UNKNOWN_FAMILY: Calibration = Calibration {
    unrelated: 0.20,
    strong: 0.70,
    word_based: false,
};

impl Calibration {
    /// A range of one's own; `unrelated` must be below `strong`, both in [-1, 1].
    pub fn new(unrelated: f32, strong: f32, word_based: bool) -> Result<Self, MatchError> {
        let valid = unrelated.is_finite()
            && strong.is_finite()
            && (-1.0..=1.0).contains(&unrelated)
            && (-1.0..=1.0).contains(&strong)
            && strong - unrelated >= 0.01;
        if valid {
            Ok(Self {
                unrelated,
                strong,
                word_based,
            })
        } else {
            Err(MatchError::InvalidCalibration { unrelated, strong })
        }
    }

    /// The range for an embedder, by its family (see the table above).
    pub fn for_embedder(id: &EmbedderId) -> Self {
        let name = id.name.to_lowercase();
        FAMILIES
            .iter()
            .find(|(fragment, _)| name.contains(fragment))
            .map_or(UNKNOWN_FAMILY, |(_, calibration)| *calibration)
    }

    /// A cosine as 0–100 on this range.
    pub fn scale(&self, cosine: f32) -> f32 {
        if !cosine.is_finite() {
            return 0.0;
        }
        let share = (cosine - self.unrelated) / (self.strong - self.unrelated);
        (share * 100.0).clamp(0.0, 100.0)
    }

    /// "cosine 0.06 → 0, 0.46 → 100", for explanations.
    pub fn describe(&self) -> String {
        format!("cosine {:.2} → 0, {:.2} → 100", self.unrelated, self.strong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> EmbedderId {
        text.parse().expect("test id")
    }

    #[test]
    fn the_builtin_embedder_reads_on_a_lower_range_than_neural_models() {
        let builtin = Calibration::for_embedder(&id("builtin-hash-v1/384"));
        let minilm = Calibration::for_embedder(&id("all-MiniLM-L6-v2-v1/384"));
        assert!(builtin.strong < minilm.strong);
        assert!(builtin.word_based && !minilm.word_based);
        // The same cosine means more from the built-in embedder.
        assert!(builtin.scale(0.4) > minilm.scale(0.4) + 20.0);
        let unknown = Calibration::for_embedder(&id("someone-elses-model-v3/1024"));
        assert_eq!(unknown, UNKNOWN_FAMILY);
    }

    #[test]
    fn scaling_is_linear_and_clamped() {
        let calibration = Calibration::new(0.1, 0.5, false).expect("valid");
        assert_eq!(calibration.scale(0.1), 0.0);
        assert_eq!(calibration.scale(-0.3), 0.0);
        assert!((calibration.scale(0.3) - 50.0).abs() < 1e-3);
        assert_eq!(calibration.scale(0.9), 100.0);
        assert_eq!(calibration.scale(f32::NAN), 0.0);
    }

    #[test]
    fn an_inverted_or_non_finite_range_is_refused() {
        assert!(Calibration::new(0.5, 0.1, false).is_err());
        assert!(Calibration::new(0.2, 0.2, false).is_err());
        assert!(Calibration::new(f32::NAN, 0.5, false).is_err());
        assert!(Calibration::new(0.0, 1.5, false).is_err());
    }
}
