"""The web shell: request dependencies, templates, errors, navigation, static assets.

Importing it (every routes module does, before declaring a route) makes `{name:int}` in a
path match at most 18 digits: Starlette's own convertor took any run of digits and called
`int()` on it, which raises past 4,300 digits, so `/cases/<5000 digits>` was a 500 before
sign-in was even checked. A longer number now matches no route (404); ids past the column's
range are still refused by the routes' own `RecordId` parameters.
"""

from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor


class BoundedIntConvertor(IntegerConvertor):
    """A path integer of 1 to 18 digits (below 2**63): `int()` of it cannot fail."""

    regex = "[0-9]{1,18}"


register_url_convertor("int", BoundedIntConvertor())
