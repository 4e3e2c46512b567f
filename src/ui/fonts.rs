//! The bundled Chinese fonts, installed after egui's own fonts so Chinese text
//! never shows as boxes, and first in the family card titles are drawn in.
//!
//! In the proportional and monospace families egui's default fonts stay first
//! (they draw Latin text); the bundled Noto Sans SC subset (GB2312, CJK
//! punctuation, full-width forms, Latin; SIL Open Font License, see
//! `assets/fonts/OFL.txt`) comes next, then the Noto Sans TC subset (the
//! common Big5 characters GB2312 lacks); eframe's system font provider covers
//! what remains, e.g. rare characters. The [`card_family`], in which the canvas
//! draws the map, is the drawing's own font chain ([`crate::scene::text`]):
//! the bundled font, for Latin too, then the system faces the chain loaded for
//! what it lacks ([`sync_card_family`]), so every character on the canvas is
//! set in the font the exports set it in.

use egui::FontFamily;
use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};

/// Name under which the bundled font is registered with egui.
pub const CJK_FONT_NAME: &str = "Noto Sans SC (subset)";

/// The bundled font file: Noto Sans CJK SC Regular cut down to the GB2312
/// characters, CJK punctuation, full-width forms and Latin.
pub static CJK_FONT_BYTES: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf");

/// Name under which the bundled Traditional Chinese font is registered with egui.
pub const TC_FONT_NAME: &str = "Noto Sans TC (subset)";

/// The bundled Traditional Chinese font: Noto Sans CJK TC Regular cut down to
/// the common characters of Big5 that GB2312 lacks (檔, 設, 視 …), so the
/// Traditional Chinese UI draws every one of its words without system fonts.
pub static TC_FONT_BYTES: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansTC-Regular-subset.otf");

/// Name of the font family card titles are drawn in: the bundled font first.
pub const CARD_FAMILY_NAME: &str = "card";

/// The font family the canvas draws the map in: the drawing's font chain.
pub fn card_family() -> FontFamily {
    FontFamily::Name(CARD_FAMILY_NAME.into())
}

/// Adds the bundled Chinese fonts to `ctx` as fallbacks of both the
/// proportional and the monospace family, and makes the [`card_family`] with
/// the bundled Simplified font (system faces follow as the drawing's chain
/// loads them). Calling it again does nothing.
pub fn install(ctx: &egui::Context) {
    let mut families: Vec<InsertFontFamily> = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    families.push(InsertFontFamily {
        family: card_family(),
        priority: FontPriority::Highest,
    });
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        FontData::from_static(CJK_FONT_BYTES),
        families,
    ));
    // The Traditional characters right behind the Simplified font, in the UI's families.
    ctx.add_font(FontInsert::new(
        TC_FONT_NAME,
        FontData::from_static(TC_FONT_BYTES),
        [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect(),
    ));
}

/// Id under which the context remembers how many of the drawing chain's system
/// faces the card family holds.
fn chain_faces_id() -> egui::Id {
    egui::Id::unique("card family: system faces of the drawing chain")
}

/// Brings the [`card_family`] up to the drawing's font chain
/// ([`crate::scene::text`]): after the bundled font, the system faces the chain
/// has loaded, in its order, so the canvas draws each character with the font
/// every export draws it with (a character none has shows as a box in both).
/// Cheap when nothing was loaded since the last call. Fonts added now serve
/// from the next pass on: it returns true when it added some, and asks egui
/// for that pass at once, so nothing is drawn without its font.
pub fn sync_card_family(ctx: &egui::Context) -> bool {
    let loaded = crate::scene::text::system_face_count();
    let installed = ctx.data(|data| data.get_temp::<usize>(chain_faces_id()).unwrap_or(0));
    if installed >= loaded {
        return false;
    }
    for index in installed..loaded {
        let Some(face) = crate::scene::text::system_face(index) else {
            continue;
        };
        let mut data = FontData::from_owned(face.data.as_ref().as_ref().to_vec());
        data.index = face.index;
        ctx.add_font(FontInsert::new(
            &format!("{} ({index} of the drawing's chain)", face.family),
            data,
            vec![InsertFontFamily {
                family: card_family(),
                priority: FontPriority::Lowest,
            }],
        ));
    }
    ctx.data_mut(|data| data.insert_temp(chain_faces_id(), loaded));
    ctx.request_discard("the drawing's font chain loaded a system font");
    true
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

    fn has_glyphs(ctx: &egui::Context, family: FontFamily, text: &str) -> bool {
        ctx.fonts_mut(|fonts| fonts.has_glyphs(&egui::FontId::new(14.0, family), text))
    }

    const SAMPLE: &str = "酒店入住：办理入住、行李服务，等待时间长！（撤销）「后台」";

    #[test]
    fn egui_alone_lacks_chinese() {
        assert!(!has_glyphs(
            &context(false),
            FontFamily::Proportional,
            SAMPLE
        ));
    }

    #[test]
    fn chinese_renders_in_both_families_after_install() {
        let ctx = context(true);
        assert!(has_glyphs(&ctx, FontFamily::Proportional, SAMPLE));
        assert!(has_glyphs(&ctx, FontFamily::Monospace, SAMPLE));
    }

    #[test]
    fn the_card_family_is_the_drawing_chain_the_bundled_font_first() {
        let ctx = context(true);
        let families = ctx.fonts(|fonts| fonts.definitions().families.clone());
        let card = families
            .get(&card_family())
            .expect("the card family exists");
        // Only the bundled font until the drawing's chain loads system faces.
        assert_eq!(card.first().map(String::as_str), Some(CJK_FONT_NAME));
        assert_eq!(card, &vec![CJK_FONT_NAME.to_owned()]);
        assert!(has_glyphs(&ctx, card_family(), SAMPLE));
        assert!(has_glyphs(&ctx, card_family(), "Check-in at 9:00 (Ü)"));
        // The other families keep egui's fonts first.
        let proportional = &families[&FontFamily::Proportional];
        assert_ne!(
            proportional.first().map(String::as_str),
            Some(CJK_FONT_NAME)
        );
        // Installing again changes nothing.
        install(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let again = ctx.fonts(|fonts| fonts.definitions().families.clone());
        assert_eq!(again, families);
    }

    #[test]
    fn every_shipped_map_has_glyphs() {
        let ctx = context(true);
        for template in crate::samples::TEMPLATES {
            let missing: String = template
                .text
                .chars()
                .filter(|c| !c.is_control())
                .filter(|c| !has_glyphs(&ctx, FontFamily::Proportional, &c.to_string()))
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
                .filter(|c| !has_glyphs(&ctx, FontFamily::Proportional, &c.to_string()))
                .collect();
            assert!(missing.is_empty(), "{name}: no glyph for {missing:?}");
        }
    }
}
