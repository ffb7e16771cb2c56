"""Process-wide settings, read from MERCATO_* environment variables."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable about a Mercato process; defaults run with nothing set."""

    model_config = SettingsConfigDict(env_prefix="MERCATO_", extra="ignore")

    database_url: str = "sqlite:///./mercato.db"
    base_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    # Echo SQL statements to the log; only for debugging.
    sql_echo: bool = False
    # Proxies (addresses or CIDRs) whose X-Forwarded-For header is believed.
    trusted_proxies: list[str] = []
    # Token and password-reset requests allowed per minute, per client address and per
    # username; each costs an argon2 verification, so they are the cheapest way to load us.
    auth_rate_per_address: int = 120
    auth_rate_per_username: int = 20
    # Requests that may hold a database session at once in this process; the rest queue on
    # the event loop (see mercato.core.slots). Unset: 2 on SQLite, 8 on PostgreSQL, whose
    # requests also wait on the network and on row locks.
    db_concurrency: int | None = Field(default=None, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
