"""What runs inside a build worker process: MkDocs, one site at a time.

Kept apart from the rest of the toolkit so that a new worker imports MkDocs and nothing else:
starting workers is part of what a school office waits for when it changes one school.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


SITE_SECONDS = 300
TOO_SLOW_SITE = ("building it took more than 5 minutes, so it was stopped. A page may have HTML that is too "
                 "tangled to read (many tags that are never closed): run guides check to find it.")


def import_mkdocs() -> None:
    """Run when a worker starts, so that it is ready before the first site arrives."""
    _end_with_parent()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401


def _end_with_parent() -> None:
    """Ask Linux to stop this worker when the build that started it dies (killed, say): otherwise
    workers would go on building sites that nobody publishes. Elsewhere this does nothing."""
    try:
        import ctypes
        import signal

        import multiprocessing

        libc = ctypes.CDLL(None, use_errno=True)
        parent = multiprocessing.parent_process()
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if parent is not None and os.getppid() != parent.pid:  # the build died before the request was made
            os._exit(1)
    except (OSError, AttributeError):
        pass


def mkdocs_build(config_file: str, site_dir: str, shared: str) -> tuple[str | None, list[str]]:
    """Run in a worker process: build one site. Returns (error message or None, warnings)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .fast_mkdocs import SharedBuildPlugin
    from .limits import TooBig, deadline
    from .safe_pages import SafePagesPlugin

    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    logger.propagate = False  # MkDocs' info lines would drown the progress; warnings are returned
    try:
        # A site takes well under a second. One that runs for minutes has a page that Markdown's HTML
        # reader takes hours over (thousands of unclosed tags): stop it, and build the others.
        with deadline(SITE_SECONDS, TOO_SLOW_SITE):
            config = load_config(config_file, site_dir=site_dir)
            config.plugins["parent-guides-shared-build"] = SharedBuildPlugin(Path(shared))
            config.plugins["parent-guides-safe-pages"] = SafePagesPlugin()
            build(config)
    except TooBig as error:
        return str(error), warnings.messages
    except MkDocsException as error:
        return str(error), warnings.messages
    except Exception as error:  # noqa: BLE001 - any failure of one site is reported; the worker goes on
        return f"{type(error).__name__}: {error}", warnings.messages
    finally:
        logger.removeHandler(warnings)
    return None, warnings.messages


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


