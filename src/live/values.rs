//! Plain values between the map's JSON form and Yjs' `Any`: numbers stay JavaScript
//! numbers (integers up to 2⁵³ as integers), so any Yjs client reads them as written.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use yrs::Any;
use yrs::any::Number;

/// The Yjs value of a JSON value.
pub(crate) fn to_any(value: &Value) -> Any {
    match value {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(int) if int.unsigned_abs() <= Number::I64_MAX_SAFE_INTEGER.unsigned_abs() => {
                Any::Number(Number::Int(int))
            }
            _ => match n.as_u64() {
                // An integer past 2⁵³ has no exact JavaScript number; keep it as text.
                Some(int) => Any::String(int.to_string().into()),
                None => Any::Number(Number::Float(n.as_f64().unwrap_or(0.0))),
            },
        },
        Value::String(s) => Any::String(s.as_str().into()),
        Value::Array(items) => Any::Array(items.iter().map(to_any).collect::<Vec<_>>().into()),
        Value::Object(fields) => Any::Map(Arc::new(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_any(v)))
                .collect::<HashMap<_, _>>(),
        )),
    }
}

/// The JSON value of a Yjs value; a float with no fraction reads as an
/// integer, so ids and counts written by JavaScript clients read back.
pub(crate) fn to_json(any: &Any) -> Value {
    match any {
        Any::Null | Any::Undefined | Any::Buffer(_) => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(Number::Int(int)) => Value::from(*int),
        Any::Number(Number::Float(float)) => float_to_json(*float),
        Any::String(s) => Value::String(s.to_string()),
        Any::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Any::Map(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

fn float_to_json(float: f64) -> Value {
    let whole = float.fract() == 0.0 && float.abs() <= Number::F64_MAX_SAFE_INTEGER;
    if whole {
        #[expect(clippy::cast_possible_truncation, reason = "a whole number below 2^53")]
        return Value::from(float as i64);
    }
    serde_json::Number::from_f64(float).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_the_round_trip() {
        let value = serde_json::json!({
            "id": 9_007_199_254_740_991_u64, "score": -1.5, "flag": true,
            "tags": ["体验", "喆"], "none": null, "whole": 3,
        });
        assert_eq!(to_json(&to_any(&value)), value);
    }

    #[test]
    fn a_javascript_number_with_no_fraction_reads_as_an_integer() {
        assert_eq!(to_json(&Any::Number(Number::Float(17.0))), Value::from(17));
        assert_eq!(
            to_json(&Any::Number(Number::Float(0.25))),
            Value::from(0.25)
        );
    }
}
