//! PDFs read back with poppler's tools (`pdftotext`, `pdffonts`, `pdfinfo`),
//! which `bash tests/run.sh` installs.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// PDF points in a millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The standard output of a poppler tool run with `args`; fails with what
/// to do when poppler is not installed.
pub fn poppler(tool: &str, args: &[&OsStr]) -> String {
    let output = match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is missing: the PDF tests read PDFs back with poppler-utils; \
             run the tests with `bash tests/run.sh`, which installs it"
        ),
        Err(error) => panic!("cannot run `{tool}`: {error}"),
    };
    assert!(
        output.status.success(),
        "`{tool}` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler writes UTF-8")
}

/// The text of `pdf` as `pdftotext` extracts it, with `options` before the file.
pub fn pdftotext(options: &[&str], pdf: &Path) -> String {
    let mut args: Vec<&OsStr> = options.iter().map(OsStr::new).collect();
    args.extend([pdf.as_os_str(), OsStr::new("-")]);
    poppler("pdftotext", &args)
}

/// What `pdfinfo` says of `pdf`.
pub fn pdfinfo(pdf: &Path) -> String {
    poppler("pdfinfo", &[pdf.as_os_str()])
}

/// The value after `key:` in `pdfinfo` output.
pub fn info_field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {key} in {info}"))
        .trim()
}

/// Width and height in points of the first page.
pub fn page_size(pdf: &Path) -> (f32, f32) {
    let info = pdfinfo(pdf);
    let size = info_field(&info, "Page size");
    let numbers: Vec<&str> = size.split_whitespace().collect();
    assert_eq!(numbers.get(1), Some(&"x"), "{size}");
    let number = |at: usize| -> f32 {
        numbers[at]
            .parse()
            .unwrap_or_else(|_| panic!("page size {size}"))
    };
    (number(0), number(2))
}

/// The number of pages.
pub fn page_count(pdf: &Path) -> usize {
    info_field(&pdfinfo(pdf), "Pages")
        .parse()
        .expect("a page count")
}

/// The text of page `page` (from 1).
pub fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    pdftotext(&["-f", &page, "-l", &page], pdf)
}
