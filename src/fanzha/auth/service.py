"""Sign-in with lockout, browser sessions, API keys and user accounts."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session, joinedload

from fanzha import clock, listing
from fanzha.access import ROLE_PERMISSIONS, Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.errors import AdminRoleReserved, OwnAccountLockedIn, UsernameTaken, WeakPassword
from fanzha.auth.models import ApiKey, Role, User, UserSession
from fanzha.auth.passwords import password_problem
from fanzha.auth.schemas import ApiKeyIn, UserIn, UserUpdate
from fanzha.config import get_settings
from fanzha.i18n import auth as i18n
from fanzha.i18n import zh_CN
from fanzha.org import scope
from fanzha.org.models import Unit

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("fanzha-timing-equaliser")

# Lower CPU priority for password hashing (nice +10, on Linux per thread and inherited by the
# threads argon2 starts): a burst of sign-ins only waits longer, while the process's other
# requests, the health check included, still get the cores when they need them.
HASHING_NICENESS = 10


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not permitted, or not on Linux
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


_hashing = ThreadPoolExecutor(
    max_workers=max(1, os.cpu_count() or 1),
    thread_name_prefix="fanzha-argon2",
    initializer=_lower_priority,
)


def hash_password(password: str) -> str:
    return _hashing.submit(_hasher.hash, password).result()


def _strong_password_hash(password: str) -> str:
    """The hash to store for a new password; WeakPassword (Chinese reason) for a weak one.
    The schemas check the same policy first; this guards every caller that sets a password."""
    problem = password_problem(password)
    if problem:
        raise WeakPassword(problem=problem, field="password")
    return hash_password(password)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- principals --------------------------------------------------------------------------


def user_principal(
    user: User, *, ip: str | None = None, user_agent: str | None = None
) -> Principal:
    return Principal(
        kind="user",
        id=user.id,
        name=user.display_name,
        unit_id=user.unit_id,
        unit_path=user.unit.path,
        permissions=ROLE_PERMISSIONS[user.role],
        role=user.role,
        ip=ip,
        user_agent=user_agent,
    )


def api_key_principal(
    key: ApiKey, *, ip: str | None = None, user_agent: str | None = None
) -> Principal:
    return Principal(
        kind="api_key",
        id=key.id,
        name=i18n.ACTORS["api_key"].format(name=key.name),
        unit_id=key.unit_id,
        unit_path=key.unit.path,
        permissions=frozenset(Permission(s) for s in key.scopes),
        ip=ip,
        user_agent=user_agent,
    )


# --- sign-in -------------------------------------------------------------------------------


@dataclass
class LoginResult:
    user: User | None = None
    session_token: str | None = None
    error: str | None = None
    status_code: int = 200


def login(
    session: Session, *, username: str, password: str, ip: str | None, user_agent: str | None
) -> LoginResult:
    """Check a password; lock the account after too many failures in a short window.

    Failures are committed with the request (the caller renders the form again rather than
    raising), so the counter survives and the attempt is audited. The password is checked
    without any row lock (argon2 takes ~0.1 s); the failure count then moves in one atomic
    UPDATE, so simultaneous wrong passwords each count and the account locks at exactly the
    `lockout_failures`-th, whatever their order. Costs ~0.1 s of CPU and 64 MiB over 4
    threads (argon2): callers run no more at once than there are cores for (the login route
    waits for a turn, see fanzha.web.deps.sign_in_turn).
    """
    moment = clock.now()
    user = session.scalar(select(User).where(User.username == username.strip()))
    anonymous = Principal(
        kind="anonymous",
        id=None,
        name=username[:50],
        unit_id=None,
        unit_path="-",
        permissions=frozenset(),
        ip=ip,
        user_agent=user_agent,
    )
    if user is None:
        _verify(_DUMMY_HASH, password)
        audit.record(
            session, anonymous, AuditAction.login_failed, summary=i18n.AUDIT["unknown_username"]
        )
        return LoginResult(error=zh_CN.ERRORS["invalid_credentials"], status_code=401)

    actor = user_principal(user, ip=ip, user_agent=user_agent)
    if user.locked_until and user.locked_until > moment:
        return _refuse_locked(session, actor, user.id, user.locked_until)

    if not _verify(user.password_hash, password):
        return _count_failure(session, actor, user.id, moment)

    if not user.is_active:
        audit.record(
            session,
            actor,
            AuditAction.login_failed,
            target_type="users",
            target_id=user.id,
            summary=i18n.AUDIT["account_disabled"],
        )
        return LoginResult(error=zh_CN.ERRORS["account_disabled"], status_code=403)

    # The counters reset only if no simultaneous failure locked the account meanwhile.
    reset = session.execute(
        update(User)
        .where(User.id == user.id, _not_locked(moment))
        .values(failed_logins=0, first_failed_at=None, locked_until=None, last_login_at=moment)
        .returning(User.id)
    ).scalar()
    if reset is None:
        return _refuse_locked(session, actor, user.id, _locked_until(session, user.id))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = open_session(session, user, timedelta(hours=get_settings().session_hours), ip=ip)
    audit.record(
        session, actor, AuditAction.login_succeeded, target_type="users", target_id=user.id
    )
    return LoginResult(user=user, session_token=token)


def open_session(
    session: Session, user: User, lifetime: timedelta, *, ip: str | None = None
) -> str:
    """A session of `user` lasting `lifetime`; its token (only its hash is stored). The caller
    has established who this is (a password, or the operator's own command) and audits it."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_sha256(token),
            user_id=user.id,
            ip=ip,
            expires_at=clock.now() + lifetime,
        )
    )
    return token


