"""The errors of 协查 between centers (messages in fanzha.i18n.liaison)."""

from __future__ import annotations

from fanzha.errors import Conflict, NotFound


class CenterNameTaken(Conflict):
    code = "center_name_taken"


class CenterNotFound(NotFound):
    code = "center_not_found"
