"""Authority branding only where text stays readable, and no third-party requests in the theme."""

from __future__ import annotations

from support import run_guides

from toolkit.colour import contrast, darker_passing


def test_contrast_matches_wcag_examples():
    assert round(contrast("#000000"), 1) == 21.0
    assert round(contrast("#777777"), 2) == 4.48  # the classic just-failing grey
    assert contrast(darker_passing("#ffcc00")) >= 4.5


def test_too_light_brand_colour_stops_the_build_with_the_figure(repo):
    path = repo / "authorities/doncaster/authority.yml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("colour:"))
    path.write_text(path.read_text().replace('colour: "#1d4f76"', 'colour: "#ffcc00"'))
    result = run_guides("build", cwd=repo)
    assert result.returncode == 1
    assert f"authorities/doncaster/authority.yml:{number}:" in result.stderr
    assert "contrast of only 1.5:1 with white text; it needs at least 4.5:1" in result.stderr
    assert "3.0 short" in result.stderr
    assert not (repo / "site").exists()


def test_a_dark_enough_brand_colour_is_used(built):
    assert "--md-primary-fg-color:#1d4f76" in (built / "doncaster/en/index.html").read_text()


def test_an_authority_name_with_an_ampersand_is_escaped_once_on_every_page(repo):
    """Bath & North East Somerset, Brighton & Hove...: the name is on every page, in the title, the
    menu and the logo's tooltip, each as "&amp;" once, never "&amp;amp;" (shown as "&amp;")."""
    import re

    path = next(p for p in sorted((repo / "authorities").glob("*/authority.yml")))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^name: .*$", "name: Bath & North East Somerset", text, count=1), encoding="utf-8")
    language = re.search(r"(?m)^languages: \[\s*([a-z-]+)", text).group(1)
    result = run_guides("build", "--authority", path.parent.name, "--locale", language, cwd=repo)
    assert result.returncode == 0, result.stderr
    pages = list((repo / "site" / path.parent.name / language).rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "&amp;amp;" not in html, page
    assert 'title="' in html and "Bath &amp; North East Somerset" in html
