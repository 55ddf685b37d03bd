"""Settings from the environment; every name starts with FANZHA_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

# src/fanzha/config.py -> the repository root, where var/ and migrations/ live
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FANZHA_", env_file=".env", extra="ignore")

    # Empty: start the embedded PostgreSQL with its data in `pgdata_dir`.
    database_url: str = ""
    pgdata_dir: Path = PROJECT_ROOT / "var" / "pgdata"
    # Cookies marked Secure when the site is served over HTTPS behind a proxy.
    secure_cookies: bool = False
    session_hours: int = 12
    # Lockout: `lockout_failures` failed logins within `lockout_window_minutes`
    # lock the account for `lockout_minutes`.
    lockout_failures: int = 5
    lockout_window_minutes: int = 10
    lockout_minutes: int = 15


@lru_cache
def get_settings() -> Settings:
    return Settings()
