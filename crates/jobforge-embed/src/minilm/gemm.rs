//! Matrix products through `matrixmultiply`'s sgemm, behind a safe,
//! bounds-checked interface.
//!
//! `sgemm` takes raw pointers and strides, so it is `unsafe`; this is the
//! one place the crate calls it. Every matrix is a slice plus shape and
//! strides, and [`gemm`] checks that the last element each view can touch
//! lies inside its slice before the call, so a wrong shape is a panic with a
//! message (a bug in this module's callers, whose shapes are fixed by the
//! model's config), never memory corruption. The output is a `&mut` slice,
//! so the borrow checker already rules out aliasing with the inputs.

/// A read-only matrix view: element (r, c) is `data[r * row_stride + c *
/// col_stride]`. A transposed view is the same slice with the strides
/// swapped, which is how `x · Wᵀ` is computed without copying `W`.
#[derive(Clone, Copy)]
pub(crate) struct Mat<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub row_stride: usize,
    pub col_stride: usize,
}

impl<'a> Mat<'a> {
    /// A row-major `rows × cols` matrix whose rows are `row_stride` apart.
    pub fn rows(data: &'a [f32], rows: usize, cols: usize, row_stride: usize) -> Self {
        Self {
            data,
            rows,
            cols,
            row_stride,
            col_stride: 1,
        }
    }

    /// The transpose of a row-major `rows × cols` matrix (so `cols × rows`).
    pub fn transposed(data: &'a [f32], rows: usize, cols: usize, row_stride: usize) -> Self {
        Self {
            data,
            rows: cols,
            cols: rows,
            row_stride: 1,
            col_stride: row_stride,
        }
    }
}

/// A row-major output matrix whose rows are `row_stride` apart.
pub(crate) struct MatMut<'a> {
    pub data: &'a mut [f32],
    pub rows: usize,
    pub cols: usize,
    pub row_stride: usize,
}

