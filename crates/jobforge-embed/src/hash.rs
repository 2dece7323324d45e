//! The hash behind the built-in embedder's feature buckets.
//!
//! Vectors are stored and compared across builds, machines and Rust
//! versions, so the hash must never change: `std`'s `DefaultHasher` is
//! explicitly allowed to. FNV-1a (64-bit) is tiny, specified and good enough
//! for short keys; its low bits are weak, so bucket and sign come from a
//! SplitMix64 finaliser applied on top.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_extend(FNV_OFFSET, bytes)
}

/// Continues an FNV-1a hash with more bytes, so a feature made of parts
/// ("kind tag", word, separator, word) hashes without building a string.
pub(crate) fn fnv1a64_extend(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

pub(crate) const FNV_START: u64 = FNV_OFFSET;

/// SplitMix64's finaliser: spreads every input bit over the output.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn extending_equals_hashing_the_concatenation() {
        let parts = fnv1a64_extend(fnv1a64(b"foo"), b"bar");
        assert_eq!(parts, fnv1a64(b"foobar"));
    }

    #[test]
    fn mix_is_pinned() {
        // Pinned so that a change to the mixer (which would silently change
        // every stored vector) fails here first.
        assert_eq!(mix(0), 0);
        assert_eq!(mix(1), 0x5692_161d_100b_05e5);
    }
}
