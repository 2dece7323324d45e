//! The built-in embedder: no model, no download, no network; the same
//! vector for the same text on every machine, build and Rust version.
//!
//! # Algorithm (`builtin-hash-v1`)
//!
//! Any change to what follows changes stored vectors and must bump
//! [`VERSION`] (a test pins a checksum of a few vectors to catch slips).
//!
//! 1. **Tokens** come from the analysis crate's tokenizer (`C++`, `node.js`,
//!    `FP&A` stay whole). Skills are found with the bundled skills taxonomy,
//!    so every alias becomes its canonical skill ("k8s", "kube" and
//!    "Kubernetes" are one feature).
//! 2. **Features** of each text, each with a per-occurrence weight:
//!    - a skill: its canonical name (2.0; soft skills such as
//!      "Communication" 0.4 because nearly every posting names them), the
//!      words of that name as word features (0.5), and every more general
//!      skill the taxonomy says it implies (1.0: "AWS Lambda" → "AWS",
//!      "Contract Negotiation" → "Negotiation", the rule of
//!      `Taxonomy::holds`);
//!    - a word that is not a stop word or a number: its light stem (1.0) and
//!      its character 3-, 4- and 5-grams with `<` `>` word boundaries (0.15
//!      each: typos, compounds, inflections the stemmer misses, and scripts
//!      without spaces);
//!    - a run of a script written without spaces (Chinese, Japanese, Thai…):
//!      its character bigrams and trigrams (0.5 each) instead;
//!    - two content items in a row (words or skills): the pair (0.6).
//!
//!    Words in [`COMMON_WORDS`] (what every posting and resume says:
//!    "develop", "support", "stakeholders", "fast-paced") keep 0.3 of their
//!    weight: an IDF taken from a vocabulary, not a corpus, so it needs no
//!    training data and never changes as the library grows.
//! 3. **Weighting**: a feature seen `n` times weighs `w · (1 + ln n)`
//!    (sublinear term frequency: a word repeated ten times is not ten times
//!    the topic), its weight `w` being the largest it was given.
//! 4. **Signed feature hashing** into 384 dimensions (MiniLM's, so stores
//!    share code): FNV-1a 64 of a type tag and the feature's text, then
//!    SplitMix64's finaliser; bucket = hash mod 384, sign = top bit.
//!    Colliding features cancel in expectation instead of adding up.
//! 5. **L2-normalised**, so cosine is a dot product.
//!
//! Reproducibility: features are summed in hash order and only exactly
//! rounded float operations are used (no `ln` from the platform's maths
//! library), so the bits are the same on every machine and build. What can
//! change with a Rust upgrade is the Unicode data behind lowercasing and
//! letter classes, which touches only characters new to a Unicode version.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jobforge_analysis::taxonomy::{SkillCategory, SkillId, Taxonomy};
use jobforge_analysis::text;

use crate::hash::{FNV_START, fnv1a64_extend, mix};
use crate::similarity::l2_normalise;
use crate::{EmbedError, Embedder, EmbedderId};

/// The embedder's name in its [`EmbedderId`].
pub const NAME: &str = "builtin-hash";
/// Bumped whenever the algorithm (and so any stored vector) changes.
pub const VERSION: u32 = 1;
/// Same as all-MiniLM-L6-v2, so the vector tables share one layout.
pub const DIMENSION: usize = 384;

const SKILL_WEIGHT: f32 = 2.0;
const SOFT_SKILL_WEIGHT: f32 = 0.4;
const GENERAL_SKILL_WEIGHT: f32 = 1.0;
const SKILL_NAME_WORD_WEIGHT: f32 = 0.5;
const WORD_WEIGHT: f32 = 1.0;
const CHAR_GRAM_WEIGHT: f32 = 0.15;
const PAIR_WEIGHT: f32 = 0.6;
const UNSPACED_GRAM_WEIGHT: f32 = 0.5;
const COMMON_FACTOR: f32 = 0.3;

