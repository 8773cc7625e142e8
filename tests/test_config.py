"""Settings: declared once, read from the environment and the instance file, documented in README."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.config import SETTINGS, ConfigError, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in text]
    assert missing == []


def test_environment_beats_config_file_and_overrides_beat_both(tmp_path: Path) -> None:
    (tmp_path / "catalogue.toml").write_text('anonymous_clearance = "SECRET"\nsearch_url = "embedded:///x"\n')
    env = {"CATALOGUE_DATA_DIR": str(tmp_path), "CATALOGUE_ANONYMOUS_CLEARANCE": "OFFICIAL"}
    settings = load_settings(environ=env)
    assert settings.anonymous_clearance == "OFFICIAL"
    assert settings.search_url == "embedded:///x"
    assert load_settings(environ=env, overrides={"anonymous_clearance": ""}).anonymous_clearance == ""


def test_defaults_put_everything_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings(environ={}, overrides={"data_dir": str(tmp_path)})
    assert settings.resolved_database_url == f"sqlite:///{tmp_path.resolve() / 'catalogue.db'}"
    assert settings.resolved_search_url == f"embedded://{tmp_path.resolve() / 'index'}"
    assert settings.classifications == ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CATALOGUE_ANONYMOUS_CLEARANCE": "TOP"}, "not a level"),
        ({"CATALOGUE_CLASSIFICATIONS": "A,A"}, "twice"),
        ({"CATALOGUE_CLASSIFICATIONS": " , "}, "at least one"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={"CATALOGUE_DATA_DIR": str(tmp_path), **env})


def test_unknown_keys_in_the_config_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "catalogue.toml").write_text("anonymus_clearance = 'OFFICIAL'\n")
    with pytest.raises(ConfigError, match="unknown settings anonymus_clearance"):
        load_settings(environ={"CATALOGUE_DATA_DIR": str(tmp_path)})
