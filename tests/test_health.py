"""Health: `GET /health` for the web process and `catalogue health` for containers, with real stores and
search backends, up and down."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient

from catalogue.cli import main
from catalogue.config import Settings
from catalogue.db import make_engine
from catalogue.runtime import Catalogue
from catalogue.web import create_app

UNREACHABLE_SEARCH = "http://elastic:hunter2@127.0.0.1:9"  # the discard port: connections are refused
UNREACHABLE_STORE = "postgresql+psycopg://postgres:hunter2@127.0.0.1:9/catalogue"


def test_a_healthy_web_process_answers_200_without_sign_in(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "store": "ok", "search": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_search_down_is_503_and_names_only_the_part(settings: Settings) -> None:
    catalogue = Catalogue.open(settings.with_overrides(search_url=UNREACHABLE_SEARCH), migrate=True)
    response = create_app(catalogue, {"TESTING": True}).test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "store": "ok", "search": "down"}
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert "hunter2" not in response.get_data(as_text=True)
    catalogue.close()


def test_store_down_is_503(settings: Settings) -> None:
    working = Catalogue.open(settings, migrate=True)
    working.search  # noqa: B018 - the index exists
    broken = Catalogue(working.settings, make_engine(UNREACHABLE_STORE))
    response = create_app(broken, {"TESTING": True}).test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "store": "down", "search": "ok"}
    assert "hunter2" not in response.get_data(as_text=True)
    working.close()


def test_the_health_command(tmp_path: Path) -> None:
    runner = CliRunner()
    data = str(tmp_path / "data")
    env = {"CATALOGUE_DATA_DIR": data}
    not_ready = runner.invoke(main, ["health"], env=env)
    assert not_ready.exit_code == 1  # no store yet
    assert json.loads(not_ready.stdout.splitlines()[-1])["store"] == "down"
    assert runner.invoke(main, ["init"], env=env).exit_code == 0
    healthy = runner.invoke(main, ["health"], env=env)
    assert healthy.exit_code == 0, healthy.output
    assert json.loads(healthy.stdout) == {"status": "ok", "store": "ok", "search": "ok"}
    no_scheduler = runner.invoke(main, ["health", "--scheduler"], env=env)
    assert no_scheduler.exit_code == 1
    assert json.loads(no_scheduler.stdout) == {"status": "down", "store": "ok", "scheduler": "down"}
    down = runner.invoke(main, ["health"], env={**env, "CATALOGUE_DATABASE_URL": UNREACHABLE_STORE})
    assert down.exit_code == 1
    assert "hunter2" not in down.output
