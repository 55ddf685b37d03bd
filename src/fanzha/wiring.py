"""Every module that subscribes to a domain event, imported once so its handlers register.

`fanzha.kernel.events.dispatch` imports this module on first use. A new subscriber module is
imported here, and only here, with a plain import (so the import-linter layers see it):

    from fanzha.cases import reactions  # noqa: F401  (a warning's outcome → a case draft)
"""

from __future__ import annotations

from fanzha.linking import reactions  # noqa: F401  (cases' accounts, traced money → links)