/// Tags that keep the kinds of feature apart in the hash ("go" the word and
/// "go" the character gram are different features).
const TAG_SKILL: &[u8] = b"s\0";
const TAG_WORD: &[u8] = b"w\0";
const TAG_GRAM: &[u8] = b"c\0";
const TAG_PAIR: &[u8] = b"p\0";

/// Words so frequent in postings and resumes, beyond the analysis crate's
/// stop words, that sharing them says little. Matched by stem, so
/// inflections count too.
pub const COMMON_WORDS: &str = "develop developer developing development build building builds
    support supporting supported manage managed managing manager deliver delivered delivering
    delivery drive driving drove collaborate collaborated collaborating collaboration
    cross functional stakeholder stakeholders business customer-facing client clients
    communicate communicating written verbal fast paced fast-paced dynamic growth grow growing
    impact impactful mission passion passionate motivated self-starter starter detail
    oriented attention problem problems solving solve solution solutions quality process
    processes improve improved improving improvement continuous results best practices
    multiple project projects time tool tools system systems service services own ownership
    lead led leading plan planning daily success successful successfully benefits salary
    remote hybrid office location full-time part-time full part apply applicant applicants
    equal employer opportunity diverse diversity inclusive inclusion culture values mission
    responsible responsibility duties duty position job jobs hire hiring hired career careers
    world class world-class high-quality innovative innovation create created creating
    provide provided providing perform performed performing maintain maintained maintaining
    implement implemented implementing design-minded effective effectively efficient
    efficiently ensure ensuring needs meet meeting meets goals goal objectives objective
    value valued various wide range new existing day-to-day hands-on hands on-site onsite
    competitive package equity bonus insurance health dental vision pto vacation";

fn common_stems() -> &'static HashSet<String> {
    static STEMS: OnceLock<HashSet<String>> = OnceLock::new();
    STEMS.get_or_init(|| {
        COMMON_WORDS
            .split_whitespace()
            .flat_map(|word| word.split('-'))
            .filter(|word| !word.is_empty())
            .map(text::stem)
            .collect()
    })
}

/// The default embedder. Cheap to create: the taxonomy is loaded once per
/// process and shared.
#[derive(Debug, Clone)]
pub struct BuiltinEmbedder {
    /// `None` only in tests that measure what the taxonomy adds.
    taxonomy: Option<&'static Taxonomy>,
}

impl Default for BuiltinEmbedder {
    fn default() -> Self {
        Self::new()
    }
}

impl BuiltinEmbedder {
    pub fn new() -> Self {
        Self {
            taxonomy: Some(Taxonomy::bundled()),
        }
    }

    /// The same algorithm without skill normalisation: only for measuring
    /// what the taxonomy is worth.
    #[cfg(test)]
    pub(crate) fn without_taxonomy() -> Self {
        Self { taxonomy: None }
    }

    /// One text's vector; see the module documentation for the algorithm.
    pub fn embed_one(&self, input: &str) -> Vec<f32> {
        let mut features = Features::default();
        self.collect_features(input, &mut features);
        let mut vector = vec![0.0f32; DIMENSION];
        // Summation order does not matter for determinism (the map's
        // iteration order is fixed for a given content in practice, but
        // floating-point addition is not associative), so the features are
        // sorted by hash first: identical bits on every run and machine.
        let mut entries: Vec<(u64, Feature)> = features.map.into_iter().collect();
        entries.sort_unstable_by_key(|(hash, _)| *hash);
        for (hash, feature) in entries {
            let mixed = mix(hash);
            let bucket = (mixed % DIMENSION as u64) as usize;
            let sign = if mixed >> 63 == 0 { 1.0 } else { -1.0 };
            let weight = feature.weight * sublinear(feature.count);
            vector[bucket] += sign * weight;
        }
        l2_normalise(&mut vector);
        vector
    }

