"""A gold character list written as fabula's ``--cast`` YAML.

The format is the one ``fabula read --cast`` reads (``src/fabula/characters/pipeline.py``):

    characters:
      - name: Elizabeth Bennet
        aliases: [Lizzy, Miss Bennet]
        gender: she

Only names go in (a user declares names and nicknames, not "the barkeep"), and a gender only
when the gold gives one (``he``/``she``; anything else is left out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class CastMember:
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None


def cast_yaml(members: Iterable[CastMember]) -> str:
    entries = []
    for m in members:
        e: dict[str, object] = {"name": m.name}
        aliases = sorted({a for a in m.aliases if a and a != m.name})
        if aliases:
            e["aliases"] = aliases
        if m.gender in ("he", "she"):
            e["gender"] = m.gender
        entries.append(e)
    return yaml.safe_dump({"characters": entries}, allow_unicode=True, sort_keys=False)


def write_cast(members: Iterable[CastMember], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cast_yaml(members), encoding="utf-8")
    return path
