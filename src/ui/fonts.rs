//! The bundled Chinese font, installed after egui's own fonts so Chinese text never shows as boxes.
//!
//! egui's default fonts stay first (they draw Latin text); the bundled
//! Noto Sans SC subset (GB2312, CJK punctuation, full-width forms, Latin;
//! SIL Open Font License, see `assets/fonts/OFL.txt`) comes next; eframe's
//! system font provider covers what remains, e.g. rare characters.

use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};

/// Name under which the bundled font is registered with egui.
pub const CJK_FONT_NAME: &str = "Noto Sans SC (subset)";

/// The bundled font file: Noto Sans CJK SC Regular cut down to the GB2312
/// characters, CJK punctuation, full-width forms and Latin.
pub static CJK_FONT_BYTES: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// Adds the bundled Chinese font to `ctx` as a fallback of both the
/// proportional and the monospace family. Calling it again does nothing.
pub fn install(ctx: &egui::Context) {
    let families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        FontData::from_static(CJK_FONT_BYTES),
        families,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context whose fonts exist, with or without the bundled font.
    fn context(with_bundled_font: bool) -> egui::Context {
        let ctx = egui::Context::default();
        if with_bundled_font {
            install(&ctx);
        }
        // Fonts are built at the start of the first pass.
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        ctx
    }

    fn has_glyphs(ctx: &egui::Context, family: egui::FontFamily, text: &str) -> bool {
        ctx.fonts_mut(|fonts| fonts.has_glyphs(&egui::FontId::new(14.0, family), text))
    }

    const SAMPLE: &str = "酒店入住：办理入住、行李服务，等待时间长！（撤销）「后台」";

    #[test]
    fn egui_alone_lacks_chinese() {
        assert!(!has_glyphs(
            &context(false),
            egui::FontFamily::Proportional,
            SAMPLE
        ));
    }

    #[test]
    fn chinese_renders_in_both_families_after_install() {
        let ctx = context(true);
        assert!(has_glyphs(&ctx, egui::FontFamily::Proportional, SAMPLE));
        assert!(has_glyphs(&ctx, egui::FontFamily::Monospace, SAMPLE));
    }

    #[test]
    fn every_shipped_map_has_glyphs() {
        let ctx = context(true);
        for template in crate::samples::TEMPLATES {
            let missing: String = template
                .text
                .chars()
                .filter(|c| !c.is_control())
                .filter(|c| !has_glyphs(&ctx, egui::FontFamily::Proportional, &c.to_string()))
                .collect();
            assert!(
                missing.is_empty(),
                "{}: no glyph for {missing:?}",
                template.key
            );
        }
    }

    #[test]
    fn every_translated_string_has_glyphs() {
        let ctx = context(true);
        for (name, text) in [
            ("app.yml", include_str!("../../assets/locales/app.yml")),
            (
                "canvas.yml",
                include_str!("../../assets/locales/canvas.yml"),
            ),
        ] {
            let missing: String = text
                .chars()
                .filter(|c| !c.is_control())
                .filter(|c| !has_glyphs(&ctx, egui::FontFamily::Proportional, &c.to_string()))
                .collect();
            assert!(missing.is_empty(), "{name}: no glyph for {missing:?}");
        }
    }
}
