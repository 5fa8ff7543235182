"""The checks: small pure functions over a page's prose, each with a dotted id.

Each family module lists its checks in CHECKS; the registry joins them explicitly. A check is
`function(document, context) -> iterable of Finding`, with a docstring that names its source and
`examples` (should-flag and should-pass texts), which a test runs for every check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable

from ..prose import Document


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # "error" or "warning" (or "note")
    path: str
    line: int
    column: int
    message: str
    suggestion: str | None = None
    locale: str = "en"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Examples:
    flag: list[str]
    clean: list[str]
    locale: str = "en"
    today: object = None  # a day to try them on, for checks that depend on the date


@dataclass
class Check:
    id: str
    run: Callable[..., Iterable[Finding]]
    examples: Examples
    scope: str = "page"  # "page": any Markdown page; "guide": needs a guide's front matter

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip()


@dataclass
class CheckContext:
    """What a check may need beyond the page: settings, the glossary, the project, today."""

    settings: object
    glossary: list = field(default_factory=list)
    project: object = None
    today: object = None
    cache: dict = field(default_factory=dict)  # what checks work out once for a whole run


def registry() -> list[Check]:
    from . import facts, frontmatter, html, jargon, readability, sms, template

    return [*readability.CHECKS, *jargon.CHECKS, *frontmatter.CHECKS, *sms.CHECKS, *template.CHECKS, *html.CHECKS,
            *facts.CHECKS]


def run_checks(document: Document, context: CheckContext, checks: list[Check] | None = None) -> list[Finding]:
    findings = []
    for check in checks or registry():
        if not context.settings.enabled(check.id):
            continue
        if check.scope == "guide" and document.guide is None:
            continue
        for finding in check.run(document, context):
            if not document.is_disabled(finding.check, finding.line):
                findings.append(finding)
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.check))
