"""Write every generated map: the building prefabs, then the town stamped from the files written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.contracts import LOT_H, LOT_W
from game.world.prefab import MapError, TileMap
from maps.generator.city import DISTRICTS, POPULATION, build_city
from maps.generator.prefab import compile_prefab, load_plans
from maps.generator.tmx import Tileset, read_tmx, write_tmx
from maps.generator.town import build_town
from maps.generator.validate import check_map, lot_border, reachable_from

MAPS_DIR = Path(__file__).resolve().parent.parent


def write_prefabs(maps_dir: Path, tileset: Tileset) -> dict[str, TileMap]:
    """Compile, check and write every prefab; return them as read back from the files."""
    compiled = {pf.building_type: compile_prefab(pf) for pf in load_plans()}
    tileset.require(set().union(*(m.tile_names() for m in compiled.values())))
    for btype, tmap in compiled.items():
        check_map(tmap, tileset, lot_border(LOT_W, LOT_H), f"prefab {btype}")
        write_tmx(tmap, maps_dir / "prefabs" / f"{btype}.tmx", tileset)
    # Maps are stamped from the prefab files as written, like the game does.
    from_files = {btype: read_tmx(maps_dir / "prefabs" / f"{btype}.tmx", tileset)
                  for btype in compiled}
    for btype, tmap in compiled.items():
        if from_files[btype].layers != tmap.layers:
            raise MapError(f"prefab {btype}: the file does not read back as written")
    return from_files


def check_from_edges(tmap: TileMap, tileset: Tileset, where: str) -> None:
    """Every object usable from every edge spawn (walking in from any road).

    The checks run from the first road in; every other road must lead to the same streets.
    """
    edges = [(int(s.x), int(s.y)) for s in tmap.groups["spawns"] if s.props["kind"] == "edge"]
    if not edges:
        raise MapError(f"{where}: no edge spawn to walk in from")
    check_map(tmap, tileset, edges[:1], f"{where} from spawn {edges[0]}")
    reach = reachable_from(tmap.blocked(tileset.colliding), edges[:1])
    cut_off = [e for e in edges if e not in reach]
    if cut_off:
        raise MapError(f"{where}: the roads in at {cut_off} do not lead to the streets from {edges[0]}")


def generate(maps_dir: Path = MAPS_DIR, districts: int = DISTRICTS, population: int = POPULATION,
             city_file: Path | None = None) -> tuple[TileMap, TileMap]:
    """Write all prefabs, the town and the city (``city.tmx`` by default) into ``maps_dir``."""
    tileset = Tileset.load(maps_dir / "town.tsx")
    prefabs = write_prefabs(maps_dir, tileset)
    town = build_town(prefabs)
    tileset.require(town.tile_names())
    check_from_edges(town, tileset, "town")
    city = build_city(prefabs, districts, population)
    tileset.require(city.tile_names())
    check_from_edges(city, tileset, "city")
    write_tmx(town, maps_dir / "town.tmx", tileset)
    write_tmx(city, city_file or maps_dir / "city.tmx", tileset)
    return town, city


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python maps/make_town.py [--maps-dir DIR]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--maps-dir", type=Path, default=MAPS_DIR,
                        help="folder holding town.tsx; prefabs/, town.tmx and city.tmx are written there")
    parser.add_argument("--districts", type=int, default=DISTRICTS,
                        help=f"districts a side of the generated city (default {DISTRICTS})")
    parser.add_argument("--population", type=int, default=POPULATION,
                        help=f"villagers the city has beds for (default {POPULATION})")
    parser.add_argument("--city-file", type=Path, default=None,
                        help="where to write the city (default: city.tmx in --maps-dir); the file "
                             "must stay in a folder beside the tileset's, for its relative path")
    args = parser.parse_args(argv)
    try:
        town, city = generate(args.maps_dir, args.districts, args.population, args.city_file)
    except MapError as exc:
        print(f"make_town: {exc}", file=sys.stderr)
        return 1
    for label, tmap in (("town", town), ("city", city)):
        sectors = [p for p in tmap.groups["places"] if p.props.get("kind") == "sector"]
        beds = sum(1 for o in tmap.groups["objects"] if o.props.get("use") == "sleep")
        print(f"{label}: {tmap.width}x{tmap.height} tiles, {len(sectors)} buildings, "
              f"{len(tmap.groups['objects'])} objects, {beds} beds")
    return 0