def _not_locked(moment: datetime):
    return or_(User.locked_until.is_(None), User.locked_until <= moment)


def _locked_until(session: Session, user_id: int) -> datetime:
    return session.scalars(select(User.locked_until).where(User.id == user_id)).one()


def _count_failure(session: Session, actor: Principal, user_id: int, moment: datetime):
    """One wrong password, counted atomically: the row is locked only from this UPDATE to the
    request's commit, never across the password check."""
    settings = get_settings()
    window = timedelta(minutes=settings.lockout_window_minutes)
    fresh = or_(User.first_failed_at.is_(None), User.first_failed_at < moment - window)
    count = case((fresh, 1), else_=User.failed_logins + 1)
    locks = count >= settings.lockout_failures
    # Every SET sees the row as it was: `count` is the same number in each.
    row = session.execute(
        update(User)
        .where(User.id == user_id, _not_locked(moment))
        .values(
            failed_logins=case((locks, 0), else_=count),
            first_failed_at=case((locks, None), (fresh, moment), else_=User.first_failed_at),
            locked_until=case(
                (locks, moment + timedelta(minutes=settings.lockout_minutes)),
                else_=User.locked_until,
            ),
        )
        .returning(User.failed_logins, User.locked_until)
        .execution_options(synchronize_session="fetch")
    ).one_or_none()
    if row is None:  # a simultaneous failure locked the account after we read it
        return _refuse_locked(session, actor, user_id, _locked_until(session, user_id))
    failures, locked_until = row
    if locked_until is not None and locked_until > moment:
        return _refuse_locked(
            session,
            actor,
            user_id,
            locked_until,
            summary=i18n.AUDIT["locked_after_failures"].format(failures=settings.lockout_failures),
        )
    audit.record(
        session,
        actor,
        AuditAction.login_failed,
        target_type="users",
        target_id=user_id,
        summary=i18n.AUDIT["wrong_password"].format(failures=failures),
    )
    return LoginResult(error=zh_CN.ERRORS["invalid_credentials"], status_code=401)


def _refuse_locked(
    session: Session,
    actor: Principal,
    user_id: int,
    locked_until: datetime,
    *,
    summary: str = i18n.AUDIT["login_while_locked"],
) -> LoginResult:
    audit.record(
        session,
        actor,
        AuditAction.login_locked,
        target_type="users",
        target_id=user_id,
        summary=summary,
    )
    return LoginResult(error=_locked_message(locked_until), status_code=429)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hashing.submit(_hasher.verify, password_hash, password).result()
    except (VerificationError, InvalidHashError):
        return False


def _locked_message(until: datetime) -> str:
    return zh_CN.ERRORS["account_locked"].format(until=clock.local(until, "%H:%M"))


def user_for_session(session: Session, token: str) -> User | None:
    """The active user behind a session cookie, or None when it is unknown or expired."""
    # One round trip for the session, its user and the user's unit: every page asks this.
    row = session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user).joinedload(User.unit))
        .where(UserSession.token_hash == _sha256(token), UserSession.expires_at > clock.now())
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def close_session(session: Session, token: str) -> None:
    """End the session behind `token` (nothing when there is none)."""
    session.execute(delete(UserSession).where(UserSession.token_hash == _sha256(token)))


