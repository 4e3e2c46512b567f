//! Card pictures on the canvas: each file decoded once, on one worker thread (one picture
//! at a time, so a map of many large pictures cannot exhaust memory), and kept as a texture,
//! so frames never wait for a file.
//!
//! Paths are checked by [`crate::pictures`] (relative to the map's folder, never outside it);
//! a picture that cannot be shown keeps the reason, which the canvas shows on hover and in
//! the card's accessible description.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::model::Document;
use crate::pictures::{self, Thumbnail};

/// A decoded picture (or why it failed), sent back by a worker thread.
type Decoded = (PathBuf, Result<Thumbnail, String>);

/// Resolutions kept beyond the pictures in use before unused ones are dropped (paths
/// typed one key at a time in the inspector each leave one).
const SPARE_RESOLUTIONS: usize = 64;

/// What the canvas can show for a card's picture.
pub(crate) enum Shown<'a> {
    /// Still being decoded.
    Loading,
    /// Ready to draw.
    Ready(&'a TextureHandle),
    /// Cannot be shown, and why.
    Failed(&'a str),
}

/// The state of one picture file.
enum Slot {
    Loading,
    Ready(TextureHandle),
    Failed(String),
}

/// Pictures of the open map: where each path leads, and the texture of each file.
pub(crate) struct PictureCache {
    /// The folder of the map file; `None` while the map has no file.
    base_folder: Option<PathBuf>,
    /// Where each picture path, as written on cards, leads, or why it cannot be used.
    resolved: HashMap<String, Result<PathBuf, String>>,
    /// The picture at each resolved path.
    loaded: HashMap<PathBuf, Slot>,
    /// Pictures to decode, to the worker thread; started with the first picture.
    requests: Option<Sender<PathBuf>>,
    /// Where the worker thread sends the decoded pictures.
    sender: Sender<Decoded>,
    /// Decoded pictures, from the worker thread.
    receiver: Receiver<Decoded>,
}

impl Default for PictureCache {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self {
            base_folder: None,
            resolved: HashMap::new(),
            loaded: HashMap::new(),
            requests: None,
            sender,
            receiver,
        }
    }
}

impl std::fmt::Debug for PictureCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PictureCache")
            .field("base_folder", &self.base_folder)
            .field("paths", &self.resolved.len())
            .field("files", &self.loaded.len())
            .finish_non_exhaustive()
    }
}

impl PictureCache {
    /// Sets the map's folder; pictures are looked up again when it changes.
    /// The folder picture paths are relative to: the map file's.
    pub(crate) fn folder(&self) -> Option<&Path> {
        self.base_folder.as_deref()
    }

    pub(crate) fn set_base_folder(&mut self, folder: Option<PathBuf>) {
        if self.base_folder != folder {
            self.base_folder = folder;
            self.resolved.clear();
            self.loaded.clear();
        }
    }

    /// Takes in the pictures decoded since the last frame and starts decoding the new
    /// pictures `doc` refers to. Cheap when nothing changed: one lookup per card with a picture.
    pub(crate) fn update(&mut self, ctx: &egui::Context, doc: &Document) {
        let pictures = doc.cards.iter().filter_map(|card| card.picture.as_deref());
        self.update_pictures(ctx, pictures);
    }

