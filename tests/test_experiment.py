"""Experiments: scenario files and every bad input, a two-seed batch with events and probes, summary,
plots, news cascades, replays, and per-villager plan systems and models against a scripted server."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import numpy as np
import pytest

from game.experiment import probes
from game.experiment.scenario import ScenarioError, load_scenario, parse_duration, parse_seeds, parse_time
from game.sim.news import TOWN, NewsItem
from game.sim.replay import Replay, ReplayError
from game.world.tilemap import TILE
from main import main
from tests.fakeserver import FakeLLMServer, Reply, answer

ROOT = Path(__file__).resolve().parent.parent

SMALL = """
name = "small"
days = 0.125
seeds = [1, 2]
agents = 3
sample_every = "30m"

[defaults]
plan_system = "plain"

[[villager]]
name = "Rosa Delgado"
plan_system = "qa"

[[event]]
at = "day 1 06:20"
whisper = "Rosa Delgado"
text = "You are hosting a party at Copper Kettle Cafe today at 08:00."

[[event]]
at = "day 1 07:30"
build = { type = "library", lot = [4, 4], name = "Quiet Pages" }

[[event]]
at = "day 1 08:00"
recruit = { name = "Wren Ashby", home = "Juniper Nook", bio = "A bookbinder.", goal = "open a bindery" }

[[probe]]
name = "host knows"
villager = "Rosa Delgado"
question = "What are your plans for today?"
at = "day 1 07:00"
expect = { contains_any = ["party"] }

