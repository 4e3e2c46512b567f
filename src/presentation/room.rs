//! How large text must be for the farthest seat of a room to read it.
//!
//! The rule of thumb of presentation design: letters need 4 mm of height per
//! metre of viewing distance (32 mm at 8 m). The projected image is `image`
//! metres wide and shows the window's pixels across it, so a pixel is
//! `image / window` wide and the smallest readable text is a number of
//! pixels. Text size here is the size of the font: for Chinese the height of
//! a character, for Latin a little more than a capital letter's.

use serde::{Deserialize, Serialize};

/// Letter height needed per metre of distance, in millimetres.
pub const MM_PER_METRE: f32 = 4.0;

/// The room a map is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Room {
    /// Distance from the screen to the farthest seat, in metres.
    pub distance_m: f32,
    /// Width of the projected image, in metres.
    pub image_width_m: f32,
}

impl Default for Room {
    /// A training room: the back row at 8 m, a 2.5 m wide image.
    fn default() -> Self {
        Self {
            distance_m: 8.0,
            image_width_m: 2.5,
        }
    }
}

impl Room {
    /// Shortest and longest distance and image width accepted, in metres.
    pub const RANGE_M: std::ops::RangeInclusive<f32> = 0.5..=100.0;

    /// The room with both figures brought into [`Room::RANGE_M`] (a figure
    /// that is not a number becomes the default's).
    pub fn clamped(self) -> Self {
        let fix = |value: f32, default: f32| {
            if value.is_finite() {
                value.clamp(*Self::RANGE_M.start(), *Self::RANGE_M.end())
            } else {
                default
            }
        };
        let default = Self::default();
        Self {
            distance_m: fix(self.distance_m, default.distance_m),
            image_width_m: fix(self.image_width_m, default.image_width_m),
        }
    }

    /// The smallest letter the farthest seat reads, in millimetres.
    pub fn min_letter_mm(self) -> f32 {
        MM_PER_METRE * self.distance_m
    }

    /// How wide one pixel of a window `window_px` pixels wide is on the image, in millimetres.
    pub fn mm_per_pixel(self, window_px: f32) -> f32 {
        self.image_width_m * 1000.0 / window_px.max(1.0)
    }

    /// The smallest readable text in pixels of a window `window_px` pixels
    /// wide (8 m, 2.5 m, 1920 px: 32 mm ÷ 1.302 mm = 24.6 px).
    pub fn min_text_px(self, window_px: f32) -> f32 {
        self.min_letter_mm() / self.mm_per_pixel(window_px)
    }

    /// What text of `text_px` pixels comes to on the image and who reads it.
    pub fn judge(self, text_px: f32, window_px: f32) -> Readability {
        let text_mm = text_px * self.mm_per_pixel(window_px);
        Readability {
            text_px,
            text_mm,
            readable_up_to_m: text_mm / MM_PER_METRE,
            needed_px: self.min_text_px(window_px),
            room: self,
        }
    }
}

/// The figures of a readability check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Readability {
    /// The text's size on the window, in pixels.
    pub text_px: f32,
    /// Its size on the projected image, in millimetres.
    pub text_mm: f32,
    /// The farthest distance it reads from, in metres.
    pub readable_up_to_m: f32,
    /// The size the room's farthest seat needs, in pixels.
    pub needed_px: f32,
    /// The room judged for.
    pub room: Room,
}

impl Readability {
    /// The farthest seat reads the text.
    pub fn is_readable(&self) -> bool {
        // Figures are shown rounded; a hair under the need still reads.
        self.text_px + 0.05 >= self.needed_px
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_row_at_8_m_needs_32_mm_that_is_24_6_px_of_1920() {
        let room = Room::default();
        assert_eq!(room.min_letter_mm(), 32.0);
        // 2500 mm across 1920 px: 1.302 mm a pixel; 32 / 1.302 = 24.576.
        assert!((room.mm_per_pixel(1920.0) - 1.302_083).abs() < 1e-5);
        assert!((room.min_text_px(1920.0) - 24.576).abs() < 1e-3);
        // A 1024 px wide window on the same image: 13.1 px.
        assert!((room.min_text_px(1024.0) - 13.107).abs() < 1e-3);
        // A 12 m room on a 4 m image at 3840 px: 48 mm at 1.0417 mm/px = 46.08 px.
        let hall = Room {
            distance_m: 12.0,
            image_width_m: 4.0,
        };
        assert!((hall.min_text_px(3840.0) - 46.08).abs() < 1e-3);
    }

    #[test]
    fn nine_pixel_titles_read_up_to_three_metres() {
        let verdict = Room::default().judge(9.0, 1920.0);
        // 9 px × 1.302 mm = 11.7 mm; ÷ 4 mm per metre = 2.93 m.
        assert!((verdict.text_mm - 11.719).abs() < 1e-3);
        assert!((verdict.readable_up_to_m - 2.930).abs() < 1e-3);
        assert!(!verdict.is_readable());
        assert!(Room::default().judge(24.6, 1920.0).is_readable());
        assert!(!Room::default().judge(24.4, 1920.0).is_readable());
    }

    #[test]
    fn a_room_out_of_range_is_brought_back() {
        let room = Room {
            distance_m: f32::NAN,
            image_width_m: 0.0,
        }
        .clamped();
        assert_eq!(room.distance_m, 8.0);
        assert_eq!(room.image_width_m, 0.5);
    }
}
