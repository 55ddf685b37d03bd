"""The first administrator of a new installation, made from the command line.

A production database never gets the demo city and its well-known password; an operator runs
`fanzha users create-admin` instead, which creates the top unit when there is none.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth import service
from fanzha.auth.errors import AdminUnitNotFound, AdminUsernameTaken, InvalidAdminAccount
from fanzha.auth.models import Role, User
from fanzha.auth.schemas import UserIn
from fanzha.i18n import auth as i18n
from fanzha.i18n.validation import describe, field_errors
from fanzha.org import service as org
from fanzha.org.models import Unit

# The code of the 市局 created on an empty database when the operator names none.
DEFAULT_TOP_UNIT_CODE = "SJ"


def has_accounts(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def create_admin(
    session: Session,
    *,
    username: str,
    password: str,
    display_name: str,
    unit: str | None,
    city_name: str,
) -> User:
    """A 系统管理员 account in `unit` (a unit code or id; None: the top unit).

    On a database without units the top unit "{city_name}公安局" is created first, with `unit`
    (or DEFAULT_TOP_UNIT_CODE) as its code. Raises AdminUsernameTaken for a username already
    taken, AdminUnitNotFound for an unknown unit and InvalidAdminAccount for a bad username or
    a password the policy refuses.
    """
    actor = Principal.system(i18n.ACTORS["command_line"])
    if session.scalar(select(User.id).where(User.username == username.strip())):
        raise AdminUsernameTaken(username=username.strip(), field="username")
    target = _target_unit(session, actor, unit, city_name)
    try:
        data = UserIn(
            username=username,
            display_name=display_name,
            role=Role.admin,
            unit_id=target.id,
            password=password,
        )
    except ValidationError as exc:
        raise InvalidAdminAccount(problems=describe(field_errors(exc))) from exc
    return service.create_user(session, actor, data)


def _target_unit(session: Session, actor: Principal, unit: str | None, city_name: str) -> Unit:
    if not session.scalar(select(func.count()).select_from(Unit)):
        top = org.create_root_unit(
            session,
            name=i18n.TOP_UNIT_NAME.format(city=city_name),
            code=(unit or DEFAULT_TOP_UNIT_CODE).strip(),
        )
        audit.record(
            session,
            actor,
            AuditAction.unit_created,
            target_type="units",
            target_id=top.id,
            summary=i18n.AUDIT["top_unit_created"].format(name=top.name),
        )
        return top
    if unit is None:
        found = session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    else:
        found = session.scalar(select(Unit).where(Unit.code == unit.strip()))
        if found is None and unit.strip().isdigit():
            found = session.get(Unit, int(unit))
    if found is None:
        raise AdminUnitNotFound(unit=unit, field="unit")
    return found