def logout(session: Session, actor: Principal, token: str) -> None:
    close_session(session, token)
    audit.record(session, actor, AuditAction.logout, target_type="users", target_id=actor.id)


# --- API keys ------------------------------------------------------------------------------

API_KEY_PREFIX = "fz_"


def create_api_key(session: Session, actor: Principal, data: ApiKeyIn) -> tuple[ApiKey, str]:
    """A new key for a machine client; the plain key is returned once and never stored."""
    scope.require_unit_in_scope(session, actor, data.unit_id)
    plain = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=data.name,
        prefix=plain[:10],
        key_hash=_sha256(plain),
        unit_id=data.unit_id,
        scopes=data.scopes,
        created_by_id=actor.id,
        expires_at=data.expires_at,
    )
    session.add(key)
    session.flush()  # the audit entry names the new id
    audit.record(
        session,
        actor,
        AuditAction.api_key_created,
        target_type="api_keys",
        target_id=key.id,
        summary=i18n.AUDIT["api_key_created"].format(name=key.name, prefix=key.prefix),
        detail={
            "scopes": key.scopes,
            "unit_id": key.unit_id,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        },
    )
    return key, plain


def revoke_api_key(session: Session, actor: Principal, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        _forget_key(key.key_hash)
        audit.record(
            session,
            actor,
            AuditAction.api_key_revoked,
            target_type="api_keys",
            target_id=key.id,
            summary=key.name,
        )
    return key


def api_key_for(session: Session, plain: str) -> ApiKey | None:
    """The live key (neither revoked nor expired) matching a presented secret; marks when it
    was last used."""
    key = session.scalar(
        select(ApiKey)
        .options(joinedload(ApiKey.unit))
        .where(
            ApiKey.key_hash == _sha256(plain),
            ApiKey.revoked_at.is_(None),
            or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > clock.now()),
        )
    )
    stale = clock.now() - timedelta(minutes=1)
    if key is not None and (key.last_used_at is None or key.last_used_at < stale):
        # At most one write a minute per key: every request writing the same row would queue
        # all of a platform's concurrent deliveries behind one row lock.
        session.execute(
            update(ApiKey)
            .where(
                ApiKey.id == key.id,
                or_(
                    ApiKey.last_used_at.is_(None),
                    ApiKey.last_used_at < stale,
                ),
            )
            .values(last_used_at=clock.now())
        )
    return key


# A platform delivers hundreds of warnings a second, and reading its key from the database for
# each one cost as much as storing the warning. A key verified here is trusted for a few
# seconds per app process: a revoked key is refused by the revoking process at once and by
# every other one within API_KEY_RECHECK_SECONDS. An expiry is checked on every use.
API_KEY_RECHECK_SECONDS = 5.0
# (engine, key hash) -> (principal, when verified on the monotonic clock, the key's expiry)
_verified_keys: dict[tuple[int, str], tuple[Principal, float, datetime | None]] = {}


def recently_verified_key(
    session: Session, plain: str, *, ip: str | None = None, user_agent: str | None = None
) -> Principal | None:
    """The caller behind a key this process verified moments ago; None means "ask the
    database" (`verify_api_key`). Touches no connection, so it costs no thread hop."""
    entry = _verified_keys.get((id(session.get_bind()), _sha256(plain)))
    if entry is None or time.monotonic() - entry[1] > API_KEY_RECHECK_SECONDS:
        return None
    principal, _, expires_at = entry
    if expires_at is not None and expires_at <= clock.now():
        return None  # the database check that follows refuses it
    return replace(principal, ip=ip, user_agent=user_agent)


def verify_api_key(
    session: Session, plain: str, *, ip: str | None = None, user_agent: str | None = None
) -> Principal | None:
    """The caller behind a live key, read from the database and remembered for a few seconds."""
    cache_key = (id(session.get_bind()), _sha256(plain))
    key = api_key_for(session, plain)
    if key is None:
        _verified_keys.pop(cache_key, None)
        return None
    principal = api_key_principal(key, ip=ip, user_agent=user_agent)
    _verified_keys[cache_key] = (principal, time.monotonic(), key.expires_at)
    return principal


def _forget_key(key_hash: str) -> None:
    for cache_key in [k for k in _verified_keys if k[1] == key_hash]:
        _verified_keys.pop(cache_key, None)


