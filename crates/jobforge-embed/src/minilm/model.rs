//! The BERT encoder of all-MiniLM-L6-v2 and sentence-transformers' pooling.
//!
//! Per text of `n` tokens: word + position + token-type embeddings, then
//! LayerNorm; six layers of (12-head self-attention → dense → residual →
//! LayerNorm → dense 384→1536 → GELU → dense 1536→384 → residual →
//! LayerNorm); the mean of the `n` output rows; L2 normalisation. Linear
//! weights are stored `[out, in]` as PyTorch writes them, so a layer is
//! `y = x · Wᵀ + b`. They are transposed once at load time to `[in, out]`:
//! sgemm copies ("packs") its right-hand matrix into panels on every call,
//! and copying contiguous rows is several times cheaper than gathering the
//! columns of a transposed view (measured: 10% of the whole running time).
//!
//! # Packing instead of padding
//!
//! Several texts go through the model together, their token rows stacked
//! into one matrix: every linear layer is then one large product, which
//! sgemm runs faster than many small ones. Attention is computed per text
//! on its own rows only, so no text sees another's tokens and no padding
//! or mask is needed (a padded batch would spend work on pad tokens and
//! then mask it away). Because sgemm's result for a row does not depend on
//! the other rows (see [`gemm`]), a text's vector is bit-for-bit the same
//! whichever texts share its pack.

use super::gemm::{Mat, MatMut, gemm};
use super::math::{exp_neg, gelu};
use super::safetensors::SafeTensors;
use super::{HEAD_DIM, HEADS, HIDDEN, INTERMEDIATE, LAYERS};
use crate::EmbedError;

const QKV: usize = 3 * HIDDEN;

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

/// Linear weights are transposed, `[in, out]` (see the module docs).
struct Layer {
    /// Query, key and value weights side by side in one `[384, 3·384]`
    /// matrix (and their biases in one vector), so the three projections
    /// are a single product.
    qkv_weight: Vec<f32>,
    qkv_bias: Vec<f32>,
    attention_out_weight: Vec<f32>,
    attention_out_bias: Vec<f32>,
    attention_norm: LayerNorm,
    intermediate_weight: Vec<f32>,
    intermediate_bias: Vec<f32>,
    output_weight: Vec<f32>,
    output_bias: Vec<f32>,
    output_norm: LayerNorm,
}

/// The encoder's weights.
pub(crate) struct Bert {
    word_embeddings: Vec<f32>,
    position_embeddings: Vec<f32>,
    /// Row 0 of the token-type table: every token of a single text is type 0.
    token_type_embedding: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    eps: f32,
    vocab_size: usize,
    max_positions: usize,
}

/// Shapes the config promised, checked against every tensor read.
pub(crate) struct Dimensions {
    pub vocab_size: usize,
    pub max_positions: usize,
    pub type_vocab_size: usize,
    pub eps: f32,
}

