"""A school's phase of education, as Get Information about Schools names it: which stages of a
child's life its parents need guides for, and how its sites name it in each language.

GIAS writes "Primary", "Middle deemed secondary", "All-through" (or "All through" in older
extracts), and "Not applicable" for most special schools and pupil referral units.
"""

from __future__ import annotations

STAGES = ["early-years", "primary", "secondary", "post-16", "all"]

# GIAS phase, in lower case with spaces -> (the ui.yml key that names it, the stages it covers)
PHASES = {
    "nursery": ("phase_nursery", {"early-years"}),
    "primary": ("phase_primary", {"early-years", "primary"}),
    "middle deemed primary": ("phase_middle", {"primary", "secondary"}),
    "middle deemed secondary": ("phase_middle", {"primary", "secondary"}),
    "secondary": ("phase_secondary", {"secondary", "post-16"}),
    "16 plus": ("phase_16_plus", {"post-16"}),
    "all through": ("phase_all_through", {"early-years", "primary", "secondary", "post-16"}),
}


def _known(phase: str | None):
    return PHASES.get((phase or "").lower().replace("-", " ").strip())


def stages_for(phase: str | None) -> set[str] | None:
    """The stages of a school's phase; None for every stage: an authority's site, or a phase that
    says nothing, like "Not applicable" for a special school."""
    known = _known(phase)
    return known[1] if known else None


def suits_phase(guide_stages: list[str], phase: str | None) -> bool:
    """Whether a guide matters for a school's phase: a primary school does not need GCSE options."""
    stages = stages_for(phase)
    return stages is None or "all" in guide_stages or bool(stages & set(guide_stages))


def phase_label(phase: str | None, school_type: str | None, ui: dict) -> str:
    """What a parent reads in the schools list: "Primary", "Cynradd", "Special school"."""
    known = _known(phase)
    if known:
        return ui.get(known[0], phase)
    if "special" in (school_type or "").lower():
        return ui.get("phase_special", "Special school")
    return ""  # "Not applicable" tells a parent nothing