def list_api_keys(session: Session, principal: Principal) -> list[ApiKey]:
    stmt = select(ApiKey).where(scope.scope_clause(ApiKey.unit_id, principal)).order_by(ApiKey.id)
    return list(session.scalars(stmt))


KEY_SORTS: listing.Sorts = {
    "name": [ApiKey.name],
    "used": [ApiKey.last_used_at],
    "expires": [ApiKey.expires_at],
    "created": [ApiKey.created_at],
}
KEY_STATES = ("active", "revoked", "expired")


def page_api_keys(
    session: Session, principal: Principal, query: listing.ListQuery, *, state: str = ""
) -> listing.Page[ApiKey]:
    """The keys of the principal's units as a list; `state` is active / revoked / expired
    (anything else: all); the text filter matches the name or the prefix."""
    now = clock.now()
    live = ApiKey.revoked_at.is_(None)
    unexpired = ApiKey.expires_at.is_(None) | (ApiKey.expires_at > now)
    states = {
        "active": [live, unexpired],
        "revoked": [ApiKey.revoked_at.is_not(None)],
        "expired": [live, ~unexpired],
    }
    stmt = select(ApiKey).where(
        scope.scope_clause(ApiKey.unit_id, principal),
        *states.get(state, []),
        *listing.text_match(query, ApiKey.name, ApiKey.prefix),
    )
    return listing.paginate(session, stmt, query, KEY_SORTS, (ApiKey.id,))


# --- users ---------------------------------------------------------------------------------


USER_SORTS: listing.Sorts = {
    "username": [User.username],
    "name": [User.display_name],
    "role": [User.role],
    "login": [User.last_login_at],
}


def list_users(
    session: Session,
    principal: Principal,
    query: listing.ListQuery | None = None,
    *,
    role: str | None = None,
) -> listing.Page[User]:
    """Accounts in scope by unit then username (or the asked column); the text filter looks
    in the username and the name."""
    query = query or listing.ListQuery(size=listing.EXPORT_CAP)
    stmt = (
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            scope.scope_clause(User.unit_id, principal),
            *listing.text_match(query, User.username, User.display_name),
        )
    )
    if role:
        stmt = stmt.where(User.role == role)
    return listing.paginate(session, stmt, query, USER_SORTS, (Unit.path, User.username))


def create_user(session: Session, actor: Principal, data: UserIn) -> User:
    scope.require_unit_in_scope(session, actor, data.unit_id)
    if session.scalar(select(User.id).where(User.username == data.username)):
        raise UsernameTaken(field="username")
    if data.role == Role.admin and actor.role != Role.admin and actor.kind != "system":
        raise AdminRoleReserved(field="role")
    user = User(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        unit_id=data.unit_id,
        staff_id=data.staff_id,
        password_hash=_strong_password_hash(data.password),
    )
    session.add(user)
    session.flush()  # the audit entry names the new id
    audit.record(
        session,
        actor,
        AuditAction.user_created,
        target_type="users",
        target_id=user.id,
        summary=i18n.AUDIT["user_created"].format(
            username=user.username, role=zh_CN.ROLES[user.role]
        ),
    )
    return user


def update_user(session: Session, actor: Principal, user: User, data: UserUpdate) -> User:
    scope.require_unit_in_scope(session, actor, data.unit_id)
    if user.id == actor.id and (not data.is_active or data.role != user.role):
        raise OwnAccountLockedIn(field="role")
    before = {"role": user.role.value, "unit_id": user.unit_id, "is_active": user.is_active}
    user.display_name, user.role, user.unit_id, user.is_active = (
        data.display_name,
        data.role,
        data.unit_id,
        data.is_active,
    )
    if not data.is_active:
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    audit.record(
        session,
        actor,
        AuditAction.user_updated,
        target_type="users",
        target_id=user.id,
        summary=user.username,
        detail={"before": before},
    )
    return user


def reset_password(session: Session, actor: Principal, user: User, password: str) -> User:
    """Set a new password, lift any lock, and end the user's open sessions. InvalidInput for a
    password the policy refuses."""
    user.password_hash = _strong_password_hash(password)
    user.failed_logins, user.first_failed_at, user.locked_until = 0, None, None
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    audit.record(
        session,
        actor,
        AuditAction.user_password_reset,
        target_type="users",
        target_id=user.id,
        summary=user.username,
    )
    return user


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
