"""The vault's keys: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) through a
MultiFernet, so the first key of FANZHA_VAULT_KEYS encrypts and every listed key decrypts —
that is what makes rotation possible (README, 身份保管库密钥轮换).

Without FANZHA_VAULT_KEYS, on the embedded default database only, a key file is made once
under var/ (mode 0600): a developer's or demo machine works out of the box. Against
FANZHA_DATABASE_URL a missing key refuses to store anything."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from fanzha.config import PROJECT_ROOT, get_settings
from fanzha.vault.errors import VaultKeyInvalid, VaultKeyMissing, VaultUnreadable

KEY_FILE = PROJECT_ROOT / "var" / "vault.key"


def new_key() -> str:
    """A fresh key, url-safe base64 (44 characters)."""
    return Fernet.generate_key().decode()


def local_key(path: Path, make=new_key) -> str:
    """The key kept in `path`, made once with `make` on first use (mode 0600): the embedded
    default's keys (the vault's here, the tips' receipt-code key) live beside its data."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once make one key, the other reads it.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(make())
    return path.read_text().strip()


def on_embedded_default() -> bool:
    """Whether the database is the embedded default (also in the processes `fanzha serve`
    starts for it, which are handed its URL)."""
    settings = get_settings()
    return not settings.database_url or settings.embedded_database


def configured_keys() -> list[str]:
    """The keys in use, newest first. Raises VaultKeyMissing when none is configured and the
    database is not the embedded default."""
    settings = get_settings()
    listed = [k.strip() for k in settings.vault_keys.split(",") if k.strip()]
    if listed:
        return listed
    if not on_embedded_default():
        raise VaultKeyMissing()
    return [local_key(KEY_FILE)]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in configured_keys()])
    except ValueError as exc:
        raise VaultKeyInvalid() from exc


def encrypt(plain: bytes) -> bytes:
    return _fernet().encrypt(plain)


def decrypt(token: bytes) -> bytes:
    """Raises VaultUnreadable when no configured key opens the token."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise VaultUnreadable() from exc


def rotate(token: bytes) -> bytes:
    """The same plaintext under the first key (MultiFernet.rotate)."""
    try:
        return _fernet().rotate(token)
    except InvalidToken as exc:
        raise VaultUnreadable() from exc
