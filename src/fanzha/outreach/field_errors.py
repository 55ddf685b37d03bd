"""The conditions under which the field page's photo uploads refuse (messages in
fanzha.i18n.outreach_field, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput


class PhotoTooBig(InvalidInput):
    status_code = 413
    code = "photo_too_big"


class PhotoDayLimit(InvalidInput):
    status_code = 413
    code = "photo_day_limit"


class PhotoUnreadable(InvalidInput):
    code = "photo_unreadable"


class PhotoTooManyPixels(InvalidInput):
    code = "photo_too_many_pixels"


class PhotoMissing(InvalidInput):
    code = "photo_missing"


class PhotoUuidTaken(Conflict):
    code = "photo_uuid_taken"
