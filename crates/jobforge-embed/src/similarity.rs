//! Cosine similarity and the brute-force nearest-neighbour scan: the
//! reference the sqlite-vec index is measured against.

use std::cmp::Ordering;

/// Cosine of the angle between `a` and `b`, in [-1, 1]. Vectors of
/// different lengths come from different embedders and are not comparable;
/// they, and zero vectors (texts with nothing to embed), give 0.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let (mut dot, mut aa, mut bb) = (0.0f32, 0.0f32, 0.0f32);
    for (&x, &y) in a.iter().zip(b) {
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa <= 0.0 || bb <= 0.0 {
        return 0.0;
    }
    let value = dot / (aa.sqrt() * bb.sqrt());
    if value.is_nan() {
        0.0
    } else {
        value.clamp(-1.0, 1.0)
    }
}

/// Scales `vector` to unit length; a zero vector stays zero.
pub fn l2_normalise(vector: &mut [f32]) {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 && norm.is_finite() {
        for v in vector.iter_mut() {
            *v /= norm;
        }
    }
}

/// The `k` items most similar to `query` by [`cosine`], best first, with
/// their scores. Ties keep the items' order, so the answer is deterministic.
/// A plain scan over every item: the baseline the vector index must beat.
pub fn top_k<'a, I>(query: &[f32], items: &'a [(I, Vec<f32>)], k: usize) -> Vec<(&'a I, f32)> {
    if k == 0 || items.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, f32)> = items
        .iter()
        .enumerate()
        .map(|(index, (_, vector))| (index, cosine(query, vector)))
        .collect();
    let better = |a: &(usize, f32), b: &(usize, f32)| -> Ordering {
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
    };
    // Partial selection first: with 100,000 items and k = 10, sorting
    // everything would be most of the work.
    if k < scored.len() {
        scored.select_nth_unstable_by(k - 1, better);
        scored.truncate(k);
    }
    scored.sort_by(better);
    scored
        .into_iter()
        .map(|(index, score)| (&items[index].0, score))
        .collect()
}

/// The `k` rows of `matrix` (unit vectors of `dimension` floats, one after
/// another) with the largest dot product with `query`, best first, as (row,
/// score). The fastest plain scan there is without SIMD intrinsics: one
/// pass over contiguous memory, a running top-k. The vector benchmark's
/// baseline.
pub fn top_k_unit_rows(
    query: &[f32],
    matrix: &[f32],
    dimension: usize,
    k: usize,
) -> Vec<(usize, f32)> {
    if k == 0 || dimension == 0 || query.len() != dimension {
        return Vec::new();
    }
    let mut best: Vec<(usize, f32)> = Vec::with_capacity(k + 1);
    for (row, vector) in matrix.chunks_exact(dimension).enumerate() {
        // Eight independent sums let the compiler vectorise the loop.
        let mut sums = [0.0f32; 8];
        let mut lanes = vector.chunks_exact(8).zip(query.chunks_exact(8));
        for (a, b) in &mut lanes {
            for i in 0..8 {
                sums[i] += a[i] * b[i];
            }
        }
        let tail: f32 = vector
            .chunks_exact(8)
            .remainder()
            .iter()
            .zip(query.chunks_exact(8).remainder())
            .map(|(a, b)| a * b)
            .sum();
        let score = sums.iter().sum::<f32>() + tail;
        if best.len() < k || best.last().is_some_and(|last| score > last.1) {
            let at = best.partition_point(|(_, s)| *s >= score);
            best.insert(at, (row, score));
            best.truncate(k);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_scan_finds_the_best_rows_in_order() {
        let matrix = [1.0, 0.0, 0.0, 1.0, 0.6, 0.8, -1.0, 0.0];
        let best = top_k_unit_rows(&[0.8, 0.6], &matrix, 2, 2);
        assert_eq!(best.iter().map(|b| b.0).collect::<Vec<_>>(), [2, 0]);
        assert!((best[0].1 - 0.96).abs() < 1e-6);
        assert!(top_k_unit_rows(&[1.0], &matrix, 2, 2).is_empty());
    }

    #[test]
    fn cosine_of_parallel_orthogonal_and_opposite_vectors() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
        assert!((cosine(&[1.0, 1.0], &[-1.0, -1.0]) + 1.0).abs() < 1e-6);
    }

    #[test]
    fn cosine_with_zero_or_mismatched_vectors_is_zero() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
        assert_eq!(cosine(&[1.0, 0.0], &[1.0, 0.0, 0.0]), 0.0);
        assert_eq!(cosine(&[], &[]), 0.0);
    }

    #[test]
    fn l2_normalise_gives_unit_length_and_leaves_zero_alone() {
        let mut v = vec![3.0, 4.0];
        l2_normalise(&mut v);
        assert_eq!(v, [0.6, 0.8]);
        let mut zero = vec![0.0; 4];
        l2_normalise(&mut zero);
        assert_eq!(zero, [0.0; 4]);
    }

    #[test]
    fn top_k_returns_the_best_first_and_agrees_with_a_full_sort() {
        // Deterministic pseudo-random vectors.
        let mut state = 7u64;
        let mut next = || {
            state = crate::hash::mix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        let items: Vec<(u32, Vec<f32>)> = (0..500)
            .map(|id| (id, (0..16).map(|_| next()).collect()))
            .collect();
        let query: Vec<f32> = (0..16).map(|_| next()).collect();

        let mut all: Vec<(u32, f32)> = items
            .iter()
            .map(|(id, v)| (*id, cosine(&query, v)))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        let top = top_k(&query, &items, 10);
        let got: Vec<(u32, f32)> = top.iter().map(|(id, s)| (**id, *s)).collect();
        assert_eq!(got, all[..10]);
        assert!(got.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn top_k_handles_k_zero_k_beyond_len_and_ties_in_order() {
        let items = vec![
            ("a", vec![1.0, 0.0]),
            ("b", vec![1.0, 0.0]),
            ("c", vec![0.0, 1.0]),
        ];
        assert!(top_k(&[1.0, 0.0], &items, 0).is_empty());
        let ids: Vec<&str> = top_k(&[1.0, 0.0], &items, 10)
            .into_iter()
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }
}
