"""The JSON Schemas that editors use must match the toolkit's own validation."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from toolkit.commands.schema import schema_documents

REPO = Path(__file__).resolve().parents[1]


def test_committed_schemas_are_up_to_date():
    for name, document in schema_documents().items():
        committed = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == document, f"schemas/{name} is out of date: run `guides schema`"


def _as_json(data):
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("pattern,schema", [
    ("authorities/*/authority.yml", "authority"),
    ("authorities/*/schools/*.yml", "school"),
])
def test_example_data_passes_the_editor_schema(pattern, schema):
    validator = jsonschema.Draft202012Validator(json.loads((REPO / f"schemas/{schema}.schema.json").read_text()))
    files = sorted(REPO.glob(pattern))
    assert files
    for path in files:
        errors = list(validator.iter_errors(_as_json(yaml.safe_load(path.read_text(encoding="utf-8")))))
        assert not errors, f"{path}: {errors[0].message}"


def test_editor_schema_catches_a_misspelt_key():
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schemas/school.schema.json").read_text()))
    errors = list(validator.iter_errors({"urn": 990101, "name": "X", "nmae": "Y"}))
    assert any("nmae" in e.message for e in errors)
