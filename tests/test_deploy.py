"""The production deployment, checked offline: docker-compose.yml against the compose-spec schema, every
name it references defined, its settings documented in .env.example, the Dockerfile's contract with
pyproject, and the WSGI entry point gunicorn serves. (No Docker engine runs here.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_compose_file_matches_the_compose_spec_schema() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_schema_check_catches_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  web:\n    restart: sometimes\n    ports: 8000\n", encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0


def test_the_stack_has_its_four_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"web", "scheduler", "postgres", "elasticsearch"}
    for name, service in compose["services"].items():
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_every_referenced_service_volume_and_network_is_defined(compose: dict[str, Any]) -> None:
    services = compose["services"]
    volumes = set(compose.get("volumes") or {})
    networks = set(compose.get("networks") or {})
    used_volumes: set[str] = set()
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        assert set(depends) <= set(services), f"{name} depends on an undefined service"
        assert name not in depends
        for mount in service.get("volumes") or []:
            source = mount.split(":", 1)[0] if isinstance(mount, str) else mount.get("source", "")
            if source and not source.startswith((".", "/", "~")):
                assert source in volumes, f"{name} mounts the undefined volume {source}"
                used_volumes.add(source)
        assert set(service.get("networks") or ["default"]) <= networks | {"default"}, name
    assert used_volumes == volumes, "every declared volume is used"


def test_env_files_exist_as_examples_defining_every_interpolated_variable(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        files = service.get("env_file") or []
        for env_file in [files] if isinstance(files, str) else files:
            path = env_file if isinstance(env_file, str) else env_file["path"]
            assert (ROOT / f"{path}.example").is_file(), f"{name}: no {path}.example to copy from"
    text = COMPOSE.read_text(encoding="utf-8")
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)", text))
    assert interpolated, "the file takes its passwords from .env"
    defined = env_example()
    assert interpolated <= set(defined), f"not in .env.example: {interpolated - set(defined)}"
    for secret in ("POSTGRES_PASSWORD", "ELASTIC_PASSWORD", "CATALOGUE_SECRET_KEY"):
        assert defined[secret].startswith("change-me"), "the example carries no real secret"
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def test_passwords_are_required_not_defaulted(compose: dict[str, Any]) -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for secret in ("POSTGRES_PASSWORD", "ELASTIC_PASSWORD"):
        uses = re.findall(r"(?<!\$)\$\{" + secret + r"([^}]*)\}", text)
        assert uses
        assert all(use.startswith(":?") for use in uses), f"{secret} must fail loudly when unset"


def test_web_and_scheduler_run_the_image_built_here(compose: dict[str, Any]) -> None:
    web, scheduler = compose["services"]["web"], compose["services"]["scheduler"]
    for service in (web, scheduler):
        assert service["build"] == "."
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["elasticsearch"]["condition"] == "service_started", "starts without it"
        environment = service["environment"]
        assert environment["CATALOGUE_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["CATALOGUE_SEARCH_URL"].startswith("http://elastic:")
    assert "catalogue.wsgi:app" in web["command"]
    assert any("/health" in part for part in web["healthcheck"]["test"])
    assert scheduler["command"] == ["catalogue", "scheduler"]
    assert scheduler["healthcheck"]["test"] == ["CMD", "catalogue", "health", "--scheduler"]
    postgres_check = " ".join(compose["services"]["postgres"]["healthcheck"]["test"])
    assert "pg_isready" in postgres_check
    elastic_check = " ".join(compose["services"]["elasticsearch"]["healthcheck"]["test"])
    assert "/_cluster/health" in elastic_check
    assert "-u" in elastic_check


def test_health_commands_the_checks_call_exist() -> None:
    from catalogue.cli import main

    result = CliRunner().invoke(main, ["health", "--help"])
    assert result.exit_code == 0
    assert "--scheduler" in result.output


def test_elasticsearch_server_and_client_share_a_major_version(
    compose: dict[str, Any], pyproject: dict[str, Any]
) -> None:
    image = compose["services"]["elasticsearch"]["image"]
    server_major = int(image.rsplit(":", 1)[1].split(".")[0])
    (requirement,) = pyproject["project"]["optional-dependencies"]["elasticsearch"]
    assert requirement.replace(" ", "") == f"elasticsearch>={server_major}.13,<{server_major + 1}"
    environment = compose["services"]["elasticsearch"]["environment"]
    assert environment["xpack.security.enabled"] == "true"
    assert environment["discovery.type"] == "single-node"


def test_dockerfile_installs_the_extras_pyproject_declares(pyproject: dict[str, Any]) -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    extras = re.search(r'pip install "\.\[([a-z,]+)\]"', text)
    assert extras is not None
    declared = pyproject["project"]["optional-dependencies"]
    assert set(extras.group(1).split(",")) == {"postgres", "elasticsearch", "server"}
    assert set(extras.group(1).split(",")) <= set(declared)
    assert any(r.startswith("gunicorn") for r in declared["server"])
    user = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert user, "the image names its user"
    assert user[-1] not in ("root", "0"), "the app runs as a user of its own"
    for folder in ("catalogue", "harvesters", "search", "templates", "static"):
        assert f"COPY {folder} ./{folder}" in text


def test_gunicorn_loads_the_wsgi_app(tmp_path: Path) -> None:
    """The web service's command: gunicorn imports catalogue.wsgi and finds a WSGI app in it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CATALOGUE_")}
    environment["CATALOGUE_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-c", "from catalogue.cli import main; main()", "init"]
    init = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert init.returncode == 0, init.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "catalogue.wsgi:app"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    probe = (
        "from catalogue.wsgi import app; c = app.test_client(); r = c.get('/health'); "
        "print(r.status_code, r.get_json()['status'])"
    )
    served = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert served.stdout.strip() == "200 ok", served.stderr