impl Bert {
    /// Reads every tensor the encoder needs from `file`, whose names carry
    /// `prefix` (`""` or `"bert."`), each checked against the shape the
    /// config promised.
    pub fn load(
        file: &mut SafeTensors,
        prefix: &str,
        dims: &Dimensions,
    ) -> Result<Self, EmbedError> {
        let mut reader = Reader { file, prefix };
        let word_embeddings = reader.tensor(
            "embeddings.word_embeddings.weight",
            &[dims.vocab_size, HIDDEN],
        )?;
        let position_embeddings = reader.tensor(
            "embeddings.position_embeddings.weight",
            &[dims.max_positions, HIDDEN],
        )?;
        let mut token_type_embedding = reader.tensor(
            "embeddings.token_type_embeddings.weight",
            &[dims.type_vocab_size, HIDDEN],
        )?;
        token_type_embedding.truncate(HIDDEN);
        let embedding_norm = reader.norm("embeddings.LayerNorm")?;
        let mut layers = Vec::with_capacity(LAYERS);
        for index in 0..LAYERS {
            let p = format!("encoder.layer.{index}");
            let mut qkv_weight = vec![0.0; HIDDEN * QKV];
            let mut qkv_bias = Vec::with_capacity(QKV);
            for (part, name) in ["query", "key", "value"].into_iter().enumerate() {
                let weight = reader.tensor(
                    &format!("{p}.attention.self.{name}.weight"),
                    &[HIDDEN, HIDDEN],
                )?;
                transpose_into(&weight, HIDDEN, HIDDEN, &mut qkv_weight, QKV, part * HIDDEN);
                qkv_bias
                    .extend(reader.tensor(&format!("{p}.attention.self.{name}.bias"), &[HIDDEN])?);
            }
            layers.push(Layer {
                qkv_weight,
                qkv_bias,
                attention_out_weight: reader.linear(
                    &format!("{p}.attention.output.dense.weight"),
                    HIDDEN,
                    HIDDEN,
                )?,
                attention_out_bias: reader
                    .tensor(&format!("{p}.attention.output.dense.bias"), &[HIDDEN])?,
                attention_norm: reader.norm(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate_weight: reader.linear(
                    &format!("{p}.intermediate.dense.weight"),
                    INTERMEDIATE,
                    HIDDEN,
                )?,
                intermediate_bias: reader
                    .tensor(&format!("{p}.intermediate.dense.bias"), &[INTERMEDIATE])?,
                output_weight: reader.linear(
                    &format!("{p}.output.dense.weight"),
                    HIDDEN,
                    INTERMEDIATE,
                )?,
                output_bias: reader.tensor(&format!("{p}.output.dense.bias"), &[HIDDEN])?,
                output_norm: reader.norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Self {
            word_embeddings,
            position_embeddings,
            token_type_embedding,
            embedding_norm,
            layers,
            eps: dims.eps,
            vocab_size: dims.vocab_size,
            max_positions: dims.max_positions,
        })
    }

    /// One unit vector per sequence of token ids, in order, computed as one
    /// pack. Every id must be below the vocabulary size and no sequence
    /// longer than the position table or empty; the tokenizer guarantees
    /// both, and a violation is a bug that panics rather than reading the
    /// wrong row.
    pub fn embed_pack(&self, sequences: &[&[u32]], scratch: &mut Scratch) -> Vec<Vec<f32>> {
        let rows: usize = sequences.iter().map(|s| s.len()).sum();
        scratch.resize(rows, sequences.iter().map(|s| s.len()).max().unwrap_or(0));
        let Scratch {
            x,
            qkv,
            context,
            sum,
            inner,
            scores,
        } = scratch;

        // Embeddings.
        let mut row = 0;
        for sequence in sequences {
            assert!(
                !sequence.is_empty() && sequence.len() <= self.max_positions,
                "sequence of {} tokens",
                sequence.len()
            );
            for (position, &id) in sequence.iter().enumerate() {
                let id = id as usize;
                assert!(id < self.vocab_size, "token id {id} outside the vocabulary");
                let word = &self.word_embeddings[id * HIDDEN..(id + 1) * HIDDEN];
                let place = &self.position_embeddings[position * HIDDEN..(position + 1) * HIDDEN];
                let out = &mut sum[row * HIDDEN..(row + 1) * HIDDEN];
                for (((o, w), p), t) in out
                    .iter_mut()
                    .zip(word)
                    .zip(place)
                    .zip(&self.token_type_embedding)
                {
                    *o = w + p + t;
                }
                row += 1;
            }
        }
        layer_norm(sum, x, &self.embedding_norm, self.eps);

        let scale = 1.0 / (HEAD_DIM as f32).sqrt();
        for layer in &self.layers {
            linear(
                x,
                rows,
                HIDDEN,
                &layer.qkv_weight,
                &layer.qkv_bias,
                QKV,
                qkv,
            );

            // Self-attention, per text and head, on the text's own rows.
            let mut first = 0;
            for sequence in sequences {
                let n = sequence.len();
                let block = &qkv[first * QKV..(first + n) * QKV];
                let scores = &mut scores[..n * n];
                for head in 0..HEADS {
                    let column = head * HEAD_DIM;
                    let queries = Mat {
                        data: &block[column..],
                        rows: n,
                        cols: HEAD_DIM,
                        row_stride: QKV,
                        col_stride: 1,
                    };
                    let keys = Mat::transposed(&block[HIDDEN + column..], n, HEAD_DIM, QKV);
                    gemm(
                        scale,
                        queries,
                        keys,
                        0.0,
                        MatMut {
                            data: scores,
                            rows: n,
                            cols: n,
                            row_stride: n,
                        },
                    );
                    for weights in scores.chunks_exact_mut(n) {
                        softmax(weights);
                    }
                    let values = Mat {
                        data: &block[2 * HIDDEN + column..],
                        rows: n,
                        cols: HEAD_DIM,
                        row_stride: QKV,
                        col_stride: 1,
                    };
                    gemm(
                        1.0,
                        Mat::rows(scores, n, n, n),
                        values,
                        0.0,
                        MatMut {
                            data: &mut context[first * HIDDEN + column..],
                            rows: n,
                            cols: HEAD_DIM,
                            row_stride: HIDDEN,
                        },
                    );
                }
                first += n;
            }

            linear(
                context,
                rows,
                HIDDEN,
                &layer.attention_out_weight,
                &layer.attention_out_bias,
                HIDDEN,
                sum,
            );
            add(sum, x);
            layer_norm(sum, x, &layer.attention_norm, self.eps);

            linear(
                x,
                rows,
                HIDDEN,
                &layer.intermediate_weight,
                &layer.intermediate_bias,
                INTERMEDIATE,
                inner,
            );
            for v in inner.iter_mut() {
                *v = gelu(*v);
            }
            linear(
                inner,
                rows,
                INTERMEDIATE,
                &layer.output_weight,
                &layer.output_bias,
                HIDDEN,
                sum,
            );
            add(sum, x);
            layer_norm(sum, x, &layer.output_norm, self.eps);
        }

        // Mean pooling over each text's tokens ([CLS] and [SEP] included, as
        // sentence-transformers averages every token its mask keeps), then
        // unit length.
        let mut out = Vec::with_capacity(sequences.len());
        let mut first = 0;
        for sequence in sequences {
            let n = sequence.len();
            let mut pooled = vec![0.0f32; HIDDEN];
            for token in x[first * HIDDEN..(first + n) * HIDDEN].chunks_exact(HIDDEN) {
                for (p, v) in pooled.iter_mut().zip(token) {
                    *p += v;
                }
            }
            let inverse = 1.0 / n as f32;
            for p in &mut pooled {
                *p *= inverse;
            }
            crate::l2_normalise(&mut pooled);
            out.push(pooled);
            first += n;
        }
        out
    }
}

/// Reads tensors by their names without the prefix.
struct Reader<'a> {
    file: &'a mut SafeTensors,
    prefix: &'a str,
}

impl Reader<'_> {
    fn tensor(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
        self.file.read_f32(&format!("{}{name}", self.prefix), shape)
    }

    /// A linear layer's `[out, in]` weight, returned transposed, `[in, out]`.
    fn linear(
        &mut self,
        name: &str,
        out_dim: usize,
        in_dim: usize,
    ) -> Result<Vec<f32>, EmbedError> {
        let weight = self.tensor(name, &[out_dim, in_dim])?;
        let mut transposed = vec![0.0; weight.len()];
        transpose_into(&weight, out_dim, in_dim, &mut transposed, out_dim, 0);
        Ok(transposed)
    }

    fn norm(&mut self, name: &str) -> Result<LayerNorm, EmbedError> {
        Ok(LayerNorm {
            weight: self.tensor(&format!("{name}.weight"), &[HIDDEN])?,
            bias: self.tensor(&format!("{name}.bias"), &[HIDDEN])?,
        })
    }
}

/// Working memory for one pack, reused from pack to pack so the layers
/// allocate nothing.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The hidden states, `rows × 384`.
    x: Vec<f32>,
    /// Query, key and value per token, `rows × 1152`.
    qkv: Vec<f32>,
    /// Attention output per token, `rows × 384`.
    context: Vec<f32>,
    /// A layer's output plus its residual, before LayerNorm, `rows × 384`.
    sum: Vec<f32>,
    /// The feed-forward layer's inner activations, `rows × 1536`.
    inner: Vec<f32>,
    /// One head's attention weights for one text, `n × n`.
    scores: Vec<f32>,
}

