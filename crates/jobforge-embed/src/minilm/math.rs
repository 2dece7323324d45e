//! `exp` for softmax and `erf` for GELU, written so the compiler can
//! vectorise the loops that call them.
//!
//! Softmax and GELU evaluate `exp` and `erf` about 1,800 and 1,500 times per
//! token and layer. Through the platform's `expf` and `libm::erff`, which
//! branch and are called one value at a time, the two took a third of the
//! model's running time, as much as half the matrix products. These
//! versions have no branches, no calls and no tables, only arithmetic,
//! comparisons and bit casts, so a loop over a slice becomes SIMD code, and
//! are about as accurate as f32 allows:
//!
//! - [`exp_neg`]: `2^k · e^r` with `k` the nearest integer to `x / ln 2`
//!   (found by the add-and-subtract-1.5·2²³ rounding trick), `r` the
//!   remainder (|r| ≤ ln 2 / 2, with ln 2 split in two so `k · ln 2` is
//!   exact), `e^r` by its Taylor series to the 7th power (truncation error
//!   below 1e-8, less than the rounding of f32), and `2^k` built directly
//!   as the bits of a float. Largest relative error measured: 9.9e-8.
//! - [`erf`]: `x · P(2x² − 1)` below |x| = 1 and `1 − e^(−x²) · Q(s)` from
//!   1 to 4 (`Q` fits erfc(x)·e^(x²), a smooth function of `s = 12/(2+x) −
//!   3`), 1 beyond (erf(4) rounds to 1 in f32). The coefficients are
//!   least-squares Chebyshev fits made by `tests/minilm_erf_fit.py`. The
//!   largest absolute error, measured below against f64 every 1/65536 from
//!   −6 to 6, is 9.0e-8 (`libm::erff`: 5.5e-8), under two units in the last
//!   place of results just below 1.

/// The power series and ln 2's split are facts of arithmetic; these names
/// only make the code below readable.
const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 = LN2_HI + LN2_LO, LN2_HI with few enough significant bits that
/// `k · LN2_HI` is exact for the |k| ≤ 126 used here.
const LN2_HI: f32 = 0.693_145_75;
const LN2_LO: f32 = 1.428_606_8e-6;
/// 1.5 · 2²³: adding it to a float below 2²² in magnitude rounds to an
/// integer, and the integer can be read from the sum's low bits.
const ROUNDER: f32 = 12_582_912.0;

