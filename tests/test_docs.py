"""The documentation is part of the product: every command is documented, and the README's two
commands are exactly what CI runs."""
from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main

from conftest import REPO

COMMANDS = sorted(main.commands)


def test_cli_has_the_commands_the_readme_promises():
    assert {"convert", "validate", "transform", "build", "watch", "tag", "entities"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`edition {name} --help` shows no example"
    command = main.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"`edition {name}` option {param.opts} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_cli_reference(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"edition {name}" in readme


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```(?:sh|bash|console)\n(python3 -m venv[^\n]*)\n```", readme, flags=re.M)


def test_ci_runs_the_readme_commands_exactly():
    commands = _readme_commands()
    assert len(commands) == 2, "README must hold exactly two install-and-run commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    ci_lines = [line.strip() for line in ci.splitlines()]
    for command in commands:
        assert command in ci_lines, f"CI does not run the README command: {command}"
    assert "edition build" in commands[0] and "pytest" in commands[1]


def test_python_dash_m_pipeline_is_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    for name in COMMANDS:
        assert name in done.stdout


def test_version_option():
    import pipeline
    from pipeline.build.engine import _dist_version

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"edition, version {pipeline.__version__}\n"
    # The build's own reading of installed versions (dist-info folder names) agrees with importlib's.
    from importlib.metadata import version
    for name in ("saxonche", "xmlschema", "lxml"):
        assert _dist_version(name) == version(name)
    assert _dist_version("no-such-distribution") == "absent"