    fn collect_features(&self, input: &str, features: &mut Features) {
        let tokens = text::tokens(input);
        let mentions = match self.taxonomy {
            Some(taxonomy) => taxonomy.find_in_tokens(input, &tokens),
            None => Vec::new(),
        };
        let mut general_cache: HashMap<SkillId, Vec<SkillId>> = HashMap::new();
        let mut mention_at = mentions.iter().peekable();
        // The previous content item's feature text, for pairs; `None` after
        // a stop word or number, so pairs never jump over them.
        let mut previous: Option<String> = None;
        let mut index = 0;
        while index < tokens.len() {
            let token = tokens[index];
            while mention_at.next_if(|m| m.end <= token.start).is_some() {}
            if let (Some(taxonomy), Some(mention)) = (self.taxonomy, mention_at.peek())
                && mention.start <= token.start
                && token.end <= mention.end
            {
                let item =
                    self.skill_features(taxonomy, mention.skill, features, &mut general_cache);
                if let Some(before) = previous.take() {
                    features.add_pair(&before, &item, PAIR_WEIGHT);
                }
                previous = Some(item);
                // Skip the rest of the mention's words.
                let end = mention.end;
                index += 1;
                while index < tokens.len() && tokens[index].end <= end {
                    index += 1;
                }
                continue;
            }
            index += 1;
            let single_letter =
                token.text.chars().count() < 2 && !token.text.chars().any(is_unspaced_script);
            if token.is_number() || single_letter {
                previous = None;
                continue;
            }
            let lower = text::normalise_word(token.text);
            if text::is_stopword(&lower) {
                previous = None;
                continue;
            }
            if lower.chars().any(is_unspaced_script) {
                // A run of Chinese or Japanese is a phrase, not a word: its
                // character bigrams and trigrams are the words here.
                features.add_unspaced_grams(&lower, UNSPACED_GRAM_WEIGHT);
                previous = None;
                continue;
            }
            let stem = text::stem(&lower);
            let factor = if common_stems().contains(&stem) {
                COMMON_FACTOR
            } else {
                1.0
            };
            features.add(TAG_WORD, &[stem.as_bytes()], WORD_WEIGHT * factor);
            features.add_char_grams(&lower, CHAR_GRAM_WEIGHT * factor);
            let item = format!("w:{stem}");
            if let Some(before) = previous.take() {
                features.add_pair(&before, &item, PAIR_WEIGHT * factor);
            }
            previous = Some(item);
        }
    }

    /// Adds a skill's features; returns its item text for pairs.
    fn skill_features(
        &self,
        taxonomy: &Taxonomy,
        skill: SkillId,
        features: &mut Features,
        general_cache: &mut HashMap<SkillId, Vec<SkillId>>,
    ) -> String {
        let name = taxonomy.name(skill).to_lowercase();
        let weight = match taxonomy.skill(skill).category {
            SkillCategory::SoftSkill => SOFT_SKILL_WEIGHT,
            _ => SKILL_WEIGHT,
        };
        features.add(TAG_SKILL, &[name.as_bytes()], weight);
        for word in text::tokens(&name) {
            let lower = text::normalise_word(word.text);
            if !text::is_stopword(&lower) && !word.is_number() {
                let stem = text::stem(&lower);
                let scale = weight / SKILL_WEIGHT;
                features.add(TAG_WORD, &[stem.as_bytes()], SKILL_NAME_WORD_WEIGHT * scale);
            }
        }
        let general = general_cache
            .entry(skill)
            .or_insert_with(|| general_skills(taxonomy, skill));
        for &parent in general.iter() {
            let parent_name = taxonomy.name(parent).to_lowercase();
            let scale = match taxonomy.skill(parent).category {
                SkillCategory::SoftSkill => SOFT_SKILL_WEIGHT / SKILL_WEIGHT,
                _ => 1.0,
            };
            features.add(
                TAG_SKILL,
                &[parent_name.as_bytes()],
                GENERAL_SKILL_WEIGHT * scale,
            );
        }
        format!("s:{name}")
    }
}

