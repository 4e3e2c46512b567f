//! SVG drawn from a [`Scene`]: text stays text (searchable and editable), set
//! in the bundled font, which is embedded as a web font or only referenced;
//! card pictures are embedded as PNG data.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use base64::Engine as _;

use super::outline;
use crate::layout::{Point, Rect};
use crate::pictures::Thumbnail;
use crate::scene::text::{FONT_BYTES, FONT_FAMILY};
use crate::scene::{Anchor, Colour, Item, Scene, Stroke, TextRun};

/// How the SVG is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SvgOptions {
    /// Embed the bundled font (about 2.5 MB of base64) so Chinese renders the
    /// same anywhere; otherwise the font is only named and must be installed.
    pub embed_font: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self { embed_font: true }
    }
}

/// The SVG document of `scene`. Linear in the number of items.
pub fn to_svg(scene: &Scene, options: SvgOptions) -> String {
    let font_bytes = if options.embed_font {
        FONT_BYTES.len() * 4 / 3 + 256
    } else {
        0
    };
    let mut out = String::with_capacity(font_bytes + scene.items.len() * 160 + 1024);
    let (width, height) = (number(scene.width), number(scene.height));
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="'{FONT_FAMILY}', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif">"#
    );
    out.push_str("<style>");
    if options.embed_font {
        let _ = write!(
            out,
            "@font-face{{font-family:'{FONT_FAMILY}';src:url(data:font/otf;base64,"
        );
        base64::engine::general_purpose::STANDARD.encode_string(FONT_BYTES, &mut out);
        out.push_str(") format('opentype');}");
    }
    out.push_str("text{white-space:pre}</style>\n");
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        hex(scene.background)
    );
    // Each picture is encoded once, however many cards show it.
    let mut pictures = HashMap::new();
    for item in &scene.items {
        match item {
            Item::Image { rect, picture } => write_image(&mut out, *rect, picture, &mut pictures),
            item => write_item(&mut out, item),
        }
    }
    out.push_str("</svg>\n");
    out
}

fn write_item(out: &mut String, item: &Item) {
    match item {
        Item::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let (inside, inside_radius) = outline::inside_outline(*rect, *radius, *stroke);
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                number(inside.min.x),
                number(inside.min.y),
                number(inside.width().max(0.0)),
                number(inside.height().max(0.0)),
            );
            if *radius > 0.0 {
                let _ = write!(out, r#" rx="{}""#, number(inside_radius));
            }
            write_fill(out, *fill);
            if let Some(stroke) = stroke {
                write_stroke(out, *stroke);
            }
            out.push_str("/>\n");
        }
        Item::Polyline {
            points,
            stroke,
            dash,
        } => {
            out.push_str(r#"<path fill="none" d="M"#);
            write_points(out, points, true);
            out.push('"');
            write_stroke(out, *stroke);
            if let Some([on, off]) = dash {
                let _ = write!(
                    out,
                    r#" stroke-dasharray="{} {}""#,
                    number(*on),
                    number(*off)
                );
            }
            out.push_str("/>\n");
        }
        Item::Polygon { points, fill } => {
            out.push_str(r#"<polygon points=""#);
            write_points(out, points, false);
            out.push('"');
            write_fill(out, Some(*fill));
            out.push_str("/>\n");
        }
        Item::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}""#,
                number(center.x),
                number(center.y),
                number(*radius)
            );
            write_fill(out, *fill);
            if let Some(stroke) = stroke {
                write_stroke(out, *stroke);
            }
            out.push_str("/>\n");
        }
        Item::Text(run) => write_text(out, run),
        // Pictures are written by `write_image`, which keeps their encodings.
        Item::Image { .. } => {}
    }
}

/// A picture as an `<image>` holding PNG data; the encoding of each picture is
/// kept in `encoded` (by identity). A picture that cannot be encoded is left out.
fn write_image(
    out: &mut String,
    rect: Rect,
    picture: &Arc<Thumbnail>,
    encoded: &mut HashMap<*const Thumbnail, Option<String>>,
) {
    let data = encoded
        .entry(Arc::as_ptr(picture))
        .or_insert_with(|| {
            png_file(picture).map(|png| base64::engine::general_purpose::STANDARD.encode(png))
        })
        .as_deref();
    let Some(data) = data else {
        return;
    };
    let _ = writeln!(
        out,
        r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="data:image/png;base64,{data}"/>"#,
        number(rect.min.x),
        number(rect.min.y),
        number(rect.width().max(0.0)),
        number(rect.height().max(0.0)),
    );
}

