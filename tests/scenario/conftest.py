"""Fixtures for scenario tests: a small valid base scenario written into tmp_path."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BASELINE = SCENARIOS / "baseline.yaml"

# The essentials of baseline.yaml: two window types, two segments, two needs.
MINI = textwrap.dedent("""\
    name: mini
    branch:
      windows: {ordinary: 2, vip: 1}
      calling: {ordinary: [ordinary], vip: [vip, ordinary]}
      lobby_managers: 1
      self_service: {machines: 1}
    customers:
      segments:
        mass: {share: 0.9, needs: {deposit: 0.7, query: 0.3}}
        vip: {share: 0.1, ticket: vip, needs: {deposit: 1.0}}
    needs:
      deposit: {channels: {teller: {mean: 5.0}}}
      query: {channels: {teller: {mean: 2.0}, self_service: {mean: 1.0}}}
    """)


@pytest.fixture
def write(tmp_path):
    """write(name, text_or_bytes) -> path of a file in tmp_path."""
    def _write(name: str, content) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return _write


@pytest.fixture
def mini() -> str:
    """The text of a small valid scenario."""
    return MINI


@pytest.fixture
def base(write) -> Path:
    """base.yaml in tmp_path: a small valid scenario that test files can extend."""
    return write("base.yaml", MINI)