/// The skills `skill` implies by the taxonomy's rule (`Taxonomy::holds`): those
/// whose canonical name is a run of whole words inside its own ("AWS" in
/// "AWS Lambda").
fn general_skills(taxonomy: &Taxonomy, skill: SkillId) -> Vec<SkillId> {
    let name = taxonomy.name(skill).to_lowercase();
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out = Vec::new();
    for len in (1..words.len()).rev() {
        for start in 0..=words.len() - len {
            let phrase = words[start..start + len].join(" ");
            if let Some(id) = taxonomy.lookup(&phrase)
                && id != skill
                && taxonomy.name(id).to_lowercase() == phrase
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
    }
    out
}

/// `1 + ln(count)`, computed with basic arithmetic only. `f32::ln` calls
/// the platform's maths library, whose last bit may differ between
/// operating systems; `+ - * /` are exactly rounded everywhere, so this is
/// the same on every machine.
fn sublinear(count: u32) -> f32 {
    const LN_2: f64 = std::f64::consts::LN_2;
    if count <= 1 {
        return 1.0;
    }
    // count = m · 2^k with m in [1, 2); ln m = 2·atanh(t), t = (m-1)/(m+1)
    // ≤ 1/3, whose series converges to f64 precision in a dozen terms.
    let k = 31 - count.leading_zeros();
    let m = f64::from(count) / f64::from(1u32 << k);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let mut term = t;
    let mut series = 0.0;
    for odd in (1..=25).step_by(2) {
        series += term / f64::from(odd);
        term *= t2;
    }
    (1.0 + f64::from(k) * LN_2 + 2.0 * series) as f32
}

/// Scripts written without spaces between words (Han, kana, and Thai, Lao,
/// Khmer, Myanmar), whose tokens are whole phrases.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{2FA1F}' // CJK Extensions B–F, Compatibility Supplement
    )
}

#[derive(Debug, Clone, Copy)]
struct Feature {
    /// The largest per-occurrence weight seen for this feature.
    weight: f32,
    count: u32,
}

#[derive(Debug, Default)]
struct Features {
    map: HashMap<u64, Feature>,
}

impl Features {
    fn add(&mut self, tag: &[u8], parts: &[&[u8]], weight: f32) {
        let mut hash = fnv1a64_extend(FNV_START, tag);
        for part in parts {
            hash = fnv1a64_extend(hash, part);
        }
        let entry = self.map.entry(hash).or_insert(Feature { weight, count: 0 });
        entry.weight = entry.weight.max(weight);
        entry.count = entry.count.saturating_add(1);
    }

    fn add_pair(&mut self, first: &str, second: &str, weight: f32) {
        self.add(
            TAG_PAIR,
            &[first.as_bytes(), b"\x1f", second.as_bytes()],
            weight,
        );
    }

    /// Character bigrams and trigrams of a phrase in a script without
    /// spaces (a single character alone when that is all there is).
    fn add_unspaced_grams(&mut self, phrase: &str, weight: f32) {
        let bounds: Vec<usize> = phrase
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(phrase.len()))
            .collect();
        let chars = bounds.len() - 1;
        if chars == 1 {
            self.add(TAG_GRAM, &[phrase.as_bytes()], weight);
        }
        for n in 2..=3 {
            if chars < n {
                break;
            }
            for start in 0..=chars - n {
                let gram = &phrase[bounds[start]..bounds[start + n]];
                self.add(TAG_GRAM, &[gram.as_bytes()], weight);
            }
        }
    }

    /// Character 3- to 5-grams of `<word>`, cut at char boundaries.
    fn add_char_grams(&mut self, word: &str, weight: f32) {
        let padded = format!("<{word}>");
        let bounds: Vec<usize> = padded
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(padded.len()))
            .collect();
        let chars = bounds.len() - 1;
        for n in 3..=5 {
            if chars < n {
                break;
            }
            for start in 0..=chars - n {
                let gram = &padded[bounds[start]..bounds[start + n]];
                self.add(TAG_GRAM, &[gram.as_bytes()], weight);
            }
        }
    }
}