    /// [`Self::update`] for the picture paths `pictures` (a persona's, say).
    pub(crate) fn update_pictures<'a>(
        &mut self,
        ctx: &egui::Context,
        pictures: impl Iterator<Item = &'a str> + Clone,
    ) {
        while let Ok((path, decoded)) = self.receiver.try_recv() {
            let Some(slot) = self.loaded.get_mut(&path) else {
                continue;
            };
            *slot = match decoded {
                Ok(thumbnail) => Slot::Ready(texture(ctx, &path, &thumbnail)),
                Err(reason) => Slot::Failed(reason),
            };
        }
        let mut in_use = 0;
        for picture in pictures.clone() {
            in_use += 1;
            if self.resolved.contains_key(picture) {
                continue;
            }
            let resolution = pictures::resolve(self.base_folder.as_deref(), picture)
                .map_err(|error| error.to_string());
            if let Ok(path) = &resolution
                && !self.loaded.contains_key(path)
            {
                let slot = self.request_decoding(ctx, path);
                self.loaded.insert(path.clone(), slot);
            }
            self.resolved.insert(picture.to_owned(), resolution);
        }
        if self.resolved.len() > in_use + SPARE_RESOLUTIONS {
            let used: std::collections::HashSet<&str> = pictures.collect();
            self.resolved
                .retain(|picture, _| used.contains(picture.as_str()));
            let files: std::collections::HashSet<&PathBuf> = self
                .resolved
                .values()
                .filter_map(|path| path.as_ref().ok())
                .collect();
            self.loaded.retain(|path, _| files.contains(path));
        }
    }

    /// What to show for a card's `picture` path; `None` before [`Self::update`] has seen it.
    pub(crate) fn shown(&self, picture: &str) -> Option<Shown<'_>> {
        match self.resolved.get(picture)? {
            Err(reason) => Some(Shown::Failed(reason)),
            Ok(path) => Some(match self.loaded.get(path)? {
                Slot::Loading => Shown::Loading,
                Slot::Ready(texture) => Shown::Ready(texture),
                Slot::Failed(reason) => Shown::Failed(reason),
            }),
        }
    }

    /// Why the picture at `picture` cannot be shown, if it cannot.
    pub(crate) fn failure(&self, picture: &str) -> Option<&str> {
        match self.shown(picture)? {
            Shown::Failed(reason) => Some(reason),
            Shown::Loading | Shown::Ready(_) => None,
        }
    }

    /// Asks the worker thread to decode the picture at `path`, starting it if needed.
    fn request_decoding(&mut self, ctx: &egui::Context, path: &Path) -> Slot {
        if self.requests.is_none() {
            match self.start_worker(ctx) {
                Ok(requests) => self.requests = Some(requests),
                Err(error) => {
                    return Slot::Failed(format!(
                        "picture {} was not loaded: {error}",
                        path.display()
                    ));
                }
            }
        }
        match &self.requests {
            Some(requests) if requests.send(path.to_owned()).is_ok() => Slot::Loading,
            _ => {
                // The worker is gone; start another for the next picture.
                self.requests = None;
                Slot::Failed(format!(
                    "picture {} was not loaded: the picture loader stopped",
                    path.display()
                ))
            }
        }
    }

    /// Starts the thread that decodes pictures one at a time; it ends when the cache is dropped.
    fn start_worker(&self, ctx: &egui::Context) -> std::io::Result<Sender<PathBuf>> {
        let (requests, incoming) = channel::<PathBuf>();
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("pictures".into())
            .spawn(move || {
                for path in incoming {
                    let decoded =
                        pictures::load_thumbnail(&path).map_err(|error| error.to_string());
                    // The canvas is gone: nobody needs pictures any more.
                    if sender.send((path, decoded)).is_err() {
                        break;
                    }
                    ctx.request_repaint();
                }
            })?;
        Ok(requests)
    }
}

/// Uploads a thumbnail as a texture.
fn texture(ctx: &egui::Context, path: &Path, thumbnail: &Thumbnail) -> TextureHandle {
    let size = [thumbnail.width as usize, thumbnail.height as usize];
    let image = ColorImage::from_rgba_unmultiplied(size, &thumbnail.rgba);
    ctx.load_texture(path.display().to_string(), image, TextureOptions::LINEAR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{CardField, Command, Session, ops};
    use crate::model::LaneKind;

    /// A map with one card whose picture is `picture`.
    fn map_with_picture(picture: &str) -> Document {
        let mut session = Session::unsaved(Document::new("Hotel"));
        session.run(|d| ops::add_stage(d, 0, "Arrive")).unwrap();
        session
            .run(|d| ops::add_lane(d, 0, "Guest", LaneKind::Customer))
            .unwrap();
        let doc = session.doc().clone();
        let (step, lane) = (doc.stages[0].steps[0].id, doc.lanes[0].id);
        let id = session.doc().next_card_id();
        session
            .run(|d| ops::add_card(d, step, lane, 0, "Check-in").0)
            .unwrap();
        session
            .execute(Command::SetCardField {
                id,
                field: CardField::Picture(Some(picture.to_owned())),
            })
            .unwrap();
        session.doc().clone()
    }

    #[test]
    fn a_picture_becomes_a_texture_of_its_thumbnail() {
        let folder = tempfile::tempdir().unwrap();
        image::RgbaImage::from_pixel(1000, 500, image::Rgba([0, 128, 255, 255]))
            .save(folder.path().join("desk.png"))
            .unwrap();
        let doc = map_with_picture("desk.png");
        let ctx = egui::Context::default();
        let mut cache = PictureCache::default();
        cache.set_base_folder(Some(folder.path().to_owned()));

        cache.update(&ctx, &doc);
        assert!(matches!(cache.shown("desk.png"), Some(Shown::Loading)));
        // Decoding happens on the worker thread: take results in until it is done.
        for _ in 0..500 {
            if !matches!(cache.shown("desk.png"), Some(Shown::Loading)) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            cache.update(&ctx, &doc);
        }
        let Some(Shown::Ready(texture)) = cache.shown("desk.png") else {
            panic!("the picture did not load: {:?}", cache.failure("desk.png"));
        };
        assert_eq!(texture.size(), [512, 256]);
        assert_eq!(cache.failure("desk.png"), None);
    }

    #[test]
    fn a_new_folder_looks_pictures_up_again() {
        let folder = tempfile::tempdir().unwrap();
        let doc = map_with_picture("desk.png");
        let ctx = egui::Context::default();
        let mut cache = PictureCache::default();
        cache.update(&ctx, &doc);
        let unsaved = cache.failure("desk.png").unwrap().to_owned();
        assert!(unsaved.contains("not been saved"), "{unsaved}");

        cache.set_base_folder(Some(folder.path().to_owned()));
        cache.update(&ctx, &doc);
        let missing = cache.failure("desk.png").unwrap();
        assert!(missing.contains("cannot be opened"), "{missing}");
    }
}
