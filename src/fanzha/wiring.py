"""Every module that subscribes to a domain event, imported once so its handlers register.

`fanzha.kernel.events.dispatch` imports this module on first use. A new subscriber module is
imported here, and only here, with a plain import (so the import-linter layers see it).
"""

from __future__ import annotations

from fanzha.audit import status  # noqa: F401  (every status move → its audit entry)
from fanzha.cases import reactions  # noqa: F401  (a warning's outcome → a case draft)

# A case's accounts, a voided case, money traced in a statement → the links follow.
from fanzha.linking import reactions as linking_reactions  # noqa: F401
from fanzha.warnings import transfers  # noqa: F401  (closing a warning answers its sender)
