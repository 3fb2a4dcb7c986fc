"""Relations between claims, read from both ends."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Catalogue
from .vocab import RELATIONS


@dataclass(frozen=True, slots=True)
class Link:
    """A relation as one claim's page shows it: `label` then the other claim."""

    label: str
    other: str
    note: str


def relation_index(catalogue: Catalogue) -> dict[str, list[Link]]:
    """For every claim, its relations in both directions, sorted: declared ones and backlinks."""
    links: dict[str, list[Link]] = {c.id: [] for c in catalogue.claims}
    for claim in catalogue.claims:
        for relation in claim.relations:
            kind = RELATIONS[relation.type]
            links[claim.id].append(Link(kind.forward, relation.claim, relation.note))
            links[relation.claim].append(Link(kind.backward, claim.id, relation.note))
    return {k: sorted(set(v), key=lambda link: (link.label, link.other)) for k, v in links.items()}
