"""Domain errors: one class per condition, each with its HTTP status and a stable machine code.

The Chinese message is not written where the error is raised: it is looked up by the code in
`fanzha.i18n.errors.MESSAGES` (a format string; the keyword arguments given at the raise fill
it in). Services raise these; `fanzha.web.errors` alone renders them (a JSON body with code
and message for /api/, an htmx toast, a page). The bases here are generic: a domain declares
its own subclasses in `<domain>/errors.py`.
"""

from __future__ import annotations

from fanzha.i18n.errors import MESSAGES


class DomainError(Exception):
    status_code: int = 400
    code: str = "bad_request"

    def __init__(self, *, field: str | None = None, **params: object) -> None:
        # `field` names the form field the message belongs beside (422 bodies carry it);
        # `params` fill in the message's placeholders.
        self.field = field
        self.params = params
        super().__init__(self.code)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(**self.params)

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    status_code = 422
    code = "invalid_input"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    # Also used for records outside the caller's scope, so existence is never revealed.
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "account_locked"