[[probe]]
name = "never"
villager = "Rosa Delgado"
question = "What are your plans for today?"
at = "day 1 07:00"
expect = { contains_all = ["zeppelin"] }
"""


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- scenario files --------------------------------------------------------------------------------------
def test_the_shipped_example_parses_with_every_part() -> None:
    s = load_scenario(ROOT / "scenarios" / "party.toml")
    assert s.name == "party" and s.seeds == (1, 2, 3) and s.agents == 12
    assert s.mind_of("Rosa Delgado").plan_system == "qa"
    assert s.mind_of("Ben Carter").memory_system == "impressions" and not s.mind_of("Ben Carter").reflection
    assert s.mind_of("Hana Mori").plan_system == "plain"  # the defaults
    assert [e.kind for e in s.events] == ["whisper", "announce", "build"]
    assert s.events[0].at == parse_time("day 1 08:00")
    host = s.probes[0]
    assert host.times == tuple(parse_time(t) for t in ("08:00", "12:00", "16:00", "20:00", "day 2 00:00",
                                                       "day 2 04:00"))
    assert s.probes[1].villager == "*"


def test_times_durations_and_seeds() -> None:
    assert parse_time("day 2 08:30") == 86400 + 8 * 3600 + 30 * 60
    assert parse_time("17:05") == 17 * 3600 + 5 * 60
    assert parse_duration("1h30m") == 5400 and parse_duration("45m") == 2700
    assert parse_seeds("1-3,7") == (1, 2, 3, 7)
    for bad in ("8am", "day 0 08:00", "25:00", "day 1 8"):
        with pytest.raises(ValueError):
            parse_time(bad)
    with pytest.raises(ValueError):
        parse_seeds("one-five")


BAD = [
    ('colour = "red"', "colour", "unknown key"),
    ('days = "one"', "days", "number"),
    ('seeds = "1-3"', "seeds", "list"),
    ('agents = 3\n[[villager]]\nname = "Nobody Here"', "villager[1].name", "no villager called"),
    ('[defaults]\nplan_system = "think-hard"', "defaults.plan_system", "unknown"),
    ('[defaults]\nmemory_system = "notebook"', "defaults.memory_system", "unknown"),
    ('[defaults]\nreflection = "yes"', "defaults.reflection", "true or false"),
    ('[defaults]\nendpoint = "localhost:11434"', "defaults.endpoint", "not a URL"),
    ('[[villager]]\nname = "Rosa Delgado"\nendpoint = "http//oops"', "villager[1].endpoint", "not a URL"),
    ('[[villager]]\nname = "Rosa Delgado"\nmood = "happy"', "villager[1].mood", "unknown key"),
    ('[[event]]\nat = "8am"\nannounce = "hi"', "event[1].at", "not a time"),
    ('[[event]]\nat = "day 1 05:00"\nannounce = "hi"', "event[1].at", "outside the run"),
    ('[[event]]\nat = "day 1 08:00"\nannounce = "hi"\nwhisper = "Rosa Delgado"', "event[1]", "exactly one"),
    ('[[event]]\nat = "day 1 08:00"\nwhisper = "Zed"\ntext = "x"', "event[1].whisper", "no villager called"),
    ('[[event]]\nat = "day 1 08:00"\nbuild = { type = "cafe", lot = [9, 1] }', "event[1].build.lot", "1 to 4"),
    ('[[event]]\nat = "day 1 08:00"\nbuild = { type = "castle", lot = [1, 2] }', "event[1].build.type",
     "not a building type"),
    ('[[event]]\nat = "day 1 08:00"\nrecruit = { name = "Rosa Delgado", home = "x", bio = "b", goal = "g" }',
     "event[1].recruit.name", "already lives"),
    ('[[probe]]\nvillager = "Rosa Delgado"\nquestion = "q"\nevery = "often"\nexpect = { regex = "a" }',
     "probe[1].every", "not a duration"),
    ('[[probe]]\nvillager = "Rosa Delgado"\nquestion = "q"\nevery = "4h"\nexpect = { regex = "(" }',
     "probe[1].expect.regex", "not a valid pattern"),
    ('[[probe]]\nvillager = "Rosa Delgado"\nquestion = "q"\nevery = "4h"\nexpect = { python = "1" }',
     "probe[1].expect.python", "unknown key"),
    ('[[probe]]\nvillager = "Rosa Delgado"\nquestion = "q"\nevery = "4h"\nat = "day 1 09:00"\n'
     'expect = { regex = "a" }', "probe[1]", "exactly one"),
    ('[[probe]]\nvillager = "Rosa Delgado"\nquestion = "q"\nevery = "4h"\n'
     'expect = { number_between = [5, 1] }', "probe[1].expect.number_between", "low <= high"),
    ('name = [', "", "not valid TOML"),
]


@pytest.mark.parametrize(("body", "key", "problem"), BAD)
def test_every_bad_input_is_one_line_naming_file_and_key(tmp_path: Path, body: str, key: str, problem: str) -> None:
    text = body if body.startswith("name") else f'name = "bad"\n{body}'
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert f": {key}: " in message or not key
    assert problem in message


def test_a_bad_scenario_exits_2_and_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, 'name = "bad"\nagents = 2\n[[villager]]\nname = "Rosa Delgado"\nplan_system = "x"\n')
    out = tmp_path / "out"
    assert main(["--experiment", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "villager[1].plan_system" in err and str(path) in err
    assert not out.exists()
    assert main(["--experiment", str(tmp_path / "missing.toml")]) == 2
    assert main(["--experiment", str(write(tmp_path, SMALL, "ok.toml")), "--seeds", "x-y", "--out", str(out)]) == 2
    assert not out.exists()


def test_a_model_without_an_endpoint_fails_before_any_seed_runs(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, 'name = "m"\nagents = 2\n[[villager]]\nname = "Rosa Delgado"\nmodel = "big"\n')
    out = tmp_path / "out"
    assert main(["--experiment", str(path), "--out", str(out), "--llm", "offline"]) == 2
    assert "needs an endpoint" in capsys.readouterr().err
    assert not out.exists()


def test_probe_checks_are_declarative() -> None:
    assert probes.check({"contains_any": ["Party", "fete"]}, "I'm hosting a party!")
    assert not probes.check({"contains_all": ["party", "cafe"]}, "I'm hosting a party!")
    assert probes.check({"not_contains": ["no"]}, "Yes, at five.")
    assert not probes.check({"not_contains": ["party"]}, "A PARTY")
    assert probes.check({"regex": r"\b1[0-9]:00\b"}, "It starts at 17:00.")
    assert probes.check({"number_between": [3, 5]}, "I have 4 cats and 10 dogs")
    assert not probes.check({"number_between": [3, 5]}, "I have 2 cats")
    assert not probes.check({"contains_any": ["party"], "not_contains": ["no party"]}, "There is no party.")


# -- news cascades ----------------------------------------------------------------------------------------
def test_cascade_measures_follow_the_telling_tree() -> None:
    item = NewsItem("n1", "invitation", "party", "Ann", 0)
    item.heard = {"Ann": 0, "Bo": 60, "Cy": 120, "Di": 600, "Ed": 900}
    item.told = [("Ann", "Bo", 60), ("Bo", "Cy", 120), ("Ann", "Di", 600), ("Cy", "Ed", 900)]
    m = item.measures(population=8)
    assert m["scale"] == 5 and m["depth"] == 3 and m["max_breadth"] == 2
    assert m["half_town_seconds"] == 600  # the 4th of 8 heard at 600
    notice = NewsItem("n2", "announcement", "notice", TOWN, 0, heard={"A": 0, "B": 0, "C": 0},
                      told=[(TOWN, "A", 0), (TOWN, "B", 0), (TOWN, "C", 0)])
    assert notice.measures(3) | {} == {"scale": 3, "share": 1.0, "depth": 1, "max_breadth": 3,
                                        "half_town_seconds": 0}


# -- a two-seed batch ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    path = write(folder, SMALL)
    out = folder / "out"
    assert main(["--experiment", str(path), "--out", str(out), "--jobs", "2", "--llm", "offline"]) == 0
    return out


def test_two_seeds_give_two_reports_and_a_summary(batch: Path) -> None:
    reports = {s: json.loads((batch / f"seed-{s}.json").read_text()) for s in (1, 2)}
    spread_to: list[int] = []
    for seed, r in reports.items():
        e = r["experiment"]
        assert e["name"] == "small" and e["seed"] == seed and r["seed"] == seed
        assert r["game_seconds"] == 3 * 3600
        whisper, build, recruit = e["events"]
        assert recruit["ok"] and r["villagers"][-1]["name"] == "Wren Ashby" and r["agents"] == 4
        assert whisper["kind"] == "whisper" and whisper["ok"] and whisper["clock"] == "Day 1, 06:20"
        assert build["kind"] == "build" and build["ok"] and "Quiet Pages" in build["result"]
        assert r["mayor"]["built"][0]["name"] == "Quiet Pages"
        by_probe = {p["probe"]: p for p in e["probes"]}
        assert by_probe["host knows"]["passed"] is True
        assert "party" in by_probe["host knows"]["answer"].lower()
        assert by_probe["never"]["passed"] is False
        assert by_probe["never"]["villager"] == "Rosa Delgado" and by_probe["never"]["clock"] == "Day 1, 07:00"
        party = next(c for c in e["cascades"] if c["kind"] == "invitation")
        assert party["origin"] == "Rosa Delgado" and party["place"] == "Copper Kettle Cafe"
        assert "Rosa Delgado" in party["attended"]  # the host went to her own party
        known = {"Rosa Delgado": party["created"]}
        for telling in party["told"]:  # a cascade: everyone who tells has heard it before
            assert known[telling["from"]] <= telling["time"] and telling["to"] not in known
            known[telling["to"]] = telling["time"]
        assert party["scale"] == len(known)
        spread_to.append(party["scale"])
        assert e["villagers"]["Rosa Delgado"]["plan_system"] == "qa"
        assert e["cost"]["plan_system"]["qa"]["villagers"] == 1
        # Rosa, Tomas and Lina are a family (every pair related); the newcomer adds three pairs, maybe unmet.
        assert e["network"]["density_start"] == 1.0 and 0.5 <= e["network"]["density_end"] <= 1.0
        assert r["llm"]["by_step"]["plan_qa_questions"]["offline_decisions"] >= 1
    assert max(spread_to) >= 2  # the family heard of the party by word of mouth in at least one seed
    summary = json.loads((batch / "summary.json").read_text())
    assert summary["seeds"] == [1, 2]
    assert summary["probes"]["host knows"]["pass_rate"] == {"mean": 1.0, "std": 0.0, "min": 1.0, "max": 1.0, "n": 2}
    assert summary["probes"]["never"]["pass_rate"]["mean"] == 0.0
    assert summary["measures"]["density_end"]["n"] == 2
    qa_cost = summary["measures"]["cost"]["plan_system"]["qa"]["decisions_per_villager_day"]
    assert qa_cost["n"] == 2 and qa_cost["mean"] > 0


def test_the_plots_exist_and_are_not_blank(batch: Path) -> None:
    import pygame

    for name in ("diffusion", "density", "probes", "cost"):
        path = batch / "plots" / f"{name}.png"
        pixels = pygame.surfarray.array3d(pygame.image.load(str(path))).astype(np.float32)
        assert pixels.shape[0] >= 600 and pixels.std() > 20, name


def test_a_replay_ends_where_the_run_ended(batch: Path) -> None:
    report = json.loads((batch / "seed-2.json").read_text())
    replay = Replay(batch / "seed-2.replay.json.gz")
    assert replay.steps == report["steps"]
    final = replay.snapshot(replay.steps)
    assert [(list(v.tile), v.name) for v in final.villagers] == [(r["tile"], r["name"]) for r in report["villagers"]]
    assert [row[3] for row in replay.final_rows] == [r["action"] for r in report["villagers"]]
    # Scrubbing back and forth rebuilds the same state as playing through.
    middle = replay.steps // 2 + 7
    assert replay.snapshot(middle) == replay.snapshot(middle)
    assert replay.rows_at(replay.steps)[0] == replay.final_rows
    assert any("whisper" == e[1] for _i, e in replay.events)


def test_a_damaged_replay_is_one_line_and_exit_2(tmp_path: Path, batch: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.replay.json.gz"
    text.write_text("hello")
    with pytest.raises(ReplayError, match="not a Tinytown replay"):
        Replay(text)
    data = json.loads(gzip.decompress((batch / "seed-1.replay.json.gz").read_bytes()))
    data["frames"][3] = {"v": [[99, 0, 5]]}
    broken = tmp_path / "broken.replay.json.gz"
    broken.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(ReplayError, match="damaged"):
        Replay(broken)
    assert main(["--replay", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(broken) in err


def test_the_replay_window_plays_and_inspects(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.ui.app import open_window
    from game.ui.replay_view import ReplayView

    replay = Replay(batch / "seed-1.replay.json.gz")
    screen = open_window((1280, 720))
    try:
        view = ReplayView(screen, replay)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_6, mod=0))
        view.frame(1.0)
        assert view.rate == 32 and view.position == pytest.approx(4 * 32, abs=1)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0))
        view.frame(1.0)
        paused_at = view.position
        view.frame(1.0)
        assert not view.playing and view.position == paused_at
        scrub = view.scrubber
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(scrub.right - 1, scrub.centery)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(scrub.right - 1, scrub.centery)))
        view.frame(0.0)
        assert view.position > replay.steps * 0.95 and not view.scrubbing
        assert view.stamped == 1 and replay.built_at[0][0] == (7 * 60 + 30 - 6 * 60) * 6  # the library, drawn
        target = view.snap.villagers[1]
        view.camera.x, view.camera.y = target.tile[0] * TILE + TILE // 2, target.tile[1] * TILE
        view.frame(0.0)
        v, fx, fy, _frame = next(item for item in view.visible if item[0].vid == target.vid)
        pos = view.camera.world_to_screen(fx, fy - 8, *screen.get_size())
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
        view.frame(0.0)
        assert view.selected == v.vid
        assert replay.notes["minds"]["Rosa Delgado"]["plan_system"] == "qa"
        pixels = pygame.surfarray.array3d(screen).astype(np.float32)
        assert pixels.std() > 20
    finally:
        pygame.quit()


# -- per-villager minds and models against a scripted server ------------------------------------------------
def _scripted(body: dict) -> Reply:
    """Valid answers for every request kind the villagers send (so none falls back to the offline rules)."""
    schema = body["response_format"]["json_schema"]["name"]
    prompt = body["messages"][1]["content"]
    if schema == "DayPlanAnswer":
        home = re.search(r"Lives at (.+?)\. ", prompt).group(1)
        return answer({"wake_up": "07:00", "items": [
            {"start": "00:00", "end": "07:00", "activity": "sleep", "place": home, "use": "sleep"},
            {"start": "07:00", "end": "22:00", "activity": "read at home", "place": home, "use": "read"},
            {"start": "22:00", "end": "24:00", "activity": "sleep", "place": home, "use": "sleep"}]})
    if schema == "DecomposeAnswer":
        length = int(re.search(r"\((\d+) minutes\)", prompt).group(1))
        chunks = [min(60, length - i) for i in range(0, length, 60)]
        return answer({"tasks": [{"minutes": m, "description": "read a chapter", "use": "read"} for m in chunks]})
    if schema == "ImportanceAnswer":
        return answer({"scores": [3] * int(re.search(r"exactly (\d+) integers", prompt).group(1))})
    canned = {
        "LineAnswer": {"line": "Nice to see you.", "end": True, "summary": "We said hello."},
        "ChatAnswer": {"reply": "Just reading today.", "impression": "", "warmth": 0},
        "QAQuestions": {"questions": ["What did I promise?", "What do I need?"]},
        "QAAnswers": {"answers": ["Nothing today.", "Some rest."]},
        "QuestionsAnswer": {"questions": ["What matters to me?"]},
        "InsightsAnswer": {"insights": [{"text": "I like quiet days.", "evidence": []}]},
        "ReactAnswer": {"talk": False},
    }
    return answer(canned[schema]) if schema in canned else Reply(status=500, error=f"unscripted {schema}")


@pytest.mark.parametrize("on_model", [False, True], ids=["offline-run", "model-run"])
def test_qa_prompts_and_own_models_reach_only_their_villagers(tmp_path: Path, on_model: bool) -> None:
    """Offline run: Rosa and Tomas each name the server; model run: everyone asks it, Tomas another model."""
    with FakeLLMServer(_scripted) as server:
        own = "" if on_model else f'endpoint = "{server.base_url}"\nmodel = "fake-model"'
        path = write(tmp_path, f"""
