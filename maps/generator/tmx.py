"""Tiled files: the tileset's tile names, and maps of tile names written and read as TMX."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from game.contracts import OBJECT_LAYERS, TILE, TILE_LAYERS
from game.world.prefab import MapError, MapObject, Props, TileMap


@dataclass(frozen=True)
class Tileset:
    """Tile names of ``town.tsx`` and which of them block walking."""

    path: Path
    gid_by_name: dict[str, int]
    name_by_gid: dict[int, str]
    colliding: frozenset[str]

    @classmethod
    def load(cls, path: Path, firstgid: int = 1) -> Tileset:
        """Parse a .tsx file; every tile must carry a string property ``name``."""
        if not path.exists():
            raise MapError(f"{path} does not exist yet: run assets/make_art.py first, "
                           "it writes the tileset this generator reads tile names from")
        root = ET.parse(path).getroot()
        gid_by_name: dict[str, int] = {}
        colliding: set[str] = set()
        for tile in root.iter("tile"):
            props = {p.get("name"): p.get("value") for p in tile.iter("property")}
            name = props.get("name")
            if not name:
                continue
            gid_by_name.setdefault(name, firstgid + int(tile.get("id", "0")))
            if str(props.get("collide", "false")).lower() == "true":
                colliding.add(name)
        return cls(path, gid_by_name, {g: n for n, g in gid_by_name.items()},
                   frozenset(colliding))

    def require(self, names: Iterable[str]) -> None:
        """Fail with one message listing every needed tile name the tileset lacks."""
        missing = sorted(set(names) - set(self.gid_by_name))
        if missing:
            raise MapError(f"{self.path} lacks tile names the maps need: {', '.join(missing)}. "
                           "Add them in assets/art/ (tile property 'name').")


def _prop_xml(parent: ET.Element, props: Props) -> None:
    if not props:
        return
    node = ET.SubElement(parent, "properties")
    for key in sorted(props):
        value = props[key]
        attrs = {"name": key}
        if isinstance(value, bool):
            attrs["type"] = "bool"
            attrs["value"] = "true" if value else "false"
        elif isinstance(value, int):
            attrs["type"] = "int"
            attrs["value"] = str(value)
        else:
            attrs["value"] = str(value)
        ET.SubElement(node, "property", attrs)


def _px(v: float) -> str:
    n = v * TILE
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def tmx_text(tmap: TileMap, path: Path, tileset: Tileset) -> str:
    """A map as Tiled 1.10 TMX with CSV layers, referencing ``town.tsx`` relative to ``path``."""
    tileset.require(tmap.tile_names())
    n_layers = len(TILE_LAYERS) + len(OBJECT_LAYERS)
    n_objects = sum(len(v) for v in tmap.groups.values())
    root = ET.Element("map", {
        "version": "1.10", "tiledversion": "1.10.2", "orientation": "orthogonal",
        "renderorder": "right-down", "width": str(tmap.width), "height": str(tmap.height),
        "tilewidth": str(TILE), "tileheight": str(TILE), "infinite": "0",
        "nextlayerid": str(n_layers + 1), "nextobjectid": str(n_objects + 1)})
    _prop_xml(root, tmap.properties)
    rel = Path(os.path.relpath(tileset.path.resolve(), path.parent.resolve()))
    ET.SubElement(root, "tileset", {"firstgid": "1", "source": rel.as_posix()})
    layer_id = 0
    for name in TILE_LAYERS:
        layer_id += 1
        node = ET.SubElement(root, "layer", {"id": str(layer_id), "name": name,
                                             "width": str(tmap.width),
                                             "height": str(tmap.height)})
        rows = [",".join(str(tileset.gid_by_name[n]) if n else "0" for n in row)
                for row in tmap.layers[name]]
        data = ET.SubElement(node, "data", {"encoding": "csv"})
        data.text = "\n" + ",\n".join(rows) + "\n"
    object_id = 0
    for name in OBJECT_LAYERS:
        layer_id += 1
        group = ET.SubElement(root, "objectgroup", {"id": str(layer_id), "name": name})
        for obj in tmap.groups[name]:
            object_id += 1
            attrs = {"id": str(object_id), "name": obj.name, "x": _px(obj.x), "y": _px(obj.y)}
            if not obj.point:
                attrs["width"] = _px(obj.w)
                attrs["height"] = _px(obj.h)
            node = ET.SubElement(group, "object", attrs)
            _prop_xml(node, obj.props)
            if obj.point:
                ET.SubElement(node, "point")
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_tmx(tmap: TileMap, path: Path, tileset: Tileset) -> None:
    """Write a map as TMX (see ``tmx_text``), creating its folder."""
    text = tmx_text(tmap, path, tileset)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _parse_props(node: ET.Element) -> Props:
    out: Props = {}
    props = node.find("properties")
    if props is None:
        return out
    for p in props.findall("property"):
        kind, value = p.get("type", "string"), p.get("value", "")
        name = p.get("name", "")
        if kind == "int":
            out[name] = int(value)
        elif kind == "bool":
            out[name] = value == "true"
        else:
            out[name] = value
    return out


def read_tmx(path: Path, tileset: Tileset) -> TileMap:
    """Read a TMX written by ``write_tmx`` (CSV layers, one tileset) back into tile names."""
    root = ET.parse(path).getroot()
    tmap = TileMap.blank(int(root.get("width", "0")), int(root.get("height", "0")),
                         _parse_props(root))
    tileset_node = root.find("tileset")
    if tileset_node is None:
        raise MapError(f"{path}: the map names no tileset")
    firstgid = int(tileset_node.get("firstgid", "1"))
    for layer in root.findall("layer"):
        name = layer.get("name", "")
        data = layer.find("data")
        if data is None or data.get("encoding") != "csv" or name not in tmap.layers:
            raise MapError(f"{path}: layer {name!r} must be a CSV-encoded contract layer")
        values = [int(v) for v in (data.text or "").replace("\n", "").split(",") if v]
        for i, raw in enumerate(values):
            gid = raw & 0x0FFFFFFF
            if gid:
                tile = tileset.name_by_gid.get(gid - 1 + firstgid)
                if tile is None:
                    raise MapError(f"{path}: GID {gid} has no named tile in {tileset.path}")
                tmap.layers[name][i // tmap.width][i % tmap.width] = tile
    for group in root.findall("objectgroup"):
        objs = tmap.groups.setdefault(group.get("name", ""), [])
        for node in group.findall("object"):
            objs.append(MapObject(
                node.get("name", ""), float(node.get("x", "0")) / TILE,
                float(node.get("y", "0")) / TILE, float(node.get("width", "0")) / TILE,
                float(node.get("height", "0")) / TILE, _parse_props(node),
                node.find("point") is not None))
    return tmap