/// A picture as a PNG file; `None` when its pixels do not match its size.
fn png_file(picture: &Thumbnail) -> Option<Vec<u8>> {
    let expected = u64::from(picture.width) * u64::from(picture.height) * 4;
    if picture.width == 0 || picture.height == 0 || picture.rgba.len() as u64 != expected {
        return None;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, picture.width, picture.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&picture.rgba).ok()?;
    writer.finish().ok()?;
    Some(out)
}

fn write_text(out: &mut String, run: &TextRun) {
    let anchor = match run.anchor {
        Anchor::Start => "",
        Anchor::Middle => r#" text-anchor="middle""#,
    };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{anchor}"#,
        number(run.x),
        number(run.baseline),
        number(run.size),
    );
    write_fill(out, Some(run.colour));
    out.push('>');
    if let [line] = run.lines.as_slice() {
        escape_into(out, line);
    } else {
        for (index, line) in run.lines.iter().enumerate() {
            let dy = if index == 0 { 0.0 } else { run.line_height };
            let _ = write!(out, r#"<tspan x="{}" dy="{}">"#, number(run.x), number(dy));
            escape_into(out, line);
            out.push_str("</tspan>");
        }
    }
    out.push_str("</text>\n");
}

/// Points as `x,y` pairs; for a path (after its `M`), the pairs after the first are lines.
fn write_points(out: &mut String, points: &[Point], path: bool) {
    for (index, p) in points.iter().enumerate() {
        if path && index == 1 {
            out.push_str(" L");
        }
        if index > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", number(p.x), number(p.y));
    }
}

fn write_fill(out: &mut String, fill: Option<Colour>) {
    match fill {
        None => out.push_str(r#" fill="none""#),
        Some(colour) => {
            let _ = write!(out, r#" fill="{}""#, hex(colour));
            if colour.a < 255 {
                let _ = write!(out, r#" fill-opacity="{:.3}""#, f32::from(colour.a) / 255.0);
            }
        }
    }
}

fn write_stroke(out: &mut String, stroke: Stroke) {
    let _ = write!(
        out,
        r#" stroke="{}" stroke-width="{}""#,
        hex(stroke.colour),
        number(stroke.width)
    );
    if stroke.colour.a < 255 {
        let _ = write!(
            out,
            r#" stroke-opacity="{:.3}""#,
            f32::from(stroke.colour.a) / 255.0
        );
    }
}

fn hex(colour: Colour) -> String {
    format!("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b)
}

/// A coordinate with at most two decimals and no trailing zeros; 0 for anything not finite.
fn number(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Appends `text` escaped for XML; characters XML does not allow are left out.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if u32::from(c) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let mut out = String::new();
        escape_into(&mut out, "a<b & \"c\"\u{1}'d'>");
        assert_eq!(out, "a&lt;b &amp; &quot;c&quot;&apos;d&apos;&gt;");
    }

    #[test]
    fn pictures_are_embedded_once_encoded_and_bad_ones_left_out() {
        let picture = Arc::new(Thumbnail {
            width: 2,
            height: 1,
            rgba: vec![255, 0, 0, 255, 0, 0, 255, 255],
        });
        let rect = Rect::from_min_size(10.0, 20.0, 30.0, 15.0);
        let mut encoded = HashMap::new();
        let mut out = String::new();
        write_image(&mut out, rect, &picture, &mut encoded);
        write_image(&mut out, rect, &picture, &mut encoded);
        assert_eq!(encoded.len(), 1);
        assert_eq!(out.matches("<image ").count(), 2);
        assert!(
            out.contains(r#"x="10" y="20" width="30" height="15""#),
            "{out}"
        );
        assert!(out.contains("data:image/png;base64,iVBORw0KGgo"), "{out}");
        let broken = Arc::new(Thumbnail {
            width: 3,
            height: 3,
            rgba: vec![0; 4],
        });
        let mut out = String::new();
        write_image(&mut out, rect, &broken, &mut encoded);
        assert!(out.is_empty());
    }

    #[test]
    fn numbers_are_short_and_finite() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(f32::NAN), "0");
    }
}