impl Scratch {
    fn resize(&mut self, rows: usize, longest: usize) {
        // Sized exactly (resize also shrinks, keeping the capacity), so the
        // `rows × width` buffers are the matrices the products read and
        // write.
        self.x.resize(rows * HIDDEN, 0.0);
        self.qkv.resize(rows * QKV, 0.0);
        self.context.resize(rows * HIDDEN, 0.0);
        self.sum.resize(rows * HIDDEN, 0.0);
        self.inner.resize(rows * INTERMEDIATE, 0.0);
        self.scores.resize(longest * longest, 0.0);
    }
}

/// Writes the transpose of the row-major `rows × cols` matrix `source` into
/// `target` (rows `target_stride` apart), starting at column `column`.
fn transpose_into(
    source: &[f32],
    rows: usize,
    cols: usize,
    target: &mut [f32],
    target_stride: usize,
    column: usize,
) {
    for r in 0..rows {
        for c in 0..cols {
            target[c * target_stride + column + r] = source[r * cols + c];
        }
    }
}

/// `y = x · W + b` for `rows` rows, `W` being the transposed `[in, out]`.
fn linear(
    x: &[f32],
    rows: usize,
    in_dim: usize,
    weight: &[f32],
    bias: &[f32],
    out_dim: usize,
    y: &mut [f32],
) {
    for row in y.chunks_exact_mut(out_dim) {
        row.copy_from_slice(bias);
    }
    gemm(
        1.0,
        Mat::rows(x, rows, in_dim, in_dim),
        Mat::rows(weight, in_dim, out_dim, out_dim),
        1.0,
        MatMut {
            data: y,
            rows,
            cols: out_dim,
            row_stride: out_dim,
        },
    );
}

