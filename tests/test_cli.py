import json
from pathlib import Path

from typer.testing import CliRunner

from mercato import migrate
from mercato.cli import app
from mercato.db import make_engine


def test_init_is_idempotent_and_prints_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["init", "--database", url, "--admin-username", "root",
            "--admin-password", "Str0ng-Passw0rd", "--marketplace-id", "shop",
            "--client-id", "cli-client"]  # fmt: skip

    first = CliRunner().invoke(app, args)
    second = CliRunner().invoke(app, args)

    assert first.exit_code == 0, first.output
    assert json.loads(first.output) == {
        "MarketplaceID": "shop", "ClientID": "cli-client", "AdminUsername": "root", "Created": True,
    }  # fmt: skip
    assert json.loads(second.output)["Created"] is False


def test_init_rejects_a_weak_admin_password(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "init",
            "--database",
            f"sqlite:///{tmp_path / 'weak.db'}",
            "--admin-username",
            "root",
            "--admin-password",
            "weak",
        ],
    )

    assert result.exit_code != 0


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'drift.db'}")
    migrate.upgrade(engine)

    assert migrate.drift(engine) == []