impl Embedder for BuiltinEmbedder {
    fn id(&self) -> EmbedderId {
        EmbedderId {
            name: NAME.to_owned(),
            version: VERSION,
            dimension: DIMENSION,
        }
    }

    fn dimension(&self) -> usize {
        DIMENSION
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let started = std::time::Instant::now();
        let vectors: Vec<Vec<f32>> = texts.iter().map(|t| self.embed_one(t)).collect();
        tracing::trace!(
            texts = texts.len(),
            bytes = texts.iter().map(|t| t.len()).sum::<usize>(),
            elapsed_us = started.elapsed().as_micros() as u64,
            "built-in embedder batch"
        );
        Ok(vectors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_batch, cosine};

    fn embed(text: &str) -> Vec<f32> {
        BuiltinEmbedder::new().embed_one(text)
    }

    fn norm(v: &[f32]) -> f32 {
        v.iter().map(|x| x * x).sum::<f32>().sqrt()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn same_text_gives_identical_bits_across_instances_and_batches() {
        let text = "Senior Rust engineer: k8s, Postgres and AWS Lambda; on-call for payments.";
        let a = BuiltinEmbedder::new();
        let b = BuiltinEmbedder::default();
        let one = a.embed(&[text]).expect("test value");
        let batch = b
            .embed(&["something else", text, text])
            .expect("test value");
        assert_eq!(bits(&one[0]), bits(&batch[1]));
        assert_eq!(bits(&batch[1]), bits(&batch[2]));
    }

    #[test]
    fn vectors_are_pinned_across_builds_and_machines() {
        // A checksum of the exact bits of a few vectors. If this fails, the
        // algorithm changed: every stored vector is stale. Bump VERSION (so
        // stores re-index) and update the checksum, never only the checksum.
        let mut hash = FNV_START;
        for text in [
            "Kubernetes platform engineer, Terraform and Go",
            "Registered nurse, ICU, patient care",
            "naïve café — 東京 📈",
        ] {
            for value in embed(text) {
                hash = fnv1a64_extend(hash, &value.to_bits().to_le_bytes());
            }
        }
        assert_eq!(hash, 0x0fea_8a54_b036_ce1d, "checksum {hash:#x}");
        assert_eq!(
            BuiltinEmbedder::new().id().to_string(),
            "builtin-hash-v1/384"
        );
    }

    #[test]
    fn sublinear_weight_is_one_plus_ln() {
        for count in [1u32, 2, 3, 7, 8, 100, 12345, u32::MAX] {
            let expected = 1.0 + f64::from(count).ln();
            let got = f64::from(sublinear(count));
            assert!(
                (got - expected).abs() < 1e-6,
                "{count}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn every_vector_has_the_dimension_and_unit_length() {
        let embedder = BuiltinEmbedder::new();
        let texts = [
            "Go",
            "Managed a team of 12 nurses on a 30-bed surgical unit.",
            "Forklift operator, inventory cycle counts, RF scanners, pick and pack.",
        ];
        let vectors = embedder.embed(&texts).expect("test value");
        check_batch(&embedder.id(), texts.len(), &vectors).expect("test value");
        for (text, vector) in texts.iter().zip(&vectors) {
            assert_eq!(vector.len(), embedder.dimension());
            assert!(
                (norm(vector) - 1.0).abs() < 1e-4,
                "{text}: {}",
                norm(vector)
            );
        }
    }

    #[test]
    fn empty_whitespace_and_punctuation_only_texts_give_the_zero_vector() {
        for text in ["", "   \n\t  ", "— ... !!! ()", "the and of a"] {
            let vector = embed(text);
            assert_eq!(vector.len(), DIMENSION);
            assert!(vector.iter().all(|&x| x == 0.0), "{text:?}");
            assert_eq!(cosine(&vector, &embed("Rust")), 0.0);
        }
    }

    #[test]
    fn emoji_rtl_cjk_and_control_characters_embed_without_panic() {
        for text in [
            "🚀🔥 shipped 🎉 Rust 🦀",
            "مهندس برمجيات خبرة في Python",
            "שלום עולם Kubernetes",
            "ソフトウェアエンジニア、東京、Go言語",
            "数据科学家 机器学习 Python",
            "tab\tnul\0bell\u{7}esc\u{1b}[31m zero\u{200b}width rtl\u{202e}override",
            "\u{feff}BOM and e\u{301} combining",
        ] {
            let vector = embed(text);
            assert!((norm(&vector) - 1.0).abs() < 1e-4, "{text:?}");
        }
        // Scripts without spaces still match themselves through character grams.
        let a = embed("数据科学家 机器学习");
        let b = embed("资深数据科学家，负责机器学习平台");
        let c = embed("仓库叉车操作员");
        assert!(
            cosine(&a, &b) > cosine(&a, &c) + 0.1,
            "{} {}",
            cosine(&a, &b),
            cosine(&a, &c)
        );
    }

    #[test]
    fn a_megabyte_of_text_embeds_without_panic() {
        let paragraph = "Led migration of 40 services to Kubernetes; cut p99 latency 35%. \
                         Mentored four engineers, ran on-call. ";
        let mut text = String::new();
        while text.len() < 1_000_000 {
            text.push_str(paragraph);
        }
        let vector = embed(&text);
        assert!((norm(&vector) - 1.0).abs() < 1e-4);
        // Sublinear TF: a thousand repeats stay about the same topic.
        assert!(cosine(&vector, &embed(paragraph)) > 0.9);
    }

    #[test]
    fn aliases_land_on_their_skill() {
        let k8s = embed("k8s cluster upgrades");
        let kubernetes = embed("Kubernetes cluster upgrades");
        let unrelated = embed("Excel pivot table reporting");
        assert!(
            cosine(&k8s, &kubernetes) > 0.85,
            "{}",
            cosine(&k8s, &kubernetes)
        );
        assert!(cosine(&k8s, &unrelated) < 0.2);
        let js = embed("JS");
        let javascript = embed("JavaScript");
        assert!(
            cosine(&js, &javascript) > 0.95,
            "{}",
            cosine(&js, &javascript)
        );
    }

    #[test]
    fn the_taxonomy_is_what_brings_aliases_together() {
        let plain = BuiltinEmbedder::without_taxonomy();
        let with = cosine(&embed("k8s"), &embed("Kubernetes"));
        let without = cosine(&plain.embed_one("k8s"), &plain.embed_one("Kubernetes"));
        assert!(with > 0.9, "{with}");
        assert!(without < 0.3, "{without}");
    }

    #[test]
    fn a_specific_skill_contributes_to_its_general_one() {
        let lambda = embed("AWS Lambda");
        let aws = embed("AWS");
        let azure = embed("Azure");
        assert!(cosine(&lambda, &aws) > 0.3, "{}", cosine(&lambda, &aws));
        assert!(cosine(&lambda, &aws) > cosine(&lambda, &azure) + 0.2);
    }

    #[test]
    fn common_job_words_count_less_than_distinctive_ones() {
        // Same shared word count; the pair sharing a distinctive word is closer.
        let distinctive = cosine(&embed("phlebotomy rounds"), &embed("phlebotomy audits"));
        let common = cosine(&embed("stakeholders rounds"), &embed("stakeholders audits"));
        assert!(distinctive > common + 0.2, "{distinctive} vs {common}");
    }

    #[test]
    fn inflections_meet_through_stems_and_character_grams() {
        let a = embed("deployed microservices");
        let b = embed("deploying a microservice");
        let c = embed("baked sourdough bread");
        assert!(cosine(&a, &b) > 0.6, "{}", cosine(&a, &b));
        assert!(cosine(&a, &c) < 0.2);
    }
}
