//! Realistic pages read with `from_html` and `from_text`: fields exact,
//! page furniture (navigation, cookie banners, footers) never in the
//! description.

use jobforge_capture::{CaptureError, from_html, from_text};
use jobforge_types::{CaptureMethod, CapturedPosting, Date};

const JOB_BOARD: &str = include_str!("fixtures/job_board_jsonld.html");
const CAREERS: &str = include_str!("fixtures/careers_page.html");
const DIV_SOUP: &str = include_str!("fixtures/div_soup_careers.html");
const SEVERAL: &str = include_str!("fixtures/several_jsonld.html");
const MALFORMED: &str = include_str!("fixtures/malformed_jsonld.html");
const TRUNCATED: &str = include_str!("fixtures/truncated_jsonld.html");
const BROKEN: &str = include_str!("fixtures/broken_jsonld_fallback.html");

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    let month = time::Month::try_from(m).ok()?;
    Date::from_calendar_date(y, month, d).ok()
}

fn capture(html: &str, url: &str) -> CapturedPosting {
    from_html(html, Some(url)).unwrap_or_else(|e| panic!("no posting: {e}"))
}

fn assert_no_page_furniture(description: &str, furniture: &[&str]) {
    for text in furniture {
        assert!(
            !description.to_lowercase().contains(&text.to_lowercase()),
            "“{text}” leaked into the description:\n{description}"
        );
    }
}

