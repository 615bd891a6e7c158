"""Names the art generator, the map generator and the game agree on (docs/contracts.md).

Tile size and lot size, layer names, object uses, building types and roof colours are
defined here once; the generators write them into the files and the game checks them
when it reads a map. Change one only together with every part that reads it.
"""

from __future__ import annotations

TILE = 16
"""Tile edge in pixels, in the tileset and in every map."""

LOT_W, LOT_H = 24, 16
"""A lot (and so every building prefab) in tiles."""

TILE_LAYERS = ("ground", "floor", "walls", "furniture", "above", "roofs")
"""Tile layers, bottom to top."""

OVERHEAD_LAYERS = ("above", "roofs")
"""Tile layers drawn over villagers; their tiles never block walking."""

OBJECT_LAYERS = ("places", "objects", "lots", "spawns")
"""Object layers, in file order."""

USES = ("sleep", "eat", "cook", "coffee", "work", "shop", "relax", "read", "exercise",
        "study", "play", "wash")
"""What a villager can do with an object (the ``use`` property of ``objects``)."""

BUILDING_TYPES = ("home", "apartment", "cafe", "restaurant", "store", "office", "park",
                  "gym", "library", "school")
"""Sector ``building_type`` values; each has a prefab ``maps/prefabs/<type>.tmx``."""

HOME_TYPES = ("home", "apartment")
"""Building types whose beds are villagers' homes."""

ROOF_COLOURS = ("red", "blue", "green", "brown", "purple")
"""Colours of the ``roof_<colour>_<part>`` tiles."""

ROOF_PARTS = ("tl", "t", "tr", "l", "c", "r", "bl", "b", "br")
"""The nine parts of a roof section (corners, edges, centre)."""

PLACE_KINDS = ("sector", "arena")
"""``kind`` of a ``places`` rectangle: a building or park, or a room or outdoor area in it."""

SPAWN_KINDS = ("edge", "plaza")
"""``kind`` of a ``spawns`` point: where newcomers walk in, or a square to gather on."""
