"""The one password policy: long enough and hard to guess (zxcvbn score >= 3).

Every place a password is set (account creation on the page, the API and the command line,
an administrator's reset) goes through `password_problem`, via the `Password` field type or
directly.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from fanzha.i18n import zh_CN

MIN_LENGTH = 10
MAX_LENGTH = 200
# zxcvbn's scale: 0 too guessable ... 4 very unguessable; 3 is "safely unguessable"
# (about 10^10 guesses), the level its authors suggest for online accounts.
MIN_SCORE = 3
# zxcvbn refuses longer inputs (its matching is quadratic); the first 72 characters decide.
_ZXCVBN_MAX = 72


def password_problem(password: str) -> str | None:
    """Why `password` may not be used, in Chinese, or None when it is acceptable."""
    messages = zh_CN.PASSWORD
    if len(password) < MIN_LENGTH:
        return messages["too_short"].format(min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return messages["too_long"].format(max=MAX_LENGTH)
    result = zxcvbn(password[:_ZXCVBN_MAX])
    if result["score"] >= MIN_SCORE:
        return None
    return messages["weak"].format(reason=messages[_weakest_kind(result)])


def _weakest_kind(result: dict) -> str:
    """Which kind of guessable pattern makes up most of the password (zxcvbn's own feedback
    looks at the longest match too, but words it in English)."""
    matches = result.get("sequence") or []
    if not matches:
        return "guessable"
    longest = max(matches, key=lambda m: len(m["token"]))
    pattern = longest["pattern"]
    if pattern == "dictionary":
        return "common" if longest.get("dictionary_name") == "passwords" else "word"
    if pattern == "regex" and longest.get("regex_name") == "recent_year":
        return "date"
    return pattern if pattern in ("spatial", "repeat", "sequence", "date") else "guessable"


def check_password(password: str) -> str:
    """The `Password` field's validator: the password itself, or ValueError in Chinese."""
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    return password
