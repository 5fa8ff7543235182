"""Findings as text for people, JSON for scripts, GitHub workflow commands for pull requests, and
SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
import statistics
from itertools import groupby

from .checks import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def as_text(findings: list[Finding], pages: list[dict]) -> str:
    """Grouped by file: `file:line:column: severity: message [check]`, then a reading-age table."""
    lines = []
    for path, group in groupby(sorted(findings, key=lambda f: (f.path, f.line, f.column)), key=lambda f: f.path):
        lines.append(path)
        for f in group:
            lines.append(f"  {f.path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.check}]")
        lines.append("")
    lines.extend(_reading_ages(pages))
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    lines.append(f"{len(pages)} page(s) checked: {errors} error(s), {warnings} warning(s).")
    return "\n".join(lines)


def _reading_ages(pages: list[dict]) -> list[str]:
    if not pages:
        return []
    lines = ["Reading age by page (GOV.UK aims for 9; Polish is scored by FOG-PL, which runs higher):"]
    width = max(len(p["path"]) for p in pages)
    for page in pages:
        age = page["reading_age"]
        shown = f"{age:4.1f}" if age is not None else page.get("not_measured") or f"not measured for {page['language']}"
        lines.append(f"  {page['path']:<{width}}  {shown}")
    # One median per language: each is measured by its own formula (FOG-PL for Polish), on its own scale.
    languages = sorted({p["language"] for p in pages if p["reading_age"] is not None})
    for language in languages:
        ages = [p["reading_age"] for p in pages if p["language"] == language and p["reading_age"] is not None]
        label = "median" if len(languages) == 1 else f"median, {language}"
        lines.append(f"  {label:<{width}}  {statistics.median(ages):4.1f}")
    lines.append("")
    return lines


def as_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding shows on its line of the pull request."""
    lines = []
    for f in findings:
        level = "error" if f.severity == "error" else "warning" if f.severity == "warning" else "notice"
        properties = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={_escape_property(f.check)}"
        lines.append(f"::{level} {properties}::{_escape_data(f.message)}")
    return "\n".join(lines)


def as_sarif(findings: list[Finding], rules: list) -> str:
    from importlib.metadata import version

    used = sorted({f.check for f in findings} | {r.id for r in rules})
    docs = {r.id: r.doc for r in rules}
    run = {
        "tool": {"driver": {
            "name": "guides check",
            "informationUri": "https://github.com/parent-guides/parent-guides",
            "version": version("parent-guides"),
            "rules": [{"id": rule, "shortDescription": {"text": docs.get(rule, rule).split("\n")[0] or rule}}
                      for rule in used],
        }},
        "results": [
            {
                "ruleId": f.check,
                "ruleIndex": used.index(f.check),
                "level": {"error": "error", "warning": "warning"}.get(f.severity, "note"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }}],
            }
            for f in findings
        ],
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)
