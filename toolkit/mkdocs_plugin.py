"""A small MkDocs plugin so that `mkdocs serve` at the repository root previews one authority's site.

It calls the same assemble step as `guides build` and points MkDocs at the rendered pages, so a
volunteer who knows MkDocs needs nothing new. `guides build` does not use it.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import clock
from .assemble import Site, assemble_all
from .errors import GuidesError
from .model import load_project
from .safe_pages import clean_content, with_policy


class PreviewConfig(Config):
    authority = config_options.Type(str, default="doncaster")
    locale = config_options.Type(str, default="en")


class ParentGuidesPlugin(BasePlugin[PreviewConfig]):
    def __init__(self):
        self._folder: Path | None = None  # one folder for the whole preview, emptied on each reload

    def on_startup(self, *, command, dirty):
        if command == "serve":
            # Stopped by a service manager (SIGTERM) as by Ctrl+C: MkDocs then shuts down cleanly
            # and calls on_shutdown, which removes the preview's folder.
            signal.signal(signal.SIGTERM, _interrupt)

    def on_shutdown(self):
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        try:
            project = load_project(root)
            project.authority(self.config.authority)  # a misspelt one is named, with those there are
            project.require_language(self.config.locale)
            site = assemble_all(project, [Site(self.config.authority, self.config.locale)], clock.today())[0]
        except GuidesError as error:
            raise PluginError(error.render()) from None
        folder = self._fresh_folder()
        site.write(folder)
        generated = site.config
        config.docs_dir = str(folder / "docs")
        config.site_name = generated["site_name"]
        config.nav = generated["nav"]
        config.extra.update(generated["extra"])
        config.theme["language"] = generated["theme"]["language"]  # a Welsh page says lang="cy"
        return config

    # The same cleaning and Content Security Policy as `guides build` (safe_pages.py).
    @event_priority(100)
    def on_page_content(self, html, page, config, files):
        return clean_content(html, page)

    @event_priority(-100)
    def on_post_page(self, output, page, config):
        return with_policy(output, config)

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path).resolve().parent
        for folder in ("content", "authorities", "locales", "theme", "toolkit/pages"):
            if (root / folder).exists():
                server.watch(str(root / folder))
        return server

    def _fresh_folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="parent-guides-preview-"))
        shutil.rmtree(self._folder / "docs", ignore_errors=True)
        return self._folder


def _interrupt(signum, frame):
    raise KeyboardInterrupt
