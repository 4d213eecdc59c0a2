use super::*;

#[derive(Deserialize, Default)]
struct Probe {
    #[serde(default, deserialize_with = "opt_string")]
    s: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    b: Option<bool>,
    #[serde(default, deserialize_with = "opt_u64")]
    n: Option<u64>,
    #[serde(default, deserialize_with = "map_or_empty")]
    m: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "vec_or_empty")]
    v: Vec<u32>,
}

fn probe(json: &str) -> Probe {
    serde_json::from_str(json).unwrap()
}

#[test]
fn numbers_as_strings_and_back() {
    let p = probe(r#"{"s": 8012, "n": "42", "b": "Y"}"#);
    assert_eq!(p.s.as_deref(), Some("8012"));
    assert_eq!(p.n, Some(42));
    assert_eq!(p.b, Some(true));
    assert_eq!(probe(r#"{"b": 0, "n": 3.0}"#).b, Some(false));
    assert_eq!(probe(r#"{"n": "many", "b": "maybe"}"#).n, None);
}

#[test]
fn php_empty_array_for_object_and_object_for_list() {
    let p = probe(r#"{"m": [], "v": {"0": 1, "1": 2}}"#);
    assert!(p.m.is_empty());
    assert_eq!(p.v, vec![1, 2]);
    let p = probe(r#"{"m": {"a": "C", "b": 5, "c": null}, "v": null}"#);
    assert_eq!(
        p.m.len(),
        1,
        "null entries and entries of the wrong shape are skipped"
    );
    assert!(p.v.is_empty());
}

#[test]
fn data_wrappers_come_off_single_objects_only() {
    use serde_json::json;
    assert_eq!(unwrap_data(json!({"data": {"a": 1}})), json!({"a": 1}));
    assert_eq!(
        unwrap_data(json!({"status": "success", "data": {"a": 1}, "message": "ok"})),
        json!({"a": 1})
    );
    assert!(is_data_wrapper(
        br#"{"status": "ok", "data": {"a": {"b": [1]}}}"#
    ));
    for kept in [
        json!({"data": {"a": 1}, "report_description": "x"}),
        json!({"data": [1, 2]}),
        json!({"a": 1}),
        json!([{"data": {}}]),
    ] {
        assert_eq!(unwrap_data(kept.clone()), kept);
        assert!(!is_data_wrapper(kept.to_string().as_bytes()), "{kept}");
    }
    assert!(!is_data_wrapper(b"not json"));
}

#[test]
fn objects_where_scalars_expected_are_absent() {
    let p = probe(r#"{"s": {"x": 1}, "b": [true], "n": null}"#);
    assert_eq!((p.s, p.b, p.n), (None, None, None));
}
