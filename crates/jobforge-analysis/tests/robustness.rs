//! Whatever text a user pastes — empty, binary-looking, another script,
//! half a table, a huge line — analysis answers without panicking.

use jobforge_analysis::{Resume, Target, TruthGate, Voice, analyse, position};
use jobforge_types::DocumentKind;

fn awkward_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "$",
        "%%%",
        "(((((",
        ")))",
        "—–-|•·",
        "### — (2021–) ,",
        "## Experience\n### \n- \n-",
        "1,2,3,4,5,6,7,8,9,10,000,000.5x%",
        "e.g. i.e. U.S. B.Sc. Ph.D. a. b. c.",
        "Ünïcödé résumé — naïve café, São Paulo, Zürich",
        "日本語の履歴書です。Rustの経験があります。",
        "سيرة ذاتية باللغة العربية مع Python",
        "emoji 🚀🔥 led 10x growth 💯% at Acme 🏢",
        "C++ C# .NET Node.js CI/CD FP&A R&D 401(k) 24/7 p99",
        "I have 5+ years' experience; 3–5 yrs; two-thirds; 1st 2nd 3rd",
        "Dear ,\n\nBest regards,\n",
        "\u{0}\u{1}\u{7f}\u{feff}\u{200b}\u{202e}reversed",
        "a\u{301}\u{301}\u{301} combining marks",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    inputs.push("Senior Rust Engineer at Globex (2019–2023). ".repeat(2_000));
    inputs.push(format!("- {}\n", "x".repeat(100_000)));
    inputs
}

#[test]
fn no_input_makes_analysis_panic() {
    for input in awkward_inputs() {
        let analysis = analyse(&input, "Acme", "Rust Engineer");
        let resume = Resume::parse(&input);
        let _ = position(&resume, &input, &analysis, 2026);
        let _ = Voice::learn([input.as_str()]);
        let gate = TruthGate::new(
            &[&input],
            Target {
                company: "Acme".into(),
                role_title: "Rust Engineer".into(),
                posting: input.clone(),
            },
        );
        for kind in DocumentKind::ALL {
            let _ = gate.check(&input, *kind);
            let _ = gate.check("I led 10 engineers at Initech with an MBA in Rust.", *kind);
        }
    }
}
