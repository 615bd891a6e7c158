"""The town view: the map, villagers and their labels, the villager panel (chat and mind), the villager
list, the town log and the minimap. Keys reach it as keymap actions from the view stack."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.sim.snapshot import Snapshot, VillagerView
from game.ui import keymap
from game.ui.assets import FRAME_H, Art
from game.ui.layout import Layout, arrange
from game.ui.lettering import render_text
from game.ui.observer import EventLog, Minimap, VillagerList, draw_bubbles
from game.ui.renderer import Camera, TownRenderer, villager_under
from game.ui.views import View
from game.ui.villager_panel import VillagerPanel
from game.ui.widgets import GOLD, PAPER, drop_focus, give_focus, set_field
from game.world.tilemap import TILE

if TYPE_CHECKING:
    from game.ui.app import Game

PAN_SPEED = 600.0  # screen px per second


class TownView(View):
    """The bottom of the stack: the town itself; what the player selects, the camera follows."""

    uses_gui = True

    def __init__(self, game: Game, zoom: int = 2) -> None:
        self.game = game
        self.runner = game.runner
        self.art: Art = game.art
        sim = game.runner.sim
        # Static map data, read once before the runner thread starts.
        sectors = {name: s.rect for name, s in sim.town.map.sectors.items()}
        self.renderer = TownRenderer(str(sim.town.map.path), self.art, sectors)
        self.objects = [(o.rect, o.oid, o.name) for o in sim.town.map.objects]
        self.map_version = -1
        self._object_tiles: dict[tuple[int, int], tuple[int, str]] | None = None
        self._states: tuple[Snapshot | None, dict[int, str]] = (None, {})
        self.snap: Snapshot = game.runner.latest
        self.snap_time = time.perf_counter()
        # Open on someone who is up and about (at dawn most of the town still sleeps), else the plaza.
        early = next((v.tile for v in self.snap.villagers if not v.asleep), None)
        plaza = next((s.tile for s in sim.town.map.spawns if s.kind == "plaza"), None)
        cx, cy = early or plaza or (sim.town.map.width // 2, sim.town.map.height // 2)
        self.camera = Camera(cx * TILE + TILE / 2, cy * TILE + TILE / 2, zoom)
        self.selected: int | None = None
        self.follow = False
        self.dragging = False
        self.drag_from = (0, 0)
        self.visible: list[tuple[VillagerView, float, float, pygame.Surface]] = []
        self.bubbles: list[pygame.Rect] = []  # where speech bubbles were drawn last frame
        self._name_cache: dict[tuple[str, int], pygame.Surface] = {}
        self._icon_cache: dict[tuple[str, int], pygame.Surface] = {}
        self.panel = VillagerPanel(game.ui, game.mailbox, self.art)
        self.people = VillagerList(self.art, game.ui)
        self.log = EventLog(self.art)
        self.minimap = Minimap(self.renderer.base, self.art)
        self.layout: Layout = arrange((1280, 720), False, False, True, True)
        self.on_select: Callable[[], None] = lambda: None  # the game closes mayor mode
        self.relayout()

    @property
    def screen(self) -> pygame.Surface:
        return self.game.screen

    # -- input ----------------------------------------------------------------------------
    def fields(self) -> tuple:
        search = (self.people.search,) if self.people.shown and self.people.search is not None else ()
        return self.panel.fields() + search

    def field_key(self, event: pygame.event.Event) -> bool:
        """Esc in the villager list's search field leaves it (the filter stays) instead of pausing the town."""
        search = self.people.search
        if search is not None and search.is_focused and event.key == pygame.K_ESCAPE:
            drop_focus(self.game.ui, search)
            return True
        return False

    def suspend(self) -> None:
        self.panel.suspend()
        if self.people.search is not None:
            self.people.search.unfocus()
            self.people.search.hide()

    def resume(self) -> None:
        self.panel.resume()
        if self.people.shown and self.people.search is not None:
            self.people.search.show()

    def on_action(self, action: str) -> bool:
        game = self.game
        if action == "pause":
            self.runner.send("toggle_pause")
        elif action.startswith("speed:"):
            self.runner.send("speed", speed=action[6:])
        elif action == "zoom_in":
            self.set_zoom(self.camera.zoom + 1)
        elif action == "zoom_out":
            self.set_zoom(self.camera.zoom - 1)
        elif action == "roofs":
            self.renderer.show_roofs = not self.renderer.show_roofs
        elif action == "follow":
            self.follow = self.selected is not None and not self.follow
        elif action in ("next_villager", "previous_villager"):
            self.cycle_selection(-1 if action == "previous_villager" else 1)
        elif action in ("chat", "mind"):
            if self.selected is None:
                return False
            self.select(self.selected, action)
        elif action == "villager_list":
            self.people.show(not self.people.shown)
            self.relayout()
        elif action == "log":
            self.log.shown = not self.log.shown
            self.relayout()
        elif action == "minimap":
            self.minimap.shown = not self.minimap.shown
            self.relayout()
        elif action == "back":
            if self.panel.is_open:
                self.close_panel()
            else:
                game.open_pause()
        else:
            return game.on_action(action)
        return True

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging and self._dist(event.pos, self.drag_from) < 4:
                self.close_panel()
            self.dragging = False
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            dx, dy = event.rel
            self.camera.x -= dx / self.camera.zoom
            self.camera.y -= dy / self.camera.zoom
            self.follow = False
        elif event.type == pygame.MOUSEWHEEL:
            self._wheel(event)
        elif self.panel.is_open:
            return self.panel.handle_event(event, self.snap)
        else:
            return False
        return True

    def _click(self, pos: tuple[int, int]) -> None:
        if self.panel.contains(pos):
            self.panel.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1), self.snap)
            if not self.panel.is_open:
                self.close_panel()
            else:
                self.panel.keep_focus()  # a click anywhere in the panel leaves the typing where it was
            return
        if self.people.contains(pos):
            vid = self.people.click(pos)
            if vid is not None:
                self.select(vid, self.panel.tab if self.panel.is_open else "mind")
            return
        if self.log.contains(pos):
            event = self.log.click(pos)
            if event is not None:
                named = next((v.vid for v in self.snap.villagers if v.name in event.text), None)
                if named is not None:
                    self.select(named, self.panel.tab if self.panel.is_open else "mind")
                elif event.tile is not None:
                    self.look_at(event.tile[0] * TILE + TILE / 2, event.tile[1] * TILE + TILE / 2)
            return
        if self.minimap.contains(pos):
            point = self.minimap.world_point(pos)
            if point is not None:
                near = self.minimap.villager_near(pos, self.snap)
                if near is not None:
                    self.select(near, self.panel.tab if self.panel.is_open else "mind")
                else:
                    self.look_at(*point)
            return
        picked = self.villager_at(pos)
        if picked is not None:
            self.select(picked, "chat")
        else:
            self.dragging = True
            self.drag_from = pos

    def _wheel(self, event: pygame.event.Event) -> None:
        pos = pygame.mouse.get_pos()
        if self.panel.contains(pos):
            self.panel.handle_event(event, self.snap)
        elif self.people.contains(pos):
            self.people.scroll -= event.y
        elif self.log.contains(pos):
            self.log.scroll -= event.y
        else:
            self.set_zoom(self.camera.zoom + (1 if event.y > 0 else -1))

    # -- selection and camera ------------------------------------------------------------------
    def select(self, vid: int, tab: str = "chat") -> None:
        """Select a villager, move the camera to them and follow; open their panel (Chat holds them in place)."""
        villager = next((v for v in self.snap.villagers if v.vid == vid), None)
        if villager is None:
            return
        self.on_select()
        self.selected = vid
        self.follow = True
        self.panel.open(villager, tab)
        self.relayout()
        if not self._on_screen(villager):
            self.camera.x, self.camera.y = self._camera_for(*self._world(villager))

    def take_over(self, old: TownView) -> None:
        """After a load, the view of the new town starts where the old one was: camera, open lists, and the
        villager panel with its tab, half-typed lines and typing focus, for villagers who are in both
        towns under the same name (the loaded town may hold other people under the same numbers)."""
        self.camera.x, self.camera.y = old.camera.x, old.camera.y
        self.people.show(old.people.shown)
        self.log.shown, self.minimap.shown = old.log.shown, old.minimap.shown
        names = {v.vid: v.name for v in self.snap.villagers}
        same = {v.vid for v in old.snap.villagers if names.get(v.vid) == v.name}
        chat, mind = old.panel.chat, old.panel.mind
        chat_drafts, whisper_drafts = dict(chat.drafts), dict(mind.drafts)
        if chat.vid is not None and chat.entry.get_text():
            chat_drafts[chat.vid] = chat.entry.get_text()
        if mind.vid is not None and mind.whisper.get_text():
            whisper_drafts[mind.vid] = mind.whisper.get_text()
        self.panel.chat.drafts = {vid: words for vid, words in chat_drafts.items() if vid in same}
        self.panel.mind.drafts = {vid: words for vid, words in whisper_drafts.items() if vid in same}
        typing = old.game.stack.typing()
        if old.panel.vid in same:
            self.select(old.panel.vid, old.panel.tab)
            if old.panel.tab == "mind":
                set_field(self.panel.mind.search, mind.search.get_text())
            fields = {chat.entry: self.panel.chat.entry, mind.whisper: self.panel.mind.whisper,
                      mind.search: self.panel.mind.search}
            if typing in fields:
                give_focus(self.game.ui, fields[typing])
            elif typing is None:
                drop_focus(self.game.ui, *self.panel.fields())
        self.follow = old.follow and self.selected is not None
        self.relayout()

    def _world(self, v: VillagerView) -> tuple[float, float]:
        return v.tile[0] * TILE + TILE / 2, v.tile[1] * TILE + TILE / 2 - 8

    def _free_area(self) -> pygame.Rect:
        """The part of the window the side panel leaves to the map (the followed villager stays in it)."""
        sw, sh = self.screen.get_size()
        side_open = self.panel.is_open or self.game.side_taken()
        return pygame.Rect(0, 0, self.layout.side.x if side_open else sw, sh)

    def notes_area(self) -> pygame.Rect:
        return self.layout.notes(self.panel.is_open or self.game.side_taken(), self.people.shown)

    def _camera_for(self, wx: float, wy: float) -> tuple[float, float]:
        """Where the camera goes so that world point (wx, wy) shows in the middle of the free area."""
        sw, _sh = self.screen.get_size()
        return wx + (sw / 2 - self._free_area().centerx) / self.camera.zoom, wy

    def _on_screen(self, v: VillagerView) -> bool:
        sw, sh = self.screen.get_size()
        x, y = self.camera.world_to_screen(*self._world(v), sw, sh)
        return self._free_area().collidepoint(x, y)

    def close_panel(self) -> None:
        self.panel.close()
        self.selected = None
        self.follow = False
        self.relayout()

    def look_at(self, wx: float, wy: float) -> None:
        self.camera.x, self.camera.y = wx, wy
        self.follow = False

    def cycle_selection(self, direction: int) -> None:
        count = len(self.snap.villagers)
        if not count:
            return
        current = -1 if self.selected is None else self.selected
        self.select((current + direction) % count, self.panel.tab if self.panel.is_open else "mind")

    def set_zoom(self, zoom: int) -> None:
        self.camera.zoom = max(1, min(4, zoom))

    def relayout(self) -> None:
        """Place the panels for the window size and what is open (see game.ui.layout)."""
        side_open = self.panel.is_open or self.game.side_taken()
        self.layout = arrange(self.screen.get_size(), side_open, self.people.shown, self.log.shown,
                              self.minimap.shown, self.renderer.base.get_size())
        lay = self.layout
        self.panel.layout(lay.side)
        self.log.rect = lay.log
        self.people.place(lay.people)
        self.minimap.place(lay.minimap)

    @staticmethod
    def _dist(a: tuple[int, int], b: tuple[int, int]) -> float:
        return abs(a[0] - b[0]) + abs(a[1] - b[1])

    def villager_at(self, pos: tuple[int, int]) -> int | None:
        """The villager drawn under a screen point (the front-most one)."""
        return villager_under(self.camera, self.screen.get_size(), self.visible, pos)

    def covered(self, pos: tuple[int, int]) -> bool:
        """True when a panel of this view lies under the point."""
        return any(part.contains(pos) for part in (self.panel, self.people, self.log, self.minimap))

    # -- update/draw ------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        snap = self.runner.latest
        if snap is not self.snap:
            self.snap = snap
            self.snap_time = time.perf_counter()
        self.panel.update(self.game.ui)
        dx, dy = (0, 0) if self.game.stack.typing() or self.game.stack.top.modal else \
            keymap.held_direction(pygame.key.get_pressed())
        if dx or dy:
            self.camera.x += dx * PAN_SPEED * dt / self.camera.zoom
            self.camera.y += dy * PAN_SPEED * dt / self.camera.zoom
            self.follow = False
        if self.follow and self.selected is not None:
            target = next((v for v in self.snap.villagers if v.vid == self.selected), None)
            if target is not None:
                tx, ty = self._world(target)
                for v, fx, fy, _f in self.visible:  # the drawn position glides between tiles
                    if v.vid == self.selected:
                        tx, ty = fx, fy - 8
                tx, ty = self._camera_for(tx, ty)
                self.camera.x += (tx - self.camera.x) * min(1.0, dt * 6)
                self.camera.y += (ty - self.camera.y) * min(1.0, dt * 6)
        sw, sh = self.screen.get_size()
        half_w, half_h = sw / (2 * self.camera.zoom), sh / (2 * self.camera.zoom)
        self.camera.x = min(max(self.camera.x, half_w), max(half_w, self.renderer.width - half_w))
        self.camera.y = min(max(self.camera.y, half_h), max(half_h, self.renderer.height - half_h))

    def interpolation(self) -> float:
        rate = {"1x": 4.0, "2x": 8.0, "4x": 16.0, "8x": 32.0}.get(self.snap.speed)
        if rate is None:
            return 1.0
        return min(1.0, (time.perf_counter() - self.snap_time) * rate)

    def draw(self, surface: pygame.Surface) -> None:
        t = time.perf_counter()
        self.visible = self.renderer.draw(surface, self.camera, self.snap, self.interpolation(), t, self.selected)
        self._draw_labels(surface)
        said = self.panel.chat.speech() if self.panel.is_open and self.panel.tab == "chat" else {}
        self.bubbles = draw_bubbles(surface, self.art, self.camera, self.visible, 22, said)
        self.game.draw_map_overlay(surface)
        mouse = pygame.mouse.get_pos()
        self.people.draw(surface, self.snap, self.selected)
        self.log.draw(surface, self.snap)
        self.minimap.draw(surface, self.snap, self.camera, self.selected)
        self._draw_object_tip(surface, mouse)
        self.panel.draw(surface, self.snap, mouse)
        self.game.hud.draw(surface, self.snap, self.layout, mouse)
        if self.game.stack.top is self or not self.game.stack.top.modal:
            self.log.draw_tip(surface, mouse)

    def _name_surface(self, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
        key = (text, colour[0])
        surf = self._name_cache.get(key)
        if surf is None:
            body = render_text(text, 16, colour)
            surf = pygame.Surface((body.get_width() + 8, body.get_height() + 2), pygame.SRCALPHA)
            surf.fill((26, 28, 44, 170))
            surf.blit(body, (4, 1))
            self._name_cache[key] = surf
        return surf

    def _label_icon(self, name: str, icon: pygame.Surface, size: int) -> pygame.Surface:
        """An action icon scaled for the labels, scaled once per icon and size rather than every frame."""
        key = (name, size)
        surf = self._icon_cache.get(key)
        if surf is None:
            surf = self._icon_cache[key] = pygame.transform.scale(icon, (size, size))
        return surf

    def _draw_labels(self, surface: pygame.Surface) -> None:
        """Names with action icons over heads; a label that would cover another moves up or is left out,
        so a crowded cafe stays readable (the selected villager and speakers always keep theirs)."""
        sw, sh = surface.get_size()
        z = self.camera.zoom
        if z < 2 and len(self.visible) > 60:
            return
        many = len(self.visible) > 80

        def priority(item: tuple[VillagerView, float, float, pygame.Surface]) -> tuple[int, float]:
            v = item[0]
            return (0 if v.vid == self.selected else 1 if v.bubble or v.thinking else 2, -item[2])

        placed: list[pygame.Rect] = []
        for v, fx, fy, _frame in sorted(self.visible, key=priority):
            important = v.vid == self.selected or bool(v.bubble)
            if (many or v.asleep) and not important:
                continue
            x, y = self.camera.world_to_screen(fx, fy - FRAME_H, sw, sh)
            icon = self.art.icon(v.icon)
            label = self._name_surface(v.name.split()[0], GOLD if v.vid == self.selected else PAPER)
            big = self._label_icon(v.icon, icon, 16 * max(1, z // 2)) if icon else None
            extra = big.get_width() + 2 if big is not None else 0
            lx = x - label.get_width() // 2
            ly = y - label.get_height() - 4
            rect = pygame.Rect(lx - extra, ly, label.get_width() + extra, label.get_height())
            for _ in range(2):
                if rect.collidelist(placed) < 0:
                    break
                rect.y -= label.get_height() + 2
            if rect.collidelist(placed) >= 0 and not important:
                continue
            placed.append(rect)
            if big is not None:
                surface.blit(big, (rect.x, rect.y + (label.get_height() - big.get_height()) // 2))
            surface.blit(label, (rect.x + extra, rect.y))

    def object_under(self, pos: tuple[int, int]) -> tuple[str, str] | None:
        """(object name, state) of the furniture under a screen point, e.g. ("bed", "occupied")."""
        sw, sh = self.screen.get_size()
        wx, wy = self.camera.screen_to_world(pos[0], pos[1], sw, sh)
        if self._object_tiles is None:  # a city holds thousands of objects: one look-up, not a scan, per frame
            self._object_tiles = {}
            for rect, oid, name in reversed(self.objects):  # the first object listed on a tile wins, as before
                for tile in rect.tiles():
                    self._object_tiles[tile] = (oid, name)
        found = self._object_tiles.get((int(wx // TILE), int(wy // TILE)))
        if found is None:
            return None
        if self._states[0] is not self.snap:
            self._states = (self.snap, dict(self.snap.object_states))
        return found[1], self._states[1].get(found[0], "free")

    def _draw_object_tip(self, surface: pygame.Surface, mouse: tuple[int, int]) -> None:
        if self.dragging or self.game.stack.top is not self or self.villager_at(mouse) is not None \
                or self.covered(mouse) or self.game.hud.contains(mouse):
            return
        found = self.object_under(mouse)
        if found is None:
            return
        tip = self._name_surface(f"{found[0]}: {found[1]}", GOLD)
        surface.blit(tip, (mouse[0] + 14, mouse[1] + 10))

