"""The library API: the stage functions are importable from `pipeline` and return data."""
from __future__ import annotations

import pipeline


def test_every_exported_name_is_there_and_documented():
    for name in pipeline.__all__:
        value = getattr(pipeline, name)
        if callable(value):
            assert value.__doc__, f"pipeline.{name} has no docstring"


def test_the_readme_example_runs(repo_dir):
    report = pipeline.validate_files([repo_dir / "tests" / "data" / "validate" / "diary-good.xml"])
    assert report.ok and isinstance(report.problems, list)
    data = pipeline.entity_report(repo_dir / "tei" / "serge-diary-ii.xml")
    assert data["entities"] and all({"id", "kind", "label", "mentions"} <= set(e) for e in data["entities"])
