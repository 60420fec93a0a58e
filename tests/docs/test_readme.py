"""The README stays short, and the two commands it gives are the Makefile's."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_stays_under_150_lines() -> None:
    assert len(README.splitlines()) <= 150


def test_its_two_commands_are_makefile_targets() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    assert [c for c in commands if c] == ["make run", "make test"]
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    assert {"run", "test", "docs"} <= targets


def test_its_links_into_the_docs_exist() -> None:
    links = re.findall(r"\]\(((?:docs/)[^)#]+)\)", README)
    assert len(links) >= 10
    assert [link for link in links if not (ROOT / link).is_file()] == []