name = "qa-vs-plain"
days = 0.1
seeds = [4]
agents = 3
replay = false

[[villager]]
name = "Rosa Delgado"
plan_system = "qa"
{own}

[[villager]]
name = "Tomas Delgado"
{'' if on_model else f'endpoint = "{server.base_url}"'}
model = "other-model"

[[probe]]
villager = "*"
question = "What are you doing?"
at = "day 1 07:00"
expect = {{ contains_any = ["reading"] }}
""")
        out = tmp_path / "out"
        run = ["--llm", "openai", "--base-url", server.base_url, "--model", "fake-model"] if on_model else \
            ["--llm", "offline"]
        assert main(["--experiment", str(path), "--out", str(out), *run]) == 0
        requests = list(server.chat_requests)
    assert requests
    speaker = re.compile(r"(?:mind of|speak as|decide how|new memories of) (\w+ \w+)")

    def who(body: dict) -> str:
        """The villager a request is for, as its prompts name them."""
        return speaker.search(body["messages"][0]["content"] + body["messages"][1]["content"]).group(1)

    qa = [b for b in requests if "Before planning day" in b["messages"][1]["content"]
          or "Answer each question in one short sentence" in b["messages"][1]["content"]]
    assert len(qa) >= 2 and {who(b) for b in qa} == {"Rosa Delgado"}
    models: dict[str, set[str]] = {}
    for body in requests:
        models.setdefault(who(body), set()).add(body["model"])
    expected = {"Rosa Delgado": {"fake-model"}, "Tomas Delgado": {"other-model"}}
    if on_model:
        expected["Lina Delgado"] = {"fake-model"}  # offline run: Lina never reaches the server
    assert models == expected
    report = json.loads((out / "seed-4.json").read_text())
    assert report["llm"]["fallbacks"] == 0
    cost = report["experiment"]["cost"]["plan_system"]
    assert cost["qa"]["calls"] > 0 and cost["plain"]["calls"] > 0 and cost["plain"]["villagers"] == 2
    rosa = next(v for v in report["villagers"] if v["name"] == "Rosa Delgado")
    assert rosa["mind"]["plan_system"] == "qa"
    assert all(p["passed"] for p in report["experiment"]["probes"] if on_model or p["villager"] != "Lina Delgado")


def test_a_whisper_passes_on_when_a_line_retells_it() -> None:
    from game.sim.engine import RoutineMind, Simulation
    from game.sim.news import install_news

    class Talking(RoutineMind):
        """Two villagers in one conversation, each saying a fixed line."""

        def bubble(self, sim: Simulation, v: object) -> str | None:
            lines = {0: "Did you hear? The old mill by the river burns tonight, they say.", 1: "Lovely weather."}
            return lines.get(v.vid)  # type: ignore[attr-defined]

    sim = Simulation(agents=3, seed=1, mind=Talking())
    news = install_news(sim)
    a, b, c = sim.villagers
    secret = news.originate(sim, "whisper", "The old mill by the river burns tonight.", a.name, key="mill")
    other = news.originate(sim, "whisper", "Lovely spring parade tomorrow morning.", b.name, key="parade")
    a.conversation = b.conversation = 7
    sim.step()
    assert secret.told == [(a.name, b.name, sim.clock.seconds)] and c.name not in secret.heard
    assert other.told == []  # "Lovely weather." does not carry the parade
    assert news.network_density(sim) >= 1 / 3  # a and b have talked


def test_a_headless_run_reports_cascades_and_records_a_replay(tmp_path: Path) -> None:
    report, log = tmp_path / "r.json", tmp_path / "run.replay.json.gz"
    assert main(["--headless", "--agents", "3", "--days", "0.05", "--seed", "5", "--llm", "offline",
                 "--report", str(report), "--record", str(log)]) == 0
    data = json.loads(report.read_text())
    assert data["cascades"] == [] and 0 <= data["network"]["density_start"] <= data["network"]["density_end"]
    replay = Replay(log)
    assert replay.steps == data["steps"]
    assert [list(v.tile) for v in replay.snapshot(replay.steps).villagers] == [v["tile"] for v in data["villagers"]]


def test_impressions_memory_and_the_reflection_switch(tmp_path: Path) -> None:
    from game.experiment.runner import RunOptions, build_simulation

    path = write(tmp_path, """
