//! Prints what the PDF reader makes of a file, one line per text line with
//! its layout hints: `cargo run -p jobforge-pdf --example pdf_text -- FILE`.

use jobforge_pdf::{ReadLimits, read_text};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_text FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    };
    let started = std::time::Instant::now();
    let result = read_text(&bytes, &ReadLimits::default());
    let elapsed = started.elapsed();
    match result {
        Ok(text) => {
            for page in &text.pages {
                println!("--- page {}", page.number);
                for line in &page.lines {
                    println!(
                        "[c{} {:>5.1}pt {}{} x{:>5.0} y{:>5.0}] {}",
                        line.column,
                        line.font_size,
                        if line.bold { "B" } else { "-" },
                        if line.italic { "I" } else { "-" },
                        line.x,
                        line.y,
                        line.text
                    );
                }
            }
            eprintln!("read in {elapsed:?}");
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
