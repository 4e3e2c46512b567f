//! One list of entities in the live document: a Yjs map from each entity's
//! key to a map of its fields, named as in the `.stagemap.ron` file; text
//! fields are shared text, the fields that say where the entity sits are one
//! `place` value with its order key, and a few lists are shared arrays.

use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map as JsonMap, Value};
use yrs::types::ToJson;
use yrs::{
    Any, Array, ArrayPrelim, ArrayRef, GetString, Map, MapPrelim, MapRef, Out, ReadTxn, Text,
    TextPrelim, TextRef, TransactionMut, WriteTxn,
};

use super::order;
use super::values::{to_any, to_json};

/// The key under which an entity's `place` is kept.
pub(crate) const PLACE: &str = "place";
/// The key of the order within `place`.
pub(crate) const ORDER: &str = "order";

/// How one kind of entity is stored.
pub(crate) struct Shape {
    /// The root map holding the entities.
    pub root: &'static str,
    /// What an entity's key is made of.
    pub key: Key,
    /// Fields kept as shared text, so concurrent typing merges letter by letter.
    pub texts: &'static [&'static str],
    /// Fields that go into `place` with the order key, written as one value.
    pub place: &'static [&'static str],
    /// Fields kept as shared arrays, so concurrent additions all stay.
    pub arrays: &'static [&'static str],
}

/// What an entity's key in its root map is.
pub(crate) enum Key {
    /// Its `id`, in decimal; the field itself is not stored again.
    Id,
    /// Made of fields that are stored too (a score's card and criterion).
    Fields,
}

/// An entity read back, with where it sorts.
pub(crate) struct Read<T> {
    /// Its key in the root map.
    pub key: String,
    /// The entity.
    pub item: T,
}

/// An entity as a JSON object (every entity of a map serializes to one).
fn fields_of<T: Serialize>(item: &T) -> JsonMap<String, Value> {
    match serde_json::to_value(item) {
        Ok(Value::Object(fields)) => fields,
        _ => JsonMap::new(),
    }
}

