"""A scripted model for the town: answers every cognitive step with valid, plausible JSON.

Used with tests/fakeserver.py to run whole towns on the openai path without a
real model (tests and the cost benchmark). It reads only the request: the
schema name and the prompt text. Token counts are estimated at 4 characters a token.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakeserver import Reply


def _prompt(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def _schema(body: dict[str, Any]) -> str:
    fmt = body.get("response_format") or {}
    return str((fmt.get("json_schema") or {}).get("name", ""))


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def _plan(prompt: str) -> dict:
    home = re.search(r"Lives at (.+?)\.", prompt)
    work = re.search(r"at (.+?) from (\d\d):(\d\d) to (\d\d):(\d\d)", prompt)
    places = dict(re.findall(r"^- (.+) \((\w+)(?:, [^)]*)?\)$", prompt, re.MULTILINE))
    home_name = home.group(1) if home else next(iter(places))
    cafe = next((p for p, k in places.items() if k == "cafe"), home_name)
    park = next((p for p, k in places.items() if k == "park"), home_name)
    items = [{"start": "00:00", "end": "07:00", "activity": "sleep", "place": home_name, "use": "sleep"},
             {"start": "07:00", "end": "08:00", "activity": "breakfast at home", "place": home_name, "use": "cook"}]
    if work and work.group(1) in places:
        ws = int(work.group(2)) * 60 + int(work.group(3))
        we = int(work.group(4)) * 60 + int(work.group(5))
        ws, we = max(ws, 8 * 60), max(min(we, 20 * 60), max(ws, 8 * 60) + 60)
        if ws > 8 * 60:
            items.append({"start": "08:00", "end": _hhmm(ws), "activity": "coffee before work", "place": cafe,
                          "use": "coffee"})
        items.append({"start": _hhmm(ws), "end": _hhmm(we), "activity": "work", "place": work.group(1),
                      "use": "work"})
        t = we
    else:
        items.append({"start": "08:00", "end": "12:00", "activity": "walk in the park", "place": park, "use": "relax"})
        t = 12 * 60
    if t < 20 * 60:
        items.append({"start": _hhmm(t), "end": "20:00", "activity": "dinner at the cafe", "place": cafe,
                      "use": "eat"})
    items.append({"start": "20:00", "end": "22:00", "activity": "read at home", "place": home_name, "use": "read"})
    items.append({"start": "22:00", "end": "24:00", "activity": "sleep", "place": home_name, "use": "sleep"})
    return {"wake_up": "07:00", "items": items}


def _decompose(prompt: str) -> dict:
    m = re.search(r"\((\d+) minutes\)", prompt)
    length = int(m.group(1)) if m else 60
    tasks = []
    left = length
    i = 0
    while left > 0:
        span = min(15, left)
        tasks.append({"minutes": span, "description": f"part {i + 1} of the job", "use": "work" if "work" in
                      prompt.split("plans to:")[-1][:60] else "relax"})
        left -= span
        i += 1
    return {"tasks": tasks[:16]}


_PARTY = re.compile(r"(party|gathering) at (.+?) at (\d\d):(\d\d)", re.IGNORECASE)


def _line(prompt: str) -> dict:
    history = prompt.split("The conversation so far:")[-1].split("Write ")[0]
    remembered = prompt.split("remembers about")[-1].split("The conversation so far:")[0]
    said = [ln for ln in history.strip().splitlines() if ":" in ln and not ln.startswith("(")]
    party = _PARTY.search(remembered)
    if party and len(said) <= 2 and not any("party" in ln.lower() for ln in said):
        # A model that remembers an event brings it up, as the paper's Isabella does.
        return {"line": f"I'm going to a {party.group(1)} at {party.group(2)} at {party.group(3)}:{party.group(4)}."
                        " Come along!", "end": False,
                "invitation": {"what": party.group(1).lower(), "place": party.group(2),
                               "time": f"{party.group(3)}:{party.group(4)}"}}
    if len(said) >= 3:
        return {"line": "Good talking to you, see you later!", "end": True,
                "summary": "They caught up about their day."}
    return {"line": "Nice to see you! How is your day going?", "end": False}


def responder(body: dict[str, Any]) -> Reply:
    """Valid answers for every step the town asks."""
    name = _schema(body)
    prompt = _prompt(body)
    if name == "DayPlanAnswer":
        data: dict = _plan(prompt)
    elif name == "DecomposeAnswer":
        data = _decompose(prompt)
    elif name == "ImportanceAnswer":
        m = re.search(r"exactly (\d+) integers", prompt)
        data = {"scores": [4] * int(m.group(1) if m else 1)}
    elif name == "ReactAnswer":
        data = {"talk": True, "reason": "a friendly face"}
    elif name == "LineAnswer":
        data = _line(prompt)
    elif name == "QuestionsAnswer":
        data = {"questions": ["What matters to me?", "Who are my friends?", "How is work?"]}
    elif name == "InsightsAnswer":
        ids = [int(x) for x in re.findall(r"\[(\d+)\]", prompt)]
        data = {"insights": [{"text": "I value the people around me.", "evidence": ids[:3]}] if ids else []}
    else:
        data = {}
    content = json.dumps(data)
    return Reply(content=content, prompt_tokens=max(1, len(prompt) // 4), completion_tokens=max(1, len(content) // 4))