/// True when every element of the `rows × cols` view lies inside `len`.
fn fits(len: usize, rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> bool {
    if rows == 0 || cols == 0 {
        return true;
    }
    let last = (rows - 1).checked_mul(row_stride).and_then(|r| {
        (cols - 1)
            .checked_mul(col_stride)
            .and_then(|c| r.checked_add(c))
    });
    matches!(last, Some(last) if last < len && row_stride <= isize::MAX as usize && col_stride <= isize::MAX as usize)
}

/// `c ← alpha · a · b + beta · c`. With `beta = 0`, `c`'s old contents are
/// ignored (never read, so stale NaNs cannot leak in).
///
/// The result of each element depends only on its row of `a` and column of
/// `b`, never on how many other rows are in the product: sgemm splits the
/// inner dimension into the same blocks whatever the outer sizes. That is
/// what lets the embedder pack several texts into one product and still
/// give every text the bits it would get alone.
pub(crate) fn gemm(alpha: f32, a: Mat<'_>, b: Mat<'_>, beta: f32, c: MatMut<'_>) {
    assert!(
        a.cols == b.rows && a.rows == c.rows && b.cols == c.cols,
        "gemm shapes do not agree: {}x{} · {}x{} → {}x{}",
        a.rows,
        a.cols,
        b.rows,
        b.cols,
        c.rows,
        c.cols
    );
    assert!(
        fits(a.data.len(), a.rows, a.cols, a.row_stride, a.col_stride)
            && fits(b.data.len(), b.rows, b.cols, b.row_stride, b.col_stride)
            && fits(c.data.len(), c.rows, c.cols, c.row_stride, 1)
            && c.row_stride >= c.cols,
        "gemm view out of bounds"
    );
    if c.rows == 0 || c.cols == 0 {
        return;
    }
    if a.cols == 0 {
        // sgemm would compute beta · c; do it here and keep the unsafe call
        // to the non-degenerate case.
        for row in c.data.chunks_mut(c.row_stride).take(c.rows) {
            for v in &mut row[..c.cols] {
                *v = if beta == 0.0 { 0.0 } else { *v * beta };
            }
        }
        return;
    }
    call_sgemm(alpha, a, b, beta, c);
}

#[allow(unsafe_code)]
fn call_sgemm(alpha: f32, a: Mat<'_>, b: Mat<'_>, beta: f32, c: MatMut<'_>) {
    // The `as isize` casts cannot wrap: `fits` bounded every stride by
    // isize::MAX.
    // SAFETY: `gemm` checked that every element sgemm reads from `a` and `b`
    // and writes in `c` lies inside the respective slice, and that `c`'s
    // rows do not overlap (row stride ≥ columns, column stride 1), which
    // sgemm requires of its output. `c` is a unique borrow, so it aliases
    // neither input. sgemm keeps no pointer past the call.
    unsafe {
        matrixmultiply::sgemm(
            a.rows,
            a.cols,
            b.cols,
            alpha,
            a.data.as_ptr(),
            a.row_stride as isize,
            a.col_stride as isize,
            b.data.as_ptr(),
            b.row_stride as isize,
            b.col_stride as isize,
            beta,
            c.data.as_mut_ptr(),
            c.row_stride as isize,
            1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: Mat<'_>, b: Mat<'_>) -> Vec<f32> {
        let mut out = vec![0.0; a.rows * b.cols];
        for i in 0..a.rows {
            for j in 0..b.cols {
                let mut sum = 0.0f64;
                for k in 0..a.cols {
                    sum += f64::from(a.data[i * a.row_stride + k * a.col_stride])
                        * f64::from(b.data[k * b.row_stride + j * b.col_stride]);
                }
                out[i * b.cols + j] = sum as f32;
            }
        }
        out
    }

    fn values(n: usize, seed: u32) -> Vec<f32> {
        (0..n)
            .map(|i| {
                ((i as u32).wrapping_mul(2654435761).wrapping_add(seed) % 1000) as f32 / 500.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn products_with_transposed_and_strided_views_match_the_naive_sum() {
        // x (5×7) · Wᵀ where W is 3×7, as a linear layer computes it.
        let x = values(35, 1);
        let w = values(21, 2);
        let a = Mat::rows(&x, 5, 7, 7);
        let b = Mat::transposed(&w, 3, 7, 7);
        let mut c = vec![f32::NAN; 15];
        gemm(
            1.0,
            a,
            b,
            0.0,
            MatMut {
                data: &mut c,
                rows: 5,
                cols: 3,
                row_stride: 3,
            },
        );
        for (got, want) in c.iter().zip(naive(a, b)) {
            assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        }

        // A column block of a wider matrix (one attention head's slice),
        // written into a column block of a wider output, with beta = 1.
        let wide = values(4 * 10, 3);
        let a = Mat {
            data: &wide[2..],
            rows: 4,
            cols: 3,
            row_stride: 10,
            col_stride: 1,
        };
        let b = Mat::transposed(&wide[5..], 4, 3, 10);
        let mut out = [1.0f32; 4 * 6];
        gemm(
            0.5,
            a,
            b,
            1.0,
            MatMut {
                data: &mut out[1..],
                rows: 4,
                cols: 4,
                row_stride: 6,
            },
        );
        let want = naive(a, b);
        for i in 0..4 {
            assert_eq!(out[i * 6], 1.0, "column before the block untouched");
            for j in 0..4 {
                let got = out[1 + i * 6 + j];
                assert!((got - (1.0 + 0.5 * want[i * 4 + j])).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn a_row_gets_the_same_bits_whatever_else_is_in_the_product() {
        // The property that makes packing texts together deterministic.
        let k = 384;
        let x = values(40 * k, 4);
        let w = values(64 * k, 5);
        let b = Mat::transposed(&w, 64, k, k);
        let mut all = vec![0.0; 40 * 64];
        gemm(
            1.0,
            Mat::rows(&x, 40, k, k),
            b,
            0.0,
            MatMut {
                data: &mut all,
                rows: 40,
                cols: 64,
                row_stride: 64,
            },
        );
        for row in [0, 7, 39] {
            let mut one = vec![0.0; 64];
            gemm(
                1.0,
                Mat::rows(&x[row * k..], 1, k, k),
                b,
                0.0,
                MatMut {
                    data: &mut one,
                    rows: 1,
                    cols: 64,
                    row_stride: 64,
                },
            );
            assert_eq!(one, all[row * 64..(row + 1) * 64], "row {row}");
        }
    }

    #[test]
    #[should_panic(expected = "out of bounds")]
    fn a_view_past_its_slice_panics_instead_of_reading_out_of_bounds() {
        let x = vec![0.0; 10];
        let mut c = vec![0.0; 4];
        gemm(
            1.0,
            Mat::rows(&x, 2, 6, 6),
            Mat::rows(&x, 6, 2, 1),
            0.0,
            MatMut {
                data: &mut c,
                rows: 2,
                cols: 2,
                row_stride: 2,
            },
        );
    }
}
