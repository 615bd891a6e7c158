"""Write every generated map: the building prefabs, then the town stamped from the files written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.contracts import LOT_H, LOT_W
from game.world.prefab import MapError, TileMap
from maps.generator.prefab import compile_prefab, load_plans
from maps.generator.tmx import Tileset, read_tmx, write_tmx
from maps.generator.town import build_town
from maps.generator.validate import check_map, lot_border

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
    """Every object usable from every edge spawn (walking in from any road)."""
    edges = [(int(s.x), int(s.y)) for s in tmap.groups["spawns"] if s.props["kind"] == "edge"]
    for start in edges:
        check_map(tmap, tileset, [start], f"{where} from spawn {start}")


def generate(maps_dir: Path = MAPS_DIR) -> TileMap:
    """Write all prefabs and the town into ``maps_dir``; return the town."""
    tileset = Tileset.load(maps_dir / "town.tsx")
    prefabs = write_prefabs(maps_dir, tileset)
    town = build_town(prefabs)
    tileset.require(town.tile_names())
    check_from_edges(town, tileset, "town")
    write_tmx(town, maps_dir / "town.tmx", tileset)
    return town


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python maps/make_town.py [--maps-dir DIR]``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--maps-dir", type=Path, default=MAPS_DIR,
                        help="folder holding town.tsx; prefabs/ and town.tmx are written there")
    args = parser.parse_args(argv)
    try:
        town = generate(args.maps_dir)
    except MapError as exc:
        print(f"make_town: {exc}", file=sys.stderr)
        return 1
    sectors = [p for p in town.groups["places"] if p.props.get("kind") == "sector"]
    print(f"wrote {args.maps_dir / 'town.tmx'} ({town.width}x{town.height}, "
          f"{len(sectors)} buildings, {len(town.groups['objects'])} objects) and the prefabs")
    return 0
