"""Tinytown's map generator: building prefabs from plans, the town and the city stamped from them.

``python maps/make_town.py`` runs it. Modules: ``tmx`` (Tiled files), ``terrain`` (noise and
autotiles), ``prefab`` (the plan language, plans in ``plans/``), ``streets`` (street grids),
``town`` and ``city`` (the maps), ``validate`` (reachability checks).
"""