name = "minds"
agents = 3
days = 0.2
[[villager]]
name = "Tomas Delgado"
memory_system = "impressions"
reflection = false
""")
    run = build_simulation(load_scenario(path), 2, RunOptions(out=tmp_path, llm="offline"))
    sim, mind = run.sim, run.mind
    sim.run_steps(600)
    rosa, tomas, _lina = sim.villagers
    about = mind.retrieve(sim, tomas, "What do I think of Lina Delgado?", 4)
    book = mind.systems.impressions[tomas.vid]
    assert [n.nid for n in about[: len(book["Lina Delgado"])]] == book["Lina Delgado"][::-1]
    assert rosa.vid not in mind.systems.impressions  # the stream villager keeps no impressions
    assert "Lina" in " ".join(n.description for n in mind.retrieve(sim, rosa, "Lina Delgado", 4))
    for v in (rosa, tomas):
        mind.minds[v.vid].memory.importance_since_reflection = 10_000
        mind.minds[v.vid].last_reflection = -10**9
    before = {v.vid: mind.minds[v.vid].reflections for v in (rosa, tomas)}
    mind.memories.reflect_where_due(sim, sim.clock.seconds)
    assert mind.minds[rosa.vid].reflections > before[rosa.vid]
    assert mind.minds[tomas.vid].reflections == before[tomas.vid]
    assert mind.minds[tomas.vid].memory.importance_since_reflection == 0  # the trigger is spent all the same
    assert sim.villager_report(tomas)["mind"]["memory_system"] == "impressions"


def test_an_imported_generative_agents_cast_runs_as_an_experiment(tmp_path: Path) -> None:
    from tests.test_import_ga import write_history, write_meta, write_persona

    root = tmp_path / "ville"
    write_persona(root, "Isabella Rodriguez", "Isabella Rodriguez is the owner of Hobbs Cafe.",
                  "Isabella Rodriguez is baking.", "Isabella Rodriguez goes to bed around 11pm, awakes up around 6am.",
                  "Isabella Rodriguez opens Hobbs Cafe at 8am everyday and closes it at 8pm.",
                  "Isabella Rodriguez's apartment", ["Hobbs Cafe"])
    write_persona(root, "Klaus Mueller", "Klaus Mueller is a student at Oak Hill College.", "Klaus is reading.",
                  "Klaus Mueller goes to bed around midnight, awakes up around 7am.",
                  "Klaus goes to the library at Oak Hill College every morning.", "Dorm for Oak Hill College",
                  ["Oak Hill College"])
    write_meta(root, ["Isabella Rodriguez", "Klaus Mueller"])
    history = write_history(root / "history.csv", [("Klaus Mueller", "Klaus thinks Isabella is wonderful")])
    path = write(tmp_path, f"""
