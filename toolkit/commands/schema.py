"""`guides schema`: JSON Schemas for the data files, so editors can autocomplete and check them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..schemas import SCHEMAS


def schema_documents() -> dict[str, dict]:
    return {f"{name}.schema.json": model.model_json_schema() for name, model in SCHEMAS.items()}


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in schema_documents().items():
        (folder / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"wrote {folder / name}")