#[test]
fn job_board_page_with_json_ld() {
    let posting = capture(JOB_BOARD, "https://lanternway.example/jobs/117");
    assert_eq!(posting.method, CaptureMethod::JsonLd);
    assert_eq!(
        posting.source_url.as_deref(),
        Some("https://lanternway.example/jobs/117")
    );
    assert_eq!(
        posting.title.as_deref(),
        Some("Senior Backend Engineer (Rust)")
    );
    assert_eq!(posting.company.as_deref(), Some("Quillmate GmbH"));
    assert_eq!(
        posting.location.as_deref(),
        Some("Leipzig, Saxony, DE; Remote (Germany)")
    );
    assert_eq!(posting.date_posted, date(2025, 5, 12));
    assert_eq!(posting.deadline, date(2099, 6, 30));
    assert_eq!(posting.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(
        posting.salary.as_deref(),
        Some("EUR 72,000–88,000 per year")
    );
    assert_eq!(
        posting.description,
        "## About the role\n\
         \n\
         Quillmate builds the invoicing backbone for 4,000 small print shops across Europe. \
         You will own the services that turn orders into invoices & keep them *correct* under load.\n\
         \n\
         ## What you will do\n\
         \n\
         - Design and run our billing services in **Rust** and PostgreSQL\n\
         - Pair with product on new payment flows\n  \
           - SEPA direct debit\n  \
           - Card payments via our PSP\n\
         - Keep on-call calm: fewer pages, better runbooks\n\
         \n\
         ## What you bring\n\
         \n\
         1. 5+ years building backend systems\n\
         2. Comfort with async Rust (Tokio) or a wish to learn it fast\n\
         \n\
         Questions? Write to [talent@quillmate.example](mailto:talent@quillmate.example) \
         or read our [engineering blog](https://lanternway.example/company/quillmate/engineering)."
    );
    assert!(posting.notes.is_empty(), "{:?}", posting.notes);
    assert_no_page_furniture(
        &posting.description,
        &[
            "cookies",
            "Find jobs",
            "Salary guide",
            "Similar jobs",
            "Imprint",
            "trackView",
            "dataLayer",
        ],
    );
}

#[test]
fn careers_page_without_json_ld_uses_the_main_text() {
    let posting = capture(
        CAREERS,
        "https://brightfern.example/careers/product-designer",
    );
    assert_eq!(posting.method, CaptureMethod::PageText);
    assert_eq!(posting.title.as_deref(), Some("Product Designer"));
    assert_eq!(posting.company.as_deref(), Some("Brightfern"));
    assert_eq!(
        posting.location.as_deref(),
        Some("Porto, Portugal (hybrid, 2 days in the office)")
    );
    assert_eq!(posting.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(posting.salary.as_deref(), Some("€42,000–€52,000 a year"));
    assert_eq!(posting.date_posted, None);
    assert_eq!(posting.deadline, None);
    assert_eq!(
        posting.notes,
        ["the company “Brightfern” was taken from the site's name; check it"]
    );
    assert_eq!(
        posting.description,
        "[All openings](https://brightfern.example/careers)\n\
         \n\
         # Product Designer\n\
         \n\
         **Location:** Porto, Portugal (hybrid, 2 days in the office)\n\
         \n\
         **Employment type:** Full-time\n\
         \n\
         **Salary:** €42,000–€52,000 a year\n\
         \n\
         ## Who we are\n\
         \n\
         Brightfern makes scheduling software for community clinics. Our small team of eighteen \
         people cares about calm interfaces that nurses can use between two patients.\n\
         \n\
         ## The role\n\
         \n\
         You will shape how clinics plan their week: from research with the people at the front \
         desk to polished flows in Figma and the details of our design system.\n\
         \n\
         ### You will\n\
         \n\
         - Run interviews and usability tests with clinic staff every month\n\
         - Turn findings into flows, prototypes and specs developers love\n\
         - Look after our design system, *Fernkit*\n\
         \n\
         ### You have\n\
         \n\
         - 3+ years designing web or mobile products\n\
         - A portfolio that shows your process, not only the pictures\n\
         - Good written English; Portuguese is a plus\n\
         \n\
         Holidays | 25 days\n\
         Learning budget | €1,000 a year\n\
         \n\
         Send your CV and portfolio to [jobs@brightfern.example](mailto:jobs@brightfern.example).\n\
         We answer every application within two weeks."
    );
    assert_no_page_furniture(
        &posting.description,
        &[
            "cookie",
            "About us",
            "Contact",
            "Share",
            "Apply for this job",
            "Your name",
            "Other openings",
            "Backend Developer",
            "Rua das Flores",
            "Mastodon",
            "hideConsent",
            "font-family",
        ],
    );
}

#[test]
fn page_without_main_or_article_finds_the_densest_text() {
    let posting = capture(DIV_SOUP, "https://ottersby.example/jobs/4");
    assert_eq!(posting.method, CaptureMethod::PageText);
    assert_eq!(posting.title.as_deref(), Some("Warehouse Team Lead"));
    assert_eq!(posting.company.as_deref(), Some("Ottersby Logistics"));
    assert_eq!(posting.location.as_deref(), Some("Hull, East Yorkshire"));
    assert_eq!(
        posting.description,
        "Ottersby Logistics runs two cross-dock warehouses near Hull and ships for forty regional \
         retailers. We are looking for a team lead for our night shift.\n\
         \n\
         Your tasks:\n\
         - lead a team of twelve pickers and loaders\n\
         - plan the shift with the transport office\n\
         - keep safety first and the loading bays tidy\n\
         \n\
         We offer a permanent contract, a night-shift allowance and free parking.\n\
         Location: Hull, East Yorkshire"
    );
    // Both guesses are doubtful and said so.
    assert_eq!(posting.notes.len(), 2, "{:?}", posting.notes);
    assert!(posting.notes[0].contains("page's title"));
    assert!(posting.notes[1].contains("company “Ottersby Logistics” was guessed"));
    assert_no_page_furniture(
        &posting.description,
        &[
            "Home",
            "Services",
            "Forklift",
            "Driver (C+E)",
            "Copyright",
            "Imprint",
        ],
    );
}

#[test]
fn several_json_ld_blocks_and_postings() {
    let posting = capture(SEVERAL, "https://harrowgate.example/jobs/ml-engineer");
    assert_eq!(posting.method, CaptureMethod::JsonLd);
    // The draft without a description is passed over for the first
    // complete posting; its organisation is found by @id.
    assert_eq!(posting.title.as_deref(), Some("Machine Learning Engineer"));
    assert_eq!(posting.company.as_deref(), Some("Harrowgate Labs Ltd"));
    assert_eq!(
        posting.location.as_deref(),
        Some("Cambridge, United Kingdom; Edinburgh, Scotland, United Kingdom")
    );
    assert_eq!(posting.date_posted, date(2025, 2, 3));
    assert_eq!(posting.deadline, date(2099, 3, 31));
    assert_eq!(posting.employment_type.as_deref(), Some("Part-time"));
    assert_eq!(posting.salary.as_deref(), Some("GBP 38.50 per hour"));
    assert_eq!(
        posting.description,
        "Help farmers predict harvests from satellite images.\n\n\
         You will train, evaluate and ship models that run every night over 2 million fields."
    );
    assert_eq!(posting.notes.len(), 1, "{:?}", posting.notes);
    assert!(posting.notes[0].contains("3 job postings"));
    assert!(posting.notes[0].contains("“Machine Learning Engineer”"));
}

#[test]
fn malformed_json_ld_is_repaired_or_skipped_with_a_note() {
    let posting = capture(MALFORMED, "https://staldric.example/jobs/night-nurse");
    assert_eq!(posting.method, CaptureMethod::JsonLd);
    assert_eq!(posting.title.as_deref(), Some("Night Nurse (RGN)"));
    assert_eq!(posting.company.as_deref(), Some("St. Aldric Care Home"));
    assert_eq!(posting.location.as_deref(), Some("Norwich, GB"));
    assert_eq!(posting.date_posted, date(2025, 4, 1));
    assert_eq!(posting.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(posting.salary.as_deref(), Some("GBP 24.10 per hour"));
    assert_eq!(
        posting.description,
        "Our home in Norwich looks after 46 residents. We are looking for a registered nurse for nights.\n\
         \n\
         - Four 12-hour nights a week\n\
         - Paid breaks and free meals"
    );
    // The second block (a missing comma) cannot be repaired: skipped, noted.
    assert_eq!(posting.notes.len(), 1, "{:?}", posting.notes);
    assert!(posting.notes[0].starts_with("structured data block 2 on the page could not be read"));
}

#[test]
fn truncated_json_ld_is_closed_and_noted() {
    let posting = capture(TRUNCATED, "https://pellworth.example/jobs/junior");
    assert_eq!(posting.method, CaptureMethod::JsonLd);
    assert_eq!(posting.title.as_deref(), Some("Junior Accountant"));
    assert_eq!(posting.company.as_deref(), Some("Pellworth & Daughters"));
    assert_eq!(posting.location.as_deref(), Some("Bristol, GB"));
    assert_eq!(posting.date_posted, date(2025, 1, 20));
    assert!(posting.description.starts_with(
        "Pellworth & Daughters is a family-run accountancy in Bristol with forty clients in hospitality.\n\n"
    ));
    assert!(
        posting
            .description
            .ends_with("- Monthly management accounts\n- VAT ret")
    );
    assert_eq!(posting.notes.len(), 1, "{:?}", posting.notes);
    assert!(posting.notes[0].contains("cut off"));
}

#[test]
fn unreadable_json_ld_falls_back_to_the_page_text() {
    let posting = capture(BROKEN, "https://hollinpark.example/jobs/gardener");
    assert_eq!(posting.method, CaptureMethod::PageText);
    assert_eq!(posting.title.as_deref(), Some("Gardener"));
    assert_eq!(posting.company.as_deref(), Some("Hollin Park Trust"));
    assert!(
        posting
            .description
            .starts_with("# Gardener\n\nHollin Park Trust looks after")
    );
    assert!(
        posting
            .description
            .ends_with("or equal experience, is needed.")
    );
    assert_no_page_furniture(&posting.description, &["Visit", "registered charity"]);
    assert_eq!(posting.notes.len(), 2, "{:?}", posting.notes);
    assert!(posting.notes[0].contains("structured data block 1"));
    assert!(posting.notes[1].contains("site's name"));
}

#[test]
fn without_a_url_relative_links_become_text() {
    let posting = from_html(JOB_BOARD, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(posting.source_url, None);
    assert!(
        posting
            .description
            .ends_with("or read our engineering blog.")
    );
}

#[test]
fn login_wall_is_no_posting() {
    let html = r#"<!doctype html><html><head><title>Sign in | Lanternway Jobs</title></head>
        <body><header><nav><a href="/">Lanternway Jobs</a></nav></header>
        <main><h1>Sign in to see this job</h1>
        <form action="/login" method="post"><label>Email <input type="email" name="email"></label>
        <label>Password <input type="password" name="password"></label><button>Sign in</button></form>
        </main><footer>© 2025 Lanternway Jobs</footer></body></html>"#;
    match from_html(html, Some("https://lanternway.example/jobs/118")) {
        Err(error @ CaptureError::NoPosting { .. }) => {
            let message = error.to_string();
            assert!(message.contains("asks you to sign in"), "{message}");
            assert!(message.contains("paste it instead"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pasted_page_source_is_read_as_a_page() {
    let posting = from_text(JOB_BOARD);
    assert_eq!(posting.method, CaptureMethod::Pasted);
    assert_eq!(
        posting.title.as_deref(),
        Some("Senior Backend Engineer (Rust)")
    );
    assert_eq!(posting.company.as_deref(), Some("Quillmate GmbH"));
    assert_eq!(posting.source_url, None);
}

#[test]
fn pasted_text_copied_from_a_page() {
    let text = "Product Designer\n\
                Brightfern · Porto, Portugal\n\
                \n\
                Who we are\n\
                Brightfern makes scheduling software for community clinics.\n\
                \n\
                You will\n\
                • Run interviews and usability tests\n\
                • Look after our design system\n\
                \n\
                Employment type: Full-time\n";
    let posting = from_text(text);
    assert_eq!(posting.method, CaptureMethod::Pasted);
    assert_eq!(posting.title.as_deref(), Some("Product Designer"));
    assert_eq!(
        posting.company, None,
        "the second line is not clearly a company"
    );
    assert_eq!(posting.location, None);
    assert_eq!(posting.employment_type.as_deref(), Some("Full-time"));
    assert_eq!(
        posting.description,
        "Product Designer\nBrightfern · Porto, Portugal\n\nWho we are\n\
         Brightfern makes scheduling software for community clinics.\n\nYou will\n\
         - Run interviews and usability tests\n- Look after our design system\n\n\
         Employment type: Full-time"
    );
    assert_eq!(
        posting.notes,
        ["the title was read from the first line; check it"]
    );
}

#[test]
fn pasted_text_with_labels() {
    let posting = from_text(
        "Job title: Bookkeeper\r\nCompany: Marrowfield Bakery\r\nLocation: York\r\nSalary: £14.50 an hour\r\n\r\nWe bake bread for twenty cafés in York and need help with our books two days a week.",
    );
    assert_eq!(posting.title.as_deref(), Some("Bookkeeper"));
    assert_eq!(posting.company.as_deref(), Some("Marrowfield Bakery"));
    assert_eq!(posting.location.as_deref(), Some("York"));
    assert_eq!(posting.salary.as_deref(), Some("£14.50 an hour"));
    assert!(posting.notes.is_empty(), "{:?}", posting.notes);
}