/// e^x for x ≤ 0 (softmax after subtracting the maximum, erf's e^(−x²)).
/// Below −87 the result is clamped to about 1.6e-38 instead of going
/// subnormal: next to the softmax maximum's weight of 1 that is zero. NaN
/// stays NaN, so a broken input still surfaces in the output's check.
#[inline]
pub(crate) fn exp_neg(x: f32) -> f32 {
    // Not `max`, which would turn NaN into -87.
    let x = if x < -87.0 { -87.0 } else { x };
    let shifted = x * LOG2_E + ROUNDER;
    let k = shifted - ROUNDER;
    // Same binade as ROUNDER, so the difference of the bit patterns is k.
    let k_int = shifted.to_bits().wrapping_sub(ROUNDER.to_bits()) as i32;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (1.0 / 2.0
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0
                        + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    // k ∈ [−126, 0], so k + 127 is a normal float's biased exponent.
    let scale = f32::from_bits((k_int.wrapping_add(127) as u32) << 23);
    p * scale
}

/// erf(x) = x · P(2x² − 1) for |x| < 1.
const P: [f32; 7] = [
    9.654_687_6e-1,
    -1.405_361e-1,
    1.985_250_6e-2,
    -2.285_427_4e-3,
    2.174_861e-4,
    -1.766_151e-5,
    1.251_095_5e-6,
];

/// erf(x) = 1 − e^(−x²) · Q(12/(2 + x) − 3) for 1 ≤ x ≤ 4.
const Q: [f32; 8] = [
    2.553_956_8e-1,
    1.423_952_9e-1,
    2.685_091_3e-2,
    2.925_128_2e-3,
    4.607_721e-5,
    -2.878_101_6e-5,
    -1.148_658_8e-6,
    4.292_143_7e-7,
];

#[inline]
fn horner<const N: usize>(coefficients: &[f32; N], s: f32) -> f32 {
    let mut acc = coefficients[N - 1];
    for &c in coefficients[..N - 1].iter().rev() {
        acc = acc * s + c;
    }
    acc
}

/// The error function; see the module documentation.
#[inline]
pub(crate) fn erf(x: f32) -> f32 {
    let a = x.abs();
    // Both branches are computed and one is selected: a branch would stop
    // the loop from being vectorised, and both are cheap.
    let small = a * horner(&P, 2.0 * (a * a) - 1.0);
    let clamped = if a > 4.0 { 4.0 } else { a };
    let large = 1.0 - exp_neg(-(clamped * clamped)) * horner(&Q, 12.0 / (2.0 + clamped) - 3.0);
    let magnitude = if a < 1.0 { small } else { large };
    magnitude.copysign(x)
}

/// BERT's GELU, the exact erf form `x · Φ(x)`, not the tanh approximation
/// (which is what `gelu_new` configs use, and gives different vectors).
#[inline]
pub(crate) fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 1/65536 from `from` to `to`, plus the ends.
    fn grid(from: f32, to: f32) -> impl Iterator<Item = f32> {
        let steps = ((to - from) * 65536.0) as u32;
        (0..=steps).map(move |i| from + (to - from) * i as f32 / steps as f32)
    }

    #[test]
    fn erf_is_within_about_1e_7_of_the_true_value_everywhere() {
        let mut worst = (0.0f64, 0.0f32);
        let mut libm_worst = 0.0f64;
        for x in grid(-6.0, 6.0) {
            let truth = libm::erf(f64::from(x));
            let error = (f64::from(erf(x)) - truth).abs();
            if error > worst.0 {
                worst = (error, x);
            }
            libm_worst = libm_worst.max((f64::from(libm::erff(x)) - truth).abs());
        }
        println!(
            "erf: largest error {:.2e} at {}; libm::erff {libm_worst:.2e}",
            worst.0, worst.1
        );
        // Measured 9.0e-8 (libm::erff 5.5e-8): under two units in the last
        // place of results just below 1, where an f32 unit is 6e-8.
        assert!(worst.0 < 1e-7, "{worst:?}");
        assert_eq!(erf(0.0), 0.0);
        assert_eq!(erf(10.0), 1.0);
        assert_eq!(erf(-10.0), -1.0);
        assert_eq!(erf(f32::INFINITY), 1.0);
        assert!(erf(f32::NAN).is_nan());
    }

    #[test]
    fn exp_neg_is_accurate_to_a_few_units_in_the_last_place() {
        let mut worst = 0.0f64;
        for x in grid(-87.0, 0.0) {
            let truth = f64::from(x).exp();
            let relative = (f64::from(exp_neg(x)) - truth).abs() / truth;
            worst = worst.max(relative);
        }
        println!("exp_neg: largest relative error {worst:.2e}");
        // Measured 9.9e-8.
        assert!(worst < 2e-7, "{worst}");
        assert_eq!(exp_neg(0.0), 1.0);
        assert!(exp_neg(-1000.0) < 1e-37);
        assert!(exp_neg(f32::NEG_INFINITY) < 1e-37);
        assert!(exp_neg(f32::NAN).is_nan());
    }

    #[test]
    fn gelu_matches_the_erf_definition_computed_in_f64() {
        for x in grid(-12.0, 12.0) {
            let x64 = f64::from(x);
            let truth = 0.5 * x64 * (1.0 + libm::erf(x64 / std::f64::consts::SQRT_2));
            let error = (f64::from(gelu(x)) - truth).abs();
            // Absolute error of erf (≈1e-7) times |x| / 2, plus rounding.
            assert!(error < 1e-7 * (1.0 + x64.abs()), "gelu({x}) off by {error}");
        }
    }
}
