"""CITATION.cff: valid Citation File Format 1.2.0, and the version and license of pyproject.toml.

No CFF schema is at hand offline, so the test checks what CFF 1.2.0 requires of a file
(https://github.com/citation-file-format/citation-file-format/blob/1.2.0/README.md):
``cff-version``, ``message``, ``title`` and ``authors`` present; every author a person
(``family-names`` or ``given-names``) or an entity (``name``); ``type`` one of software or
dataset; and the fields it shares with pyproject.toml equal to pyproject's.
"""
from __future__ import annotations

import tomllib

from ruamel.yaml import YAML

from helpers import ROOT

#: the keys CFF 1.2.0 defines at the top level (its schema's ``properties``)
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
            "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository",
            "repository-artifact", "repository-code", "title", "type", "url", "version"}


def _citation() -> dict:
    return YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_is_cff_1_2_0():
    cff = _citation()
    assert cff["cff-version"] == "1.2.0"
    assert set(cff) <= CFF_KEYS, f"keys CFF 1.2.0 does not define: {sorted(set(cff) - CFF_KEYS)}"
    for key in ("message", "title"):
        assert isinstance(cff[key], str) and cff[key].strip()
    assert cff["authors"] and all(isinstance(a, dict) and ({"name", "family-names", "given-names"} & set(a))
                                  for a in cff["authors"])
    assert cff.get("type", "software") in ("software", "dataset")
    assert {"name": "simkit developers"} in cff["authors"]


def test_citation_version_and_license_are_pyprojects():
    cff, project = _citation(), _project()
    assert isinstance(cff["version"], str) and cff["version"] == project["version"]
    assert cff["license"] == project["license"]