name = "ga"
days = 0.2
cast = "ga:{root}"
history = "{history}"
replay = false
[[villager]]
name = "Klaus Mueller"
plan_system = "qa"
[[probe]]
villager = "Klaus Mueller"
question = "Who do you think is wonderful?"
at = ["day 1 03:00", "day 1 05:00"]
expect = {{ regex = "." }}
""")
    scenario = load_scenario(path)
    assert scenario.names == ("Isabella Rodriguez", "Klaus Mueller")
    out = tmp_path / "out"
    assert main(["--experiment", str(path), "--out", str(out), "--llm", "offline"]) == 0
    report = json.loads((out / "seed-1.json").read_text())
    assert [v["name"] for v in report["villagers"]] == ["Isabella Rodriguez", "Klaus Mueller"]
    assert report["experiment"]["villagers"]["Klaus Mueller"]["plan_system"] == "qa"
    # The import starts the clock at 00:00 on its start date: 03:00 is inside the run, 05:00 is not.
    assert [p["clock"] for p in report["experiment"]["probes"]] == ["Day 1, 03:00"]
    assert report["experiment"]["missed"] == [{"kind": "probe", "probe": "probe 1", "time": 5 * 3600}]
    bad = write(tmp_path, f'name = "ga"\ncast = "ga:{root}"\n[[villager]]\nname = "Maria Lopez"\n', "bad.toml")
    with pytest.raises(ScenarioError, match=re.escape("villager[1].name: no villager called 'Maria Lopez'")):
        load_scenario(bad)
