//! Where an item sits in a list of the live document: an order key, a string
//! that sorts bytewise (fractional indexing), so a move rewrites one item's key
//! and two people moving items at once never duplicate or lose one.

use fractional_index::FractionalIndex;

/// The keys to write so that the items of `order` (ids, in their new order)
/// sort in that order, given the keys they had (`old`, by position in
/// `order`; `None` for a new item or an unreadable key).
///
/// Items whose keys already sort right keep them (the longest run that is in
/// order); only the others get a new key, between their neighbours'.
/// Returns the key of every item, changed or not.
pub(crate) fn keys_for(old: &[Option<String>]) -> Vec<String> {
    let parsed: Vec<Option<FractionalIndex>> = old
        .iter()
        .map(|key| {
            key.as_deref()
                .and_then(|k| FractionalIndex::from_string(k).ok())
        })
        .collect();
    let keep = longest_increasing(&parsed);
    let mut next_kept: Vec<Option<usize>> = vec![None; parsed.len()];
    let mut upcoming = None;
    for index in (0..parsed.len()).rev() {
        next_kept[index] = upcoming;
        if keep[index] {
            upcoming = Some(index);
        }
    }
    let mut keys: Vec<FractionalIndex> = Vec::with_capacity(parsed.len());
    for (index, key) in parsed.iter().enumerate() {
        let key = match key {
            Some(key) if keep[index] => key.clone(),
            _ => {
                let lower = keys.last();
                let upper = next_kept[index].and_then(|at| parsed[at].as_ref());
                between(lower, upper)
            }
        };
        keys.push(key);
    }
    keys.iter().map(FractionalIndex::to_string).collect()
}

/// A key after `lower` and before `upper`.
fn between(lower: Option<&FractionalIndex>, upper: Option<&FractionalIndex>) -> FractionalIndex {
    FractionalIndex::new(lower, upper)
        .or_else(|| lower.map(FractionalIndex::new_after))
        .unwrap_or_default()
}

/// Which items belong to the longest strictly increasing run of keys
/// (patience sorting, O(n log n)).
fn longest_increasing(keys: &[Option<FractionalIndex>]) -> Vec<bool> {
    // tails[k]: index of the smallest last key of a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; keys.len()];
    for (index, key) in keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let length = tails.partition_point(|&at| keys[at].as_ref().is_some_and(|k| k < key));
        previous[index] = length.checked_sub(1).map(|l| tails[l]);
        if length == tails.len() {
            tails.push(index);
        } else {
            tails[length] = index;
        }
    }
    let mut keep = vec![false; keys.len()];
    let mut at = tails.last().copied();
    while let Some(index) = at {
        keep[index] = true;
        at = previous[index];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[String]) -> bool {
        keys.windows(2).all(|pair| pair[0] < pair[1])
    }

    #[test]
    fn new_lists_get_keys_in_order() {
        let keys = keys_for(&[None, None, None, None]);
        assert!(sorted(&keys), "{keys:?}");
    }

    #[test]
    fn a_move_rewrites_only_the_moved_item() {
        let first = keys_for(&[None, None, None, None]);
        // The last item moved to the front.
        let old = [3, 0, 1, 2].map(|i| Some(first[i].clone()));
        let keys = keys_for(&old);
        assert!(sorted(&keys), "{keys:?}");
        let changed = keys
            .iter()
            .zip(&old)
            .filter(|(k, o)| Some(*k) != o.as_ref());
        assert_eq!(changed.count(), 1);
    }

    #[test]
    fn equal_and_unreadable_keys_are_replaced() {
        let one = keys_for(&[None])[0].clone();
        let keys = keys_for(&[Some(one.clone()), Some(one), Some("zz".into()), None]);
        assert!(sorted(&keys), "{keys:?}");
    }
}
