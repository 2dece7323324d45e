//! The texts that are embedded, and embedding them safely.

use jobforge_analysis::posting::PostingAnalysis;
use jobforge_analysis::resume::Resume;
use jobforge_embed::{
    ChunkKind, ChunkLimits, EmbedError, Embedder, EmbedderId, check_batch, chunk,
};

/// Embeds `texts` in batches the embedder accepts, checking every answer
/// (count, dimension, finite values) before it is used.
pub(crate) fn embed_all(
    embedder: &dyn Embedder,
    id: &EmbedderId,
    texts: &[&str],
) -> Result<Vec<Vec<f32>>, EmbedError> {
    let mut vectors = Vec::with_capacity(texts.len());
    for batch in texts.chunks(embedder.max_batch().max(1)) {
        let answer = embedder.embed(batch)?;
        check_batch(id, batch.len(), &answer)?;
        vectors.extend(answer);
    }
    Ok(vectors)
}

/// What the posting says the job is, one unit per vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostingUnits {
    pub texts: Vec<String>,
    /// True when the analysis found no responsibilities and the posting's
    /// own chunks stand in for them.
    pub from_chunks: bool,
}

/// Section titles whose chunks say nothing about the work (benefits, how
/// to apply); matched as lower-case fragments, a few languages' worth.
const NOT_ABOUT_THE_WORK: &[&str] = &[
    "benefi",
    "perks",
    "we offer",
    "salary",
    "compensation",
    "apply",
    "equal opportunity",
    "aplicar",
    "postular",
];

/// The posting's responsibilities, each its own unit. A posting the
/// analysis could not structure (no recognisable responsibilities list,
/// or a language it does not read) is compared through the embed crate's
/// chunks of the whole posting instead, benefits and application notes
/// left out.
pub(crate) fn posting_units(posting_markdown: &str, analysis: &PostingAnalysis) -> PostingUnits {
    if !analysis.responsibilities.is_empty() {
        return PostingUnits {
            texts: analysis.responsibilities.clone(),
            from_chunks: false,
        };
    }
    let texts = chunk(posting_markdown, ChunkKind::Posting, ChunkLimits::default())
        .into_iter()
        .filter(|c| {
            let title = c.section.as_deref().unwrap_or("").to_lowercase();
            !NOT_ABOUT_THE_WORK.iter().any(|f| title.contains(f))
        })
        .map(|c| c.text)
        .collect();
    PostingUnits {
        texts,
        from_chunks: true,
    }
}

/// Chunk sizes for the resume's experience: a bullet or two each, so that
/// one responsibility is compared with the part of a role that answers it
/// rather than with the whole role, whose other bullets only dilute the
/// vector (with the built-in embedder, chunks twice this size put the
/// best match of a responsibility at a median cosine of 0.28 in the resume
/// written for the posting and 0.04 in one from another field; chunks of
/// this size at 0.37 and 0.06: a wider gap).
const EXPERIENCE_LIMITS: ChunkLimits = ChunkLimits {
    target_chars: 120,
    max_chars: 200,
    overlap_chars: 40,
};

/// The resume's experience as chunks: its roles and projects as the resume
/// parser reads them (whatever their headings look like), laid out as
/// Markdown and cut by the embed crate's chunker. A resume without roles
/// or projects is chunked whole. The flag is true in that case.
pub(crate) fn experience_chunks(resume_markdown: &str, resume: &Resume) -> (Vec<String>, bool) {
    let mut experience = String::new();
    for entry in resume.roles().chain(resume.projects()) {
        experience.push_str("### ");
        experience.push_str(entry.heading.trim().trim_start_matches('#').trim());
        experience.push('\n');
        for line in entry.other_lines.iter().chain(&entry.bullets) {
            experience.push_str("- ");
            experience.push_str(line.trim());
            experience.push('\n');
        }
        experience.push('\n');
    }
    let whole = experience.trim().is_empty();
    let source = if whole {
        resume_markdown
    } else {
        experience.as_str()
    };
    let chunks = chunk(source, ChunkKind::Resume, EXPERIENCE_LIMITS)
        .into_iter()
        .map(|c| c.text)
        .collect();
    (chunks, whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_analysis::posting::analyse;

    #[test]
    fn responsibilities_are_the_units_when_the_posting_lists_them() {
        let posting = "What you'll do:\n- Design Go services\n- Own the Kafka pipeline\n\nRequirements:\n- 5+ years\n";
        let analysis = analyse(posting, "Acme", "Engineer");
        let units = posting_units(posting, &analysis);
        assert!(!units.from_chunks);
        assert_eq!(
            units.texts,
            ["Design Go services", "Own the Kafka pipeline"]
        );
    }

    #[test]
    fn an_unstructured_posting_falls_back_to_its_chunks_without_benefits() {
        let posting = "Puesto: Java developer\n\nRequisitos:\n- Java, Spring y Hibernate\n\nBeneficios:\n- Seguro médico\n";
        let analysis = analyse(posting, "BBVA", "Java developer");
        let units = posting_units(posting, &analysis);
        assert!(units.from_chunks);
        assert!(units.texts.iter().any(|t| t.contains("Hibernate")));
        assert!(!units.texts.iter().any(|t| t.contains("Seguro")));
    }

    #[test]
    fn experience_is_chunked_from_roles_and_projects_only() {
        let markdown = "# Ada\n\n## Summary\nLikes Rust.\n\n## Experience\n### Engineer — Acme (2019–2022)\n- Built Go services\n\n## Skills\nCOBOL\n";
        let resume = Resume::parse(markdown);
        let (chunks, whole) = experience_chunks(markdown, &resume);
        assert!(!whole);
        let joined = chunks.join("\n");
        assert!(joined.contains("Built Go services"));
        assert!(!joined.contains("COBOL") && !joined.contains("Likes Rust"));
    }
}
