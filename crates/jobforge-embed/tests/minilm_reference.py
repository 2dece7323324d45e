#!/usr/bin/env python3
"""Reference values for the MiniLM embedder's tests.

An independent NumPy implementation of all-MiniLM-L6-v2 (BERT forward pass,
mean pooling, L2 normalisation), computed in float64 so that the Rust f32
implementation is compared with something more exact than itself. Token ids
come from the Hugging Face `tokenizers` library reading the model's own
`tokenizer.json`, so the Rust WordPiece tokenizer is checked against the
tokenizer the model was trained with, not against a second copy of our own
reading of it. Besides the named sentences (ids and vector values), 200
random strings of mixed scripts and invisible characters get their token ids
recorded, to check the tokenizer's Unicode rules.

Run once, by hand, when the sentences or the model change:

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install numpy tokenizers
    /tmp/refvenv/bin/python crates/jobforge-embed/tests/minilm_reference.py \
        "$JOBFORGE_MINILM_DIR" > crates/jobforge-embed/tests/fixtures/minilm_reference.json

Not run by the test suite: its output is the checked-in fixture.
"""

import json
import math
import random
import struct
import sys
from pathlib import Path

import numpy as np
import tokenizers
from tokenizers import Tokenizer

# Sentences that exercise the tokenizer's branches: plain ASCII, accents
# (stripped after NFD), CJK (split per character), punctuation (ASCII and
# Unicode), control and format characters (dropped), emoji (unknown words and
# a variation selector, a nonspacing mark), text longer than the 256-token
# window, and the empty text.
LONG = " ".join(
    [
        "Senior platform engineer with eight years of experience running Kubernetes",
        "clusters on AWS and GCP, writing Terraform modules, building CI/CD pipelines",
        "in GitHub Actions, and on call for services that handle 40,000 requests per second.",
    ]
    * 12
)
SENTENCES = [
    ("ascii", "A man is eating food."),
    ("accents", "Café résumé naïve: Zoë's CV from São Paulo, Ångström-level précision."),
    ("cjk", "我们正在招聘高级软件工程师（Senior Software Engineer），工作地点：東京。"),
    ("punctuation", "Skills: C++, C#, Node.js; (AWS/GCP) — 5+ years! «Oui» ¿Qué? … 100%"),
    ("controls", "Tab\there,\u00adsoft\u200bhyphen\r\nnew\u0007line \U0001F980 I \u2764\ufe0f Rust"),
    ("long", LONG),
    ("empty", ""),
]

MAX_TOKENS = 256  # sentence_bert_config.json's max_seq_length

# Short strings drawn from pools of characters that each stress one rule of
# the tokenizer: accents and ligatures, CJK and other scripts (including
# spacing marks such as Devanagari's, which are kept, and nonspacing ones,
# which are stripped), Unicode punctuation and symbols, invisible format
# and private-use characters, unusual whitespace, emoji, full-width forms.
# Only their token ids are recorded.
TOKENIZER_POOLS = [
    "abcXYZ éüñçÅØß",
    "中文日本語한국어ひらがなカタカナ",
    "“”‘’«»¿¡—–…·•§¶†‡※",
    "\u00ad\u200b\u200d\u2060\ufeff\u0301\u0308\u093e\u0915\ue000",
    "αβγΣΩѬжЯ",
    "0123456789 $€£¥+-*/=<>^_|~",
    "\t\n\r \u00a0\u2028\u3000",
    "🦀❤️👍🏽🇫🇷",
    "İıŉǅﬁ",
    "ｆｕｌｌｗｉｄｔｈ１２３",
    "آبپتث اردو עברית",
    "ไทยภาษา ลาว",
]
TOKENIZER_CASES = 200


def tokenizer_strings():
    rng = random.Random(7)
    return [
        "".join(rng.choice(rng.choice(TOKENIZER_POOLS)) for _ in range(rng.randint(1, 40)))
        for _ in range(TOKENIZER_CASES)
    ]


def load_safetensors(path):
    data = Path(path).read_bytes()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(data[base + start : base + end], dtype="<f4")
        tensors[name.removeprefix("bert.")] = array.reshape(info["shape"]).astype(np.float64)
    return tensors


def layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def linear(x, t, name):
    return x @ t[name + ".weight"].T + t[name + ".bias"]


def forward(t, config, ids):
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    hidden = config["hidden_size"]
    head_dim = hidden // heads
    n = len(ids)
    x = (
        t["embeddings.word_embeddings.weight"][ids]
        + t["embeddings.position_embeddings.weight"][:n]
        + t["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"], eps)
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        q = linear(x, t, p + "attention.self.query").reshape(n, heads, head_dim).transpose(1, 0, 2)
        k = linear(x, t, p + "attention.self.key").reshape(n, heads, head_dim).transpose(1, 0, 2)
        v = linear(x, t, p + "attention.self.value").reshape(n, heads, head_dim).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim)
        scores -= scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(n, hidden)
        attention = linear(context, t, p + "attention.output.dense")
        x = layer_norm(
            attention + x,
            t[p + "attention.output.LayerNorm.weight"],
            t[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        inner = gelu(linear(x, t, p + "intermediate.dense"))
        out = linear(inner, t, p + "output.dense")
        x = layer_norm(out + x, t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps)
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def main():
    model_dir = Path(sys.argv[1])
    config = json.loads((model_dir / "config.json").read_text())
    tensors = load_safetensors(model_dir / "model.safetensors")
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # tokenizer.json pads and truncates to 128; sentence-transformers runs
    # this model with a 256-token window and no padding for a single text.
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    weights = np.array([(i % 7) - 3 for i in range(config["hidden_size"])], dtype=np.float64)
    cases = []
    for name, text in SENTENCES:
        ids = tokenizer.encode(text).ids
        vector = forward(tensors, config, ids)
        cases.append(
            {
                "name": name,
                "text": text,
                "ids": ids,
                "first16": [round(float(v), 7) for v in vector[:16]],
                "sum": round(float(vector.sum()), 7),
                "sum_of_squares": round(float((vector**2).sum()), 7),
                # Weighted by (i mod 7) - 3: catches values in the wrong place,
                # which sum and sum of squares would not.
                "weighted_sum": round(float((vector * weights).sum()), 7),
            }
        )
    tokenizer_cases = [{"text": text, "ids": tokenizer.encode(text).ids} for text in tokenizer_strings()]
    generator = (
        "tests/minilm_reference.py (NumPy float64 forward pass, tokenizers "
        + tokenizers.__version__
        + " for token ids)"
    )
    # One case a line, so a change in the fixture reads as a small diff;
    # ASCII only, so no editor or tool can drop the invisible characters the
    # texts are made of.
    def dump(value):
        return json.dumps(value, ensure_ascii=True)

    out = sys.stdout
    out.write('{\n "model": "all-MiniLM-L6-v2",\n')
    out.write(f' "generator": {dump(generator)},\n')
    out.write(' "cases": [\n  ' + ",\n  ".join(dump(c) for c in cases) + "\n ],\n")
    out.write(' "tokenizer_cases": [\n  ' + ",\n  ".join(dump(c) for c in tokenizer_cases) + "\n ]\n}\n")


if __name__ == "__main__":
    main()
