"""The rule mayor: a deterministic offline mayor (and the LLM mayor's offline answer).

Each hour: recruit a newcomer when a bed and a job are free and money allows (at most
three a day); build housing when beds run out; otherwise build the first missing service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.clock import DAY_SECONDS
from game.mayor.actions import HOMES, free_beds, open_jobs

if TYPE_CHECKING:
    from game.mayor.office import Deliver, MayorOffice
    from game.sim.engine import Simulation

#: Coins the rule mayor keeps back so the treasury can pay a day of wages.
RESERVE = 150
RECRUITS_PER_DAY = 3
#: Services in the order a small town misses them most (daily needs first, then leisure).
SERVICES = ("store", "cafe", "park", "gym", "library", "restaurant", "school", "office")

NEWCOMERS: tuple[tuple[str, str, str], ...] = (
    ("Marta Olsen", "A baker from the coast who wants a quieter life.", "open a bread stall at the market"),
    ("Kofi Mensah", "A retired sailor with a hundred stories.", "teach the town's children to tie knots"),
    ("Lena Fischer", "A young nurse who just finished her training.", "start a first-aid class"),
    ("Diego Ramos", "A carpenter who moved to be near his sister.", "build benches for the park"),
    ("Aiko Tanaka", "An illustrator who draws every street she walks.", "paint a mural on the town square"),
    ("Samir Haddad", "A cheerful cook who loves spicy food.", "win over the town with his soups"),
    ("Elsa Berg", "A quiet librarian from the city.", "start a book club"),
    ("Tobias Klein", "A runner training for his first marathon.", "find running partners"),
    ("Nadia Petrova", "A chess teacher looking for opponents.", "organise a chess evening every week"),
    ("Owen Hughes", "A gardener with green thumbs and muddy boots.", "grow the biggest pumpkin in town"),
    ("Clara Moreau", "A violinist who plays at weddings.", "play a concert at the cafe"),
    ("Yusuf Demir", "A shopkeeper's son who wants his own business.", "learn how the store is run"),
)


class RuleMayor:
    """Answers in the LLM mayor's JSON shape, so both go through the same validation."""

    def decide(self, sim: Simulation, office: MayorOffice, deliver: Deliver) -> None:
        deliver(self.choose(sim, office))

    def choose(self, sim: Simulation, office: MayorOffice) -> dict:
        """This hour's action in the JSON shape."""
        catalog, treasury = office.catalog, office.economy.treasury
        day = sim.now.day
        homes = [s for s in sim.town.map.sectors.values() if s.building_type in HOMES]
        beds = {h.name: len(free_beds(sim, h.name)) for h in homes}
        lots = sim.town.map.free_lots()
        recruited_today = sum(1 for r in office.record if r["ok"] and r["seconds"] // DAY_SECONDS + 1 == day
                              and isinstance(r["action"], dict) and r["action"].get("action") == "NPC")
        can_recruit = (recruited_today < RECRUITS_PER_DAY and open_jobs(sim, catalog)
                       and treasury >= catalog.recruit_cost + RESERVE)
        if can_recruit and any(beds.values()):
            home = max(sorted(beds), key=lambda h: beds[h])
            newcomer = self._newcomer(sim)
            if newcomer is not None:
                name, bio, goal = newcomer
                return {"action": "NPC", "home_building": home, "name": name, "bio": bio, "goal": goal}
        if not lots:
            return {"action": "None"}
        lot = self._central_lot(sim, lots)
        if sum(beds.values()) < 2:
            for kind in ("apartment", "home"):
                btype = catalog.get(kind)
                if btype is not None and treasury >= btype.cost + RESERVE:
                    return {"action": "Building", "type": kind, "position": {"x": lot[0], "y": lot[1]}}
            return {"action": "None"}
        present = {s.building_type for s in sim.town.map.sectors.values()}
        for kind in SERVICES:
            btype = catalog.get(kind)
            if kind not in present and btype is not None and treasury >= btype.cost + RESERVE:
                return {"action": "Building", "type": kind, "position": {"x": lot[0], "y": lot[1]}}
        return {"action": "None"}

    @staticmethod
    def _newcomer(sim: Simulation) -> tuple[str, str, str] | None:
        names = {v.name.lower() for v in sim.villagers}
        return next((n for n in NEWCOMERS if n[0].lower() not in names), None)

    @staticmethod
    def _central_lot(sim: Simulation, lots: list) -> tuple[int, int]:
        """The free lot nearest the middle of the town's buildings (services close to homes)."""
        sectors = list(sim.town.map.sectors.values())
        cx = sum(s.rect.center[0] for s in sectors) / len(sectors)
        cy = sum(s.rect.center[1] for s in sectors) / len(sectors)
        best = min(lots, key=lambda lot: (abs(lot.rect.center[0] - cx) + abs(lot.rect.center[1] - cy),
                                          lot.col, lot.row))
        return (best.col, best.row)
