"""Fixtures for the importer tests: paths to the seed texts and the report corpus."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def seeds_dir() -> Path:
    return FIXTURES / "seeds"


@pytest.fixture
def reports_dir() -> Path:
    return FIXTURES / "reports"
