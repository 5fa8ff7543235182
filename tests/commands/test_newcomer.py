"""What a school office and a new volunteer met: a school's own build, and texts for guides
that have no text message."""

from __future__ import annotations

import yaml

from support import run_guides


def _authority_with_a_school(repo):
    for folder in sorted((repo / "authorities").iterdir()):
        schools = sorted((folder / "schools").glob("*.yml"))
        if schools:
            return folder.name, schools[0].stem
    raise AssertionError("no authority here has a school")


def test_a_schools_build_makes_only_that_schools_site(repo):
    slug, urn = _authority_with_a_school(repo)
    out = repo / "site"
    result = run_guides("build", "--authority", slug, "--school", urn, "--out", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    languages = yaml.safe_load((repo / "authorities" / slug / "authority.yml").read_text())["languages"]
    assert all((out / slug / "schools" / urn / lang / "index.html").is_file() for lang in languages)
    assert not any((out / slug / lang).exists() for lang in languages)  # the council's own sites: not asked for


def test_texts_say_which_guides_have_no_text_message(repo, tmp_path):
    slug, _ = _authority_with_a_school(repo)
    authority = yaml.safe_load((repo / "authorities" / slug / "authority.yml").read_text())
    authority["site_url"] = f"https://guides.example.org/{slug}/"
    (repo / "authorities" / slug / "authority.yml").write_text(yaml.safe_dump(authority), encoding="utf-8")
    guide = next(p for p in sorted((repo / "content/guides").glob("*.md"))  # one this council's site shows
                 if authority["nation"] in yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
                 .get("nations", ["England", "Wales"]))
    text = guide.read_text(encoding="utf-8")
    guide.write_text("\n".join(line for line in text.splitlines() if not line.startswith("text_message:")) + "\n",
                     encoding="utf-8")
    result = run_guides("export", "texts", "--authority", slug, "--locale", "en", "--out", str(tmp_path), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "have no text message, so they are not in the file:" in result.stdout and guide.stem in result.stdout
