//! The MiniLM embedder against the real all-MiniLM-L6-v2 model (found
//! through `JOBFORGE_MINILM_DIR`): the same token ids and vectors as an
//! independent reference, sensible similarities, determinism, and clear
//! refusals of damaged model folders.

mod common;

use common::{minilm, minilm_dir};
use jobforge_embed::{EmbedError, Embedder, MiniLmEmbedder, check_batch, cosine};

/// `tests/fixtures/minilm_reference.json`, written by
/// `tests/minilm_reference.py` (NumPy, float64; token ids from the
/// `tokenizers` library reading the model's own tokenizer.json).
fn reference_cases() -> Vec<serde_json::Value> {
    let path = jobforge_testkit::package_dir!().join("tests/fixtures/minilm_reference.json");
    let text = std::fs::read_to_string(&path).expect("reference fixture");
    let json: serde_json::Value = serde_json::from_str(&text).expect("reference JSON");
    json["cases"].as_array().expect("cases").clone()
}

fn floats(value: &serde_json::Value) -> Vec<f64> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect()
}

#[test]
fn token_ids_match_the_reference_tokenizer_exactly() {
    let model = minilm();
    for case in reference_cases() {
        let name = case["name"].as_str().expect("name");
        let text = case["text"].as_str().expect("text");
        let want: Vec<u32> = case["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_u64().expect("id") as u32)
            .collect();
        let got = model.token_ids(text);
        assert_eq!(got, want, "{name}: {text:?}");
    }
}

#[test]
fn token_ids_match_the_reference_tokenizer_on_mixed_scripts_and_invisible_characters() {
    // 200 random strings from pools of accents, CJK, other scripts, Unicode
    // punctuation, format and private-use characters, odd whitespace, emoji
    // and full-width forms (see the generator).
    let path = jobforge_testkit::package_dir!().join("tests/fixtures/minilm_reference.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("JSON");
    let cases = json["tokenizer_cases"].as_array().expect("tokenizer cases");
    assert_eq!(cases.len(), 200);
    let model = minilm();
    for case in cases {
        let text = case["text"].as_str().expect("text");
        let want: Vec<u32> = case["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_u64().expect("id") as u32)
            .collect();
        assert_eq!(model.token_ids(text), want, "{text:?}");
    }
}

#[test]
fn vectors_match_the_numpy_reference_within_1e_4() {
    let model = minilm();
    let cases = reference_cases();
    let texts: Vec<&str> = cases
        .iter()
        .map(|c| c["text"].as_str().expect("text"))
        .collect();
    // All at once, so packing several texts together is what is checked.
    let vectors = model.embed(&texts).expect("embed");
    check_batch(&model.id(), texts.len(), &vectors).expect("valid batch");
    let mut worst = 0.0f64;
    for ((case, text), vector) in cases.iter().zip(&texts).zip(&vectors) {
        let name = case["name"].as_str().expect("name");
        if text.is_empty() {
            // The zero vector, by the Embedder contract; the fixture keeps
            // the model's own value for [CLS] [SEP] only for the record.
            assert!(vector.iter().all(|v| *v == 0.0), "{name}");
            continue;
        }
        let v: Vec<f64> = vector.iter().map(|&x| f64::from(x)).collect();
        let mut checks: Vec<(String, f64, f64)> = v
            .iter()
            .zip(floats(&case["first16"]))
            .enumerate()
            .map(|(i, (got, want))| (format!("v[{i}]"), *got, want))
            .collect();
        let number = |key: &str| case[key].as_f64().expect(key);
        checks.push(("sum".into(), v.iter().sum(), number("sum")));
        checks.push((
            "sum of squares".into(),
            v.iter().map(|x| x * x).sum(),
            number("sum_of_squares"),
        ));
        checks.push((
            "weighted sum".into(),
            v.iter()
                .enumerate()
                .map(|(i, x)| x * ((i % 7) as f64 - 3.0))
                .sum(),
            number("weighted_sum"),
        ));
        let mut case_worst = 0.0f64;
        for (what, got, want) in checks {
            let difference = (got - want).abs();
            assert!(
                difference < 1e-4,
                "{name}: {what} is {got}, reference {want}"
            );
            case_worst = case_worst.max(difference);
        }
        println!(
            "{name:<12} {:>3} tokens: largest difference from the reference {case_worst:.1e}",
            model.token_ids(text).len()
        );
        worst = worst.max(case_worst);
    }
    println!("largest difference overall: {worst:.1e}");
}

#[test]
fn a_text_gets_the_same_bits_alone_in_a_batch_and_on_every_call() {
    // Enough long texts that the batch is split into several packs.
    let model = minilm();
    let long =
        "Platform engineer who ran Kubernetes on AWS, wrote Terraform and on-call runbooks. "
            .repeat(30);
    let texts = [
        "Reconciled accounts and closed the books each month.",
        long.as_str(),
        "",
        "Designed a component library in React and TypeScript.",
        long.as_str(),
        "Triage nurse on a busy emergency ward.",
        long.as_str(),
        "!!!",
    ];
    let together = model.embed(&texts).expect("embed");
    assert_eq!(model.embed(&texts).expect("embed again"), together);
    for (text, vector) in texts.iter().zip(&together) {
        let alone = model.embed(&[text]).expect("embed alone");
        assert_eq!(&alone[0], vector, "{text:?}");
    }
    // Nothing to embed (empty, punctuation only): the zero vector.
    assert!(together[2].iter().all(|v| *v == 0.0));
    assert!(together[7].iter().all(|v| *v == 0.0));
    let norm: f32 = together[0].iter().map(|v| v * v).sum();
    assert!((norm - 1.0).abs() < 1e-5, "{norm}");
}

fn similarity(a: &str, b: &str) -> f32 {
    let vectors = minilm().embed(&[a, b]).expect("embed");
    cosine(&vectors[0], &vectors[1])
}

#[test]
fn paraphrases_score_higher_than_unrelated_sentences() {
    for (anchor, paraphrase, unrelated) in [
        (
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "A man is riding a horse.",
        ),
        (
            "A woman is playing the guitar.",
            "Someone is playing an instrument.",
            "A woman is slicing an onion.",
        ),
        (
            "The new movie is awesome.",
            "The new film is so great.",
            "The cat sits outside.",
        ),
        (
            "I forgot my password and cannot log in.",
            "How do I reset my login credentials?",
            "The quarterly revenue grew by ten percent.",
        ),
    ] {
        let close = similarity(anchor, paraphrase);
        let far = similarity(anchor, unrelated);
        println!("{anchor:?}: paraphrase {close:.3}, unrelated {far:.3}");
        assert!(close > far + 0.15, "{anchor:?}: {close} vs {far}");
    }
}

#[test]
fn a_resume_line_matches_the_requirement_it_meets_without_shared_words() {
    let requirement = "Experience with container orchestration in production.";
    let evidence = "Ran Kubernetes clusters on EKS for forty services and wrote their Helm charts.";
    let unrelated = "Managed accounts payable and the monthly bank reconciliations.";
    let nearby = "Wrote Python scripts to automate reporting.";
    let (matched, other, near) = (
        similarity(requirement, evidence),
        similarity(requirement, unrelated),
        similarity(requirement, nearby),
    );
    println!(
        "container orchestration vs Kubernetes line {matched:.3}, vs accounting line {other:.3}, vs scripting line {near:.3}"
    );
    assert!(matched > other + 0.2, "{matched} vs {other}");
    assert!(matched > near + 0.1, "{matched} vs {near}");

    let requirement = "Strong skills in financial modelling and forecasting.";
    let evidence = "Built the three-statement model and the rolling 18-month forecast in Excel.";
    let unrelated = "Ran Kubernetes clusters on EKS for forty services.";
    let (matched, other) = (
        similarity(requirement, evidence),
        similarity(requirement, unrelated),
    );
    println!("financial modelling vs forecast line {matched:.3}, vs Kubernetes line {other:.3}");
    assert!(matched > other + 0.2, "{matched} vs {other}");
}

/// A copy of the real model folder in a temporary folder, with the weights
/// file replaced by `weights`.
fn model_copy(weights: &[u8]) -> tempfile::TempDir {
    let source = minilm_dir();
    let dir = tempfile::tempdir().expect("tempdir");
    for file in ["config.json", "vocab.txt"] {
        std::fs::copy(source.join(file), dir.path().join(file)).expect("copy");
    }
    std::fs::write(dir.path().join("model.safetensors"), weights).expect("write");
    dir
}

fn real_weights() -> Vec<u8> {
    std::fs::read(minilm_dir().join("model.safetensors")).expect("model.safetensors")
}

#[test]
fn a_cut_short_weights_file_is_refused_naming_the_file_and_a_tensor() {
    let weights = real_weights();
    let dir = model_copy(&weights[..weights.len() / 2]);
    let error = MiniLmEmbedder::load(dir.path()).expect_err("must fail");
    let message = error.to_string();
    println!("{message}");
    assert!(
        matches!(error, EmbedError::ModelFileInvalid { .. }),
        "{error:?}"
    );
    assert!(message.contains("model.safetensors"), "{message}");
    assert!(message.contains("cut short"), "{message}");
    assert!(message.contains("ends at byte"), "{message}");
    assert!(message.contains("tensor "), "{message}");
    assert!(message.contains("download the model again"), "{message}");
}

#[test]
fn weights_of_the_wrong_shape_are_refused_naming_the_tensor() {
    // Swap the feed-forward output's shape: same byte count, so only the
    // shape check can catch it.
    let mut weights = real_weights();
    let header_len = u64::from_le_bytes(weights[..8].try_into().expect("8 bytes")) as usize;
    let header = std::str::from_utf8(&weights[8..8 + header_len]).expect("utf-8");
    let key = "\"encoder.layer.3.output.dense.weight\"";
    let at = header.find(key).expect("tensor in header");
    let shape = header[at..].find("[384,1536]").expect("shape") + at + 8;
    weights[shape..shape + 10].copy_from_slice(b"[1536,384]");
    let dir = model_copy(&weights);
    let message = MiniLmEmbedder::load(dir.path())
        .expect_err("must fail")
        .to_string();
    println!("{message}");
    assert!(
        message.contains(
            "tensor encoder.layer.3.output.dense.weight has shape [1536, 384], expected [384, 1536]"
        ),
        "{message}"
    );
}

#[test]
fn missing_folder_and_files_say_where_to_get_the_model() {
    let advice = "download the model in Settings or point to a folder containing config.json, vocab.txt and model.safetensors";
    let absent = std::env::temp_dir().join("jobforge-no-such-model-folder");
    let error = MiniLmEmbedder::load(&absent).expect_err("must fail");
    assert!(matches!(error, EmbedError::ModelFolderMissing { .. }));
    assert!(error.to_string().contains(advice), "{error}");

    for missing in MiniLmEmbedder::FILES {
        let dir = model_copy(b"");
        std::fs::remove_file(dir.path().join(missing)).expect("remove");
        let error = MiniLmEmbedder::load(dir.path()).expect_err("must fail");
        let message = error.to_string();
        assert!(
            matches!(&error, EmbedError::ModelFileMissing { file, .. } if file == missing),
            "{error:?}"
        );
        assert!(message.contains(&format!("has no {missing}")), "{message}");
        assert!(message.contains(advice), "{message}");
    }
}
