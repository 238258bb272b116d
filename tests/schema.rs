//! `vanban schema`: the JSON Schema that editors read, kept in sync with the
//! Rust types and accepting the samples.

mod common;

use common::*;

#[test]
fn committed_schema_matches_the_types() {
    let o = vanban(&root(), &["schema"]);
    assert!(o.status.success());
    let generated: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/van-ban.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        generated, committed,
        "run `vanban schema > schema/van-ban.schema.json`"
    );
    assert_eq!(generated["additionalProperties"], false);
    let desc = generated["properties"]["kinh_gui"]["description"]
        .as_str()
        .unwrap();
    assert!(
        desc.starts_with("Kính gửi"),
        "Vietnamese descriptions: {desc}"
    );
    let first = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    assert!(first.starts_with("# yaml-language-server: $schema=../schema/van-ban.schema.json\n"));
}

#[test]
fn the_sample_validates_and_a_wrong_key_does_not() {
    let script = "import sys, json, yaml, jsonschema\n\
        schema = json.load(open(sys.argv[1] + '/schema/van-ban.schema.json'))\n\
        doc = yaml.safe_load(open(sys.argv[1] + '/samples/cong-van-ccn-bac-giang.yaml'))\n\
        doc['ngay'] = str(doc['ngay'])\n\
        jsonschema.validate(doc, schema)\n\
        bad = dict(doc); bad['kinh_gu'] = bad.pop('kinh_gui')\n\
        try:\n    jsonschema.validate(bad, schema); print('accepted')\n\
        except jsonschema.ValidationError as e:\n    print('rejected', e.validator)";
    let out = python(script, &root());
    assert_eq!(out.trim(), "rejected additionalProperties", "{out}");
}