/// Writes the change from `before` to `after` (the list in its order) into
/// the shape's root map: entities removed, added, changed field by field,
/// moved by their order keys. `key` gives an entity's key, as [`Shape::key`]
/// says.
pub(crate) fn write<T: Serialize + PartialEq>(
    txn: &mut TransactionMut,
    shape: &Shape,
    before: &[T],
    after: &[T],
    key: &dyn Fn(&T) -> String,
) {
    if before == after {
        return;
    }
    let root = txn.get_or_insert_map(shape.root);
    let same_sequence =
        before.len() == after.len() && before.iter().zip(after).all(|(a, b)| key(a) == key(b));
    let before: HashMap<String, &T> = before.iter().map(|item| (key(item), item)).collect();
    let after: Vec<(String, &T)> = after.iter().map(|item| (key(item), item)).collect();
    let kept: std::collections::HashSet<&str> = after.iter().map(|(key, _)| key.as_str()).collect();
    for key in before.keys() {
        if !kept.contains(key.as_str()) {
            root.remove(txn, key);
        }
    }
    // Only the items that changed are looked at when none was added,
    // removed or moved (typing, a field set): a keystroke in a map of a
    // thousand cards touches one.
    let changed: Vec<usize> = (0..after.len())
        .filter(|&i| before.get(&after[i].0).is_none_or(|old| *old != after[i].1))
        .collect();
    let look = |indices: &[usize]| {
        let entities: Vec<Option<MapRef>> = indices
            .iter()
            .map(|&i| match root.get(txn, &after[i].0) {
                Some(Out::YMap(map)) => Some(map),
                _ => None,
            })
            .collect();
        let places: Vec<Option<JsonMap<String, Value>>> = entities
            .iter()
            .map(|entity| entity.as_ref().and_then(|map| place_of(txn, map)))
            .collect();
        (entities, places)
    };
    let order_of = |place: &Option<JsonMap<String, Value>>| {
        place
            .as_ref()
            .and_then(|p| p.get(ORDER))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (mut touched, (mut entities, mut old_places)) = (changed.clone(), look(&changed));
    let mut old_keys: Vec<Option<String>> = old_places.iter().map(order_of).collect();
    let keys = if same_sequence && old_keys.iter().all(Option::is_some) {
        old_keys.iter().flatten().cloned().collect()
    } else {
        touched = (0..after.len()).collect();
        (entities, old_places) = look(&touched);
        old_keys = old_places.iter().map(order_of).collect();
        order::keys_for(&old_keys)
    };
    for (index, &at) in touched.iter().enumerate() {
        let (key, item) = &after[at];
        let old_item = before.get(key);
        let same_place = old_keys[index].as_deref() == Some(keys[index].as_str());
        if same_place && entities[index].is_some() && old_item.is_some_and(|old| *old == *item) {
            continue;
        }
        let mut fields = fields_of(*item);
        let mut place = JsonMap::new();
        for name in shape.place {
            if let Some(value) = fields.remove(*name) {
                place.insert((*name).to_owned(), value);
            }
        }
        place.insert(ORDER.to_owned(), Value::String(keys[index].clone()));
        if matches!(shape.key, Key::Id) {
            fields.remove("id");
        }
        match &entities[index] {
            None => {
                let prelim: MapPrelim = MapPrelim::from_iter(std::iter::empty::<(String, Any)>());
                let map = root.insert(txn, key.as_str(), prelim);
                write_fields(txn, shape, &map, &JsonMap::new(), &fields);
                map.insert(txn, PLACE, to_any(&Value::Object(place)));
            }
            Some(map) => {
                if old_item.is_none_or(|old| *old != *item) {
                    let mut old = old_item.map(|old| fields_of(*old)).unwrap_or_default();
                    for name in shape.place {
                        old.remove(*name);
                    }
                    if matches!(shape.key, Key::Id) {
                        old.remove("id");
                    }
                    write_fields(txn, shape, map, &old, &fields);
                }
                if old_places[index].as_ref() != Some(&place) {
                    map.insert(txn, PLACE, to_any(&Value::Object(place)));
                }
            }
        }
    }
}

/// Writes the fields that differ between `old` and `new` into an entity's map.
///
/// Every text field of the shape is kept as shared text even while empty,
/// so two people who start typing into an empty field at once type into the
/// same text and both keep their letters.
fn write_fields(
    txn: &mut TransactionMut,
    shape: &Shape,
    map: &MapRef,
    old: &JsonMap<String, Value>,
    new: &JsonMap<String, Value>,
) {
    for name in shape.texts {
        let text = |fields: &JsonMap<String, Value>| {
            fields
                .get(*name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let wanted = text(new);
        match map.get(txn, name) {
            Some(Out::YText(shared)) => {
                if text(old) != wanted || shared.get_string(txn) != wanted {
                    set_text(txn, &shared, &wanted);
                }
            }
            _ => {
                map.insert(txn, *name, TextPrelim::new(wanted));
            }
        }
    }
    // Shared arrays stay too while empty, so items added at once all stay.
    for name in shape.arrays {
        let items = |fields: &JsonMap<String, Value>| match fields.get(*name) {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        let wanted = items(new);
        match map.get(txn, name) {
            Some(Out::YArray(shared)) => {
                if items(old) != wanted {
                    set_array(txn, &shared, &wanted);
                }
            }
            _ => {
                map.insert(
                    txn,
                    *name,
                    ArrayPrelim::from_iter(wanted.iter().map(to_any)),
                );
            }
        }
    }
    let shared = |name: &str| shape.texts.contains(&name) || shape.arrays.contains(&name);
    for name in old.keys() {
        if !new.contains_key(name) && !shared(name) {
            map.remove(txn, name);
        }
    }
    for (name, value) in new {
        let unchanged = old.get(name) == Some(value) && map.contains_key(txn, name);
        if !shared(name) && !unchanged {
            map.insert(txn, name.as_str(), to_any(value));
        }
    }
}

/// Makes shared text read `new` by deleting and inserting only what differs,
/// so letters others typed elsewhere in it stay.
pub(crate) fn set_text(txn: &mut TransactionMut, shared: &TextRef, new: &str) {
    let old = shared.get_string(txn);
    if old == new {
        return;
    }
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let prefix = old_chars
        .iter()
        .zip(&new_chars)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_chars[prefix..]
        .iter()
        .rev()
        .zip(new_chars[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let utf16 = |chars: &[char]| -> u32 {
        let units: usize = chars.iter().map(|c| c.len_utf16()).sum();
        u32::try_from(units).unwrap_or(u32::MAX)
    };
    let start = utf16(&old_chars[..prefix]);
    let removed = utf16(&old_chars[prefix..old_chars.len() - suffix]);
    let inserted: String = new_chars[prefix..new_chars.len() - suffix].iter().collect();
    if removed > 0 {
        shared.remove_range(txn, start, removed);
    }
    if !inserted.is_empty() {
        shared.insert(txn, start, &inserted);
    }
}

/// Makes a shared array hold `new` by deleting and inserting only the middle
/// that differs, so items others added at the same time stay.
fn set_array(txn: &mut TransactionMut, shared: &ArrayRef, new: &[Value]) {
    let old: Vec<Value> = shared.iter(txn).map(|out| out_to_json(txn, &out)).collect();
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let index = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let removed = old.len() - suffix - prefix;
    if removed > 0 {
        shared.remove_range(txn, index(prefix), index(removed));
    }
    let inserted = &new[prefix..new.len() - suffix];
    if !inserted.is_empty() {
        shared.insert_range(txn, index(prefix), inserted.iter().map(to_any));
    }
}

/// The JSON value of anything a map holds (shared text as its string).
fn out_to_json<T: ReadTxn>(txn: &T, out: &Out) -> Value {
    match out {
        Out::Any(any) => to_json(any),
        Out::YText(text) => Value::String(text.get_string(txn)),
        Out::YArray(array) => Value::Array(array.iter(txn).map(|o| out_to_json(txn, &o)).collect()),
        Out::YMap(map) => to_json(&map.to_json(txn)),
        _ => Value::Null,
    }
}

/// An entity's `place`, as JSON.
fn place_of<T: ReadTxn>(txn: &T, map: &MapRef) -> Option<JsonMap<String, Value>> {
    match map.get(txn, PLACE) {
        Some(Out::Any(any)) => match to_json(&any) {
            Value::Object(place) => Some(place),
            _ => None,
        },
        _ => None,
    }
}

/// Reads every entity of a shape, sorted by order key then key. An entity
/// that does not read as `T` (a field of the wrong type written by another
/// client) is left out and counted in `skipped`.
pub(crate) fn read<T: DeserializeOwned, R: ReadTxn>(
    txn: &R,
    shape: &Shape,
    skipped: &mut usize,
) -> Vec<Read<T>> {
    let Some(root) = txn.get_map(shape.root) else {
        return Vec::new();
    };
    let mut entries: Vec<(String, Read<T>)> = Vec::new();
    for (key, out) in root.iter(txn) {
        let Out::YMap(map) = out else {
            *skipped += 1;
            continue;
        };
        let mut fields = JsonMap::new();
        for (name, value) in map.iter(txn) {
            if name != PLACE {
                fields.insert(name.to_owned(), out_to_json(txn, &value));
            }
        }
        let mut place = place_of(txn, &map).unwrap_or_default();
        let order = match place.remove(ORDER) {
            Some(Value::String(order)) => order,
            _ => String::new(),
        };
        for name in shape.place {
            if let Some(value) = place.get(*name) {
                fields.insert((*name).to_owned(), value.clone());
            }
        }
        if matches!(shape.key, Key::Id) {
            let Ok(id) = key.parse::<u64>() else {
                *skipped += 1;
                continue;
            };
            fields.insert("id".to_owned(), Value::from(id));
        }
        fill_missing(&mut fields);
        match serde_json::from_value::<T>(Value::Object(fields)) {
            Ok(item) => entries.push((
                order,
                Read {
                    key: key.to_owned(),
                    item,
                },
            )),
            Err(_) => *skipped += 1,
        }
    }
    entries.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.key.cmp(&y.key)));
    entries.into_iter().map(|(_, read)| read).collect()
}

/// Fills the fields an entity cannot be read without, where they are
/// missing. Undoing a change that raced with another person's can leave a
/// field with no value at all (Yjs restores the old value only when nobody
/// else wrote it since); the entity is then kept rather than dropped: a
/// card without its place points at step and lane 0, which no map holds, so
/// the repairs put it in the last column and lane and report it; a connector
/// without an end is dropped with it.
fn fill_missing(fields: &mut JsonMap<String, Value>) {
    let fallbacks = [
        ("title", Value::from("")),
        ("name", Value::from("")),
        ("kind", Value::from("note")),
        ("step", Value::from(0)),
        ("lane", Value::from(0)),
        ("stage", Value::from(0)),
        ("from", Value::from(0)),
        ("to", Value::from(0)),
    ];
    for (name, value) in fallbacks {
        fields.entry(name).or_insert(value);
    }
}

/// Writes the fields of a single object (the map's meta, the matrix' names)
/// into a root map, field by field.
pub(crate) fn write_object<T: Serialize + PartialEq>(
    txn: &mut TransactionMut,
    shape: &Shape,
    before: Option<&T>,
    after: &T,
) {
    if before == Some(after) {
        return;
    }
    let root = txn.get_or_insert_map(shape.root);
    let old = before.map(fields_of).unwrap_or_default();
    write_fields(txn, shape, &root, &old, &fields_of(after));
}

/// Reads a single object from a root map; `None` when it does not read as `T`.
pub(crate) fn read_object<T: DeserializeOwned, R: ReadTxn>(txn: &R, shape: &Shape) -> Option<T> {
    let root = txn.get_map(shape.root)?;
    let fields: JsonMap<String, Value> = root
        .iter(txn)
        .map(|(name, value)| (name.to_owned(), out_to_json(txn, &value)))
        .collect();
    serde_json::from_value(Value::Object(fields)).ok()
}