fn add(sum: &mut [f32], residual: &[f32]) {
    for (s, r) in sum.iter_mut().zip(residual) {
        *s += r;
    }
}

/// Normalises each 384-wide row of `input` to mean 0 and variance 1, then
/// scales and shifts it, into `output`. Two passes (mean, then variance of
/// the differences) rather than the one-pass sum of squares, which loses
/// precision in f32 when the mean is large next to the spread.
fn layer_norm(input: &[f32], output: &mut [f32], norm: &LayerNorm, eps: f32) {
    for (row, out) in input
        .chunks_exact(HIDDEN)
        .zip(output.chunks_exact_mut(HIDDEN))
    {
        let mean = row.iter().sum::<f32>() / HIDDEN as f32;
        let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / HIDDEN as f32;
        let inverse = 1.0 / (variance + eps).sqrt();
        for (((o, v), w), b) in out.iter_mut().zip(row).zip(&norm.weight).zip(&norm.bias) {
            *o = (v - mean) * inverse * w + b;
        }
    }
}

/// Softmax in place, shifted by the maximum so `exp` cannot overflow.
fn softmax(values: &mut [f32]) {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // The exponentials in a loop of their own, which vectorises; the sum,
    // an f32 reduction the compiler must keep in order, in another.
    for v in values.iter_mut() {
        *v = exp_neg(*v - max);
    }
    let total: f32 = values.iter().sum();
    let inverse = 1.0 / total;
    for v in values.iter_mut() {
        *v *= inverse;
    }
}
