"""Mayor mode: the building catalog, validated actions, the rule mayor and the LLM mayor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.mayor.actions import Build, Nothing, Recruit, Rejected, parse_action
from game.mayor.catalog import Catalog, CatalogError, load_catalog
from game.mayor.office import MayorOffice
from game.world.economy import Economy

if TYPE_CHECKING:
    from game.llm import Brain
    from game.mayor.office import Decider
    from game.sim.engine import Simulation

__all__ = ["Build", "Catalog", "CatalogError", "Economy", "MayorOffice", "Nothing", "Recruit", "Rejected",
           "install_mayor", "load_catalog", "parse_action"]

MAYORS = ("none", "rules", "llm")


def install_mayor(sim: Simulation, kind: str = "none", brain: Brain | None = None,
                  catalog: Catalog | None = None) -> MayorOffice:
    """Give a town its economy and its mayor's office; `kind` says who decides besides the player."""
    catalog = catalog or load_catalog()
    economy = Economy(catalog.prices(), catalog.treasury)
    economy.install(sim)
    decider: Decider | None = None
    if kind == "rules":
        from game.mayor.rules import RuleMayor

        decider = RuleMayor()
    elif kind == "llm":
        if brain is None:
            raise ValueError("the LLM mayor needs a brain")
        from game.mayor.llm_mayor import LLMMayor

        decider = LLMMayor(brain)
    elif kind != "none":
        raise ValueError(f"unknown mayor {kind!r}; use one of {', '.join(MAYORS)}")
    office = MayorOffice(catalog, economy, decider, kind)
    office.install(sim)
    return office
