"""Every DomainError's Chinese message, keyed by the error's machine code.

Each domain keeps its messages beside its other text (`fanzha.i18n.<domain>.ERRORS`); this
module only joins them, refusing a code declared twice. Messages are `str.format` strings:
the keyword arguments given where the error is raised fill them in.
"""

from __future__ import annotations

from fanzha.i18n import (
    auth,
    cases,
    common,
    desk,
    fundflow,
    holidays,
    liaison,
    linking,
    ops,
    org,
    outreach,
    outreach_field,
    outreach_map,
    outreach_people,
    province,
    public,
    questionnaires,
    reports,
    retention,
    rewards,
    vault,
    warnings,
)

_CATALOGUES: dict[str, dict[str, str]] = {
    "common": common.ERRORS,
    "desk": desk.ERRORS,
    "auth": auth.ERRORS,
    "org": org.ERRORS,
    "fundflow": fundflow.ERRORS,
    "cases": cases.ERRORS,
    "warnings": warnings.ERRORS,
    "linking": linking.ERRORS,
    "province": province.ERRORS,
    "ops": ops.ERRORS,
    "retention": retention.ERRORS,
    "holidays": holidays.ERRORS,
    "liaison": liaison.ERRORS,
    "outreach": outreach.ERRORS,
    "outreach_map": outreach_map.ERRORS,
    "outreach_field": outreach_field.ERRORS,
    "questionnaires": questionnaires.ERRORS,
    "public": public.ERRORS,
    "outreach_people": outreach_people.ERRORS,
    "vault": vault.ERRORS,
    "rewards": rewards.ERRORS,
    "reports": reports.ERRORS,
}


def _join(catalogues: dict[str, dict[str, str]]) -> dict[str, str]:
    joined: dict[str, str] = {}
    for name, messages in catalogues.items():
        twice = joined.keys() & messages.keys()
        if twice:
            raise RuntimeError(f"error codes declared twice ({name}): {sorted(twice)}")
        joined.update(messages)
    return joined


MESSAGES: dict[str, str] = _join(_CATALOGUES)
