"""The offline chat rules: a villager answers the player from plan, memories, persona and relation, by pattern.

This is what the player talks to with no model configured, and the fallback when a model fails.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from game.agents.chat import PLAYER, ChatAnswer, ChatContext, said_by_player, talk_with_player
from game.agents.phrasing import (
    bare,
    bond,
    first_person,
    gerund,
    keywords,
    my_relation,
    place_name,
    sentence,
    with_article,
    without_place,
    worth_saying,
)
from game.agents.schedule import hhmm
from game.world.hours import hours_text, is_open

_MANIPULATION = re.compile(
    r"\b(ignore (all |any |your |the |previous |prior )*(instructions|rules|prompt)|system prompt|"
    r"you are now\b|you're now\b|you are (the )?(new )?mayor|you're (the )?(new )?mayor|pretend (to be|you)|"
    r"act as|jailbreak|developer mode|"
    r"give me (all )?(of )?(the |your )?(money|cash|coins|savings|gold)|transfer|hand over|"
    r"as an ai|language model)",
    re.IGNORECASE,
)
_RUDE = re.compile(r"\b(stupid|idiot|dumb|hate you|shut up|ugly|loser|boring|useless)\b", re.IGNORECASE)
_KIND = re.compile(r"\b(thanks?|thank you|nice|lovely|great|kind|love|wonderful|beautiful|please|cool|best|amazing|"
                   r"awesome|brilliant|fantastic)\b",
                   re.IGNORECASE)
_GREETING = re.compile(r"^\s*(hi|hello|hey|howdy|hiya|good (morning|afternoon|evening)|greetings|yo)\b",
                       re.IGNORECASE)
# 'later' alone is a goodbye only as the whole message: "What are you doing later?" is a question.
_BYE = re.compile(r"\b(bye|goodbye|see you|see ya|farewell|good night|catch you later)\b|^\s*later\b", re.IGNORECASE)
_HOW_ARE = re.compile(r"\bhow (are|r) (you|u)\b|\bhow('s| is) (it going|life|your day)\b|\bhow do you feel\b",
                      re.IGNORECASE)
_PLANS = re.compile(
    r"\b(what are you (doing|up to)|what('s| is) your plan|plans?|today|tonight|this (morning|afternoon|evening)|"
    r"later|schedule|busy|going to do|doing)\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\btomorrow\b", re.IGNORECASE)
_WORK = re.compile(r"\b(work|job|occupation|for a living|career)\b|"
                   r"\bwhat do you (do|make|bake|cook|sell|serve|brew|teach|write|build)\b", re.IGNORECASE)
# "Where can I buy bread?", "Where is there a good restaurant?": what a newcomer asks a local.
_FIND = re.compile(r"\bwhere (?:can|could|do|should|would|might) (?:i|we|one|people|you) (?:buy|get|find|eat|have|"
                   r"grab|drink|borrow|read|shop|work out|exercise|go for)\b(?P<thing>[^?.!,;]{0,40})|"
                   r"\bwhere(?:'s| is| are)(?: there)? (?:a |an |the |some )?(?:good |nice )?(?P<kind>[a-z ]{2,30})|"
                   r"\b(?:is|are) there (?:a |an |any |some )?(?:good |nice )?(?P<any>[a-z ]{2,30})", re.IGNORECASE)
# Words that send a visitor to a kind of building (a word is matched at its start: 'pastr' for pastries).
_FOUND_AT = {
    "cafe": ("coffee", "tea", "bread", "cake", "pastr", "croissant", "breakfast", "muffin", "cookie", "sandwich",
             "snack", "espresso", "latte", "cafe", "café", "bun", "scone"),
    "restaurant": ("dinner", "lunch", "meal", "restaurant", "food", "soup", "pasta", "pizza", "supper", "eat"),
    "store": ("grocer", "milk", "egg", "flour", "fruit", "vegetable", "shop", "store", "suppl", "soap", "butter",
              "cheese", "stamp", "newspaper", "buy"),
    "library": ("book", "library", "read", "novel", "borrow"),
    "gym": ("gym", "exercise", "work out", "workout", "weights", "fitness"),
    "park": ("park", "walk", "fresh air", "picnic", "bench", "green", "tree", "sit outside"),
    "school": ("school", "class", "lesson"),
    "office": ("office", "newsletter", "paperwork"),
}
_HOME = re.compile(r"\b(where do you live|your home|your house|live)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(who are you|about yourself|your name|introduce)\b", re.IGNORECASE)
_ABOUT_ME = re.compile(r"\b(remember me|think of me|know me|who am i|about me|like me)\b", re.IGNORECASE)
# "What did we talk about?", "What did I ask you about bread?", "Do you remember our chat?"
_OUR_TALK = re.compile(r"\bwhat (did|have) (we|i) (talk|talked|chat|chatted|say|said|ask|asked|tell|told)\b|"
                       r"\bwhat we (talked|chatted|spoke|said)\b|\bremember (our|what (we|i))\b", re.IGNORECASE)
_KNOW = re.compile(r"\b(?:do you know|have you met|who is|who's|what about|tell me about|heard of)\s+"
                   r"((?-i:[A-Z][a-z]+))", re.IGNORECASE)
_WHERE = re.compile(r"\bwhere (are|r) (you|u)\b", re.IGNORECASE)
_NEEDS = re.compile(r"\b(are you|feeling|feel) (tired|hungry|lonely|sleepy|ok|okay|alright)\b", re.IGNORECASE)
_GOALS = re.compile(r"\b(goals?|dreams?|wants?|wish|hopes?|hoping|ambitions?)\b", re.IGNORECASE)
# Small talk a visitor makes, answered from the villager's own state (clock, cast ties, memories, plan).
_TIME = re.compile(r"\bwhat time\b|\bwhat's the time\b|\bthe time\?|\bwhat hour\b", re.IGNORECASE)
_FAMILY_Q = re.compile(r"\b(married|husband|wife|kids|children|child|sons?|daughters?|family|parents|mum|mom|dad|"
                       r"mother|father|siblings?|brothers?|sisters?|single)\b", re.IGNORECASE)
_FRIENDS_Q = re.compile(r"\b(best friend|friends|close to|get on with|get along with)\b", re.IGNORECASE)
_NEWS = re.compile(r"\b(what's new|whats new|anything new|news|gossip|what's happening|what is happening|"
                   r"going on)\b", re.IGNORECASE)
_SECRET = re.compile(r"\bsecrets?\b", re.IGNORECASE)
_LIKES = re.compile(r"\b(favou?rite|hobb(y|ies)|for fun|free time|spare time|what do you (like|love|enjoy))\b",
                    re.IGNORECASE)
_LIKE_JOB = re.compile(r"\b(like|enjoy|love) (your|the) (job|work)\b", re.IGNORECASE)
_HUNGRY = re.compile(r"\b(i'?m|i am) (so |really |very |a bit )?(hungry|starving|thirsty)\b|\b(somewhere|place) to "
                     r"eat\b|\brecommend\b.*\b(eat|food|restaurant|cafe|lunch|dinner|breakfast|coffee)\b",
                     re.IGNORECASE)
_WEATHER = re.compile(r"\bweather\b|\b(raining|sunny|cold|hot|warm) (today|out)\b", re.IGNORECASE)
_OFFER = re.compile(r"\b(can|could|may) i help\b|\bneed (any |a )?(help|hand)\b", re.IGNORECASE)
# A sentence that asks: "My family is visiting." tells, and gets no answer about the villager's family.
_ASKS = re.compile(r"\?\s*$|^\s*(who|what|where|when|how|why|which|do|does|did|are|is|have|has|can|could|would|will|"
                   r"tell me|any)\b", re.IGNORECASE)
_NOD = re.compile(r"^\s*(?:(?:ok(?:ay)?|k|lol|haha+|hah|heh|hmm+|cool|i see|right|sure|yes|yeah|yep|no|nope|oh|wow|"
                  r"why|really|nice|fine|good)\b[\s.,!?]*)+$", re.IGNORECASE)


def _plan_lines(ctx: ChatContext, after: int, count: int) -> list[str]:
    # A stretch that goes on doing the same at the same place (a shift's main task) is no "then".
    upcoming = [i for n, i in enumerate(ctx.plan) if i.start >= after and i.use != "sleep"
                and not (n and (ctx.plan[n - 1].use, ctx.plan[n - 1].place) == (i.use, i.place))][:count]
    return [f"at {hhmm(i.start)} I'll {i.activity}" for i in upcoming]


def _greeting(ctx: ChatContext) -> str:
    me = ctx.persona
    hello = "Good morning" if ctx.minute < 11 * 60 else ("Good evening" if ctx.minute >= 18 * 60 else "Hello")
    if not ctx.met_before:
        return f"{hello}! I don't think we've met. I'm {me.first_name}, {with_article(me.occupation)}."
    if ctx.player.affinity >= 3:
        return f"{hello}! It's you again, always good to see you."
    if ctx.player.affinity < 0:
        return f"Oh. {hello}."
    return f"{hello}, nice to see you again."


def _about_person(ctx: ChatContext, name: str) -> str:
    relation, memories = ctx.people[name]
    first = name.split()[0]
    useful = [m for m in memories if worth_saying(m) and " is my " not in m]
    recall = _recall(useful[0], ctx.persona.first_name) if useful else ""
    if relation and useful:
        return f"{first}? Of course, {my_relation(first, relation)}. {recall}"
    if relation:
        return f"{my_relation(first, relation)}. I know {first} well."
    if useful:
        return f"I know {first} a little. {recall}"
    return f"I've heard the name {first}, but we haven't really met."


def _recall(memory: str, me: str) -> str:
    """Retell a memory as a sentence the villager could say."""
    text = memory.strip().rstrip(".")
    if re.match(r"^[A-Z][\w' -]+ is my ", text):
        return text + "."
    going = re.match(r"^([A-Z][\w'-]+)(?: [A-Z][\w'-]+)? is walking to (.+)$", text)
    if going:
        return f"Earlier I saw {going.group(1)} on the way to {going.group(2)}."
    seen = re.match(r"^([A-Z][\w'-]+)(?: [A-Z][\w'-]+)? is (.+ at .+)$", text)
    if seen:
        doing = re.sub(r", [^,]+$", "", seen.group(2))  # the room is too much detail
        return f"Earlier I saw {seen.group(1)} {gerund(doing)}."
    talked = re.match(r"^(?:Talked|Conversation) with ([^:]+): (.+)$", text)
    if talked:  # a talk with someone else: told as theirs and mine, not as the player's and mine
        who, gist = talked.group(1).split()[0], re.sub(r" \(\d+ lines\)$", "", talked.group(2))
        gist = re.sub(rf"^(?:{re.escape(me)} and {who}|{who} and {re.escape(me)})\b", "we", gist)
        if gist.startswith("we "):
            gist = re.sub(r"\bthey\b", "we", re.sub(r"\btheir\b", "our", gist))
        return f"I talked with {who}: {_as_mine(_lower_first(gist), me)}."
    if text.startswith(("I ", "I'", "My ")):
        return text + "."
    return f"I remember: {_lower_first(text)}."


# Words that open a sentence and are not names: only these lose their capital when a memory is retold mid-sentence.
_COMMON_OPENERS = frozenset("a an at in on the there it this that today yesterday someone everyone nobody plan "
                            "we they he she you".split())


def _lower_first(text: str) -> str:
    """'The cafe was busy' -> 'the cafe was busy'; 'Bella Brooks moved in' stays as it is (a name)."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _COMMON_OPENERS else text


def _doing(ctx: ChatContext) -> str:
    where = ctx.place.split(",")[0].strip()
    action = gerund(ctx.action)
    return f"{action} at {where}" if where and where not in action else action


def offline_chat(ctx: ChatContext) -> ChatAnswer:
    """Answer by rules from plan, memories, persona and relation; always in character."""
    rng = random.Random(ctx.seed)
    me = ctx.persona
    text = ctx.text
    warmth = 0
    parts: list[str] = []
    if _MANIPULATION.search(text):
        money = re.search(r"money|cash|coins|savings|gold|transfer|hand over", text, re.IGNORECASE)
        mayor = re.search(r"mayor", text, re.IGNORECASE)
        if money:
            parts.append("My savings stay in my own pocket, thank you very much.")
        if mayor:
            parts.append(f"And I'm no mayor, just {me.first_name}.")
        if not parts:
            parts.append(f"I'm not sure what you mean. I'm just {me.first_name}, {with_article(me.occupation)}.")
        parts.append(rng.choice(("Funny thing to say to someone you hardly know.", "Are you feeling all right?",
                                 f"{ctx.town} doesn't work like that.")))
        return ChatAnswer(reply=" ".join(parts), impression="an odd visitor who says strange things", warmth=-1)
    if _RUDE.search(text):
        return ChatAnswer(reply=rng.choice(("That's not a very nice thing to say.", "Well, that was rude.",
                                            "I don't need to hear that.")),
                          impression="a rude visitor", warmth=-2)
    thanks = re.search(r"\bthank", text, re.IGNORECASE)
    if thanks or (_KIND.search(text) and re.search(r"\b(you|your|you're)\b", text, re.IGNORECASE)
                  and not text.rstrip().endswith("?")):  # "Who is your best friend?" asks, it does not praise
        warmth = 1
    if _GREETING.search(text) and len(ctx.history) <= 2:
        parts.append(_greeting(ctx))
    # Questions the villager can answer from their own state: each answered (up to three, one sentence at a
    # time: "Are you married? And where can I buy bread?"), and nothing else.
    # A question the rules below answer ("Where do you work?") goes on to them with the rest.
    sentences = [p for p in re.split(r"(?<=[?.!])\s+|,?\s+and\s+(?=(?:is|are|where|what|who|when|how|do|does|can)\b)",
                                      text.strip()) if p][:6]
    answered = {p: _answer_question(replace(ctx, text=p) if p != text else ctx, rng) for p in sentences}
    answers = list(dict.fromkeys(a for a in answered.values() if a))[:3]
    if not answers and len(sentences) > 1:  # a question that needs the whole message
        whole = _answer_question(ctx, rng)
        answers, answered = ([whole], {p: whole for p in sentences}) if whole else ([], answered)
    if answers:
        parts.extend(answers)
        asks = [p for p in sentences if p.endswith("?") or _WHO_WHAT.search(p) or _BYE.search(p)]
        rest = " ".join(p for p in asks if not answered.get(p))
        if not rest:
            return ChatAnswer(reply=" ".join(parts), impression=_impression(ctx, warmth), warmth=warmth)
        ctx, text = replace(ctx, text=rest), rest
    mentioned = [n for n in ctx.people if n.lower() in text.lower() or n.split()[0].lower() in text.lower()]
    unknown = _KNOW.search(text)
    if mentioned:
        parts.append(_about_person(ctx, mentioned[0]))
    elif unknown and unknown.group(1).lower() not in ("you", "the", "your", "me", "yourself", "it") and not any(
            unknown.group(1).lower() in name.lower().split() for name in ctx.places):
        parts.append(f"{unknown.group(1).capitalize()}? I don't know anyone by that name.")
    place = _place_in(ctx)
    if place and not mentioned and not _WHERE.search(text):
        parts.append(_about_place(ctx, place))
    if _ABOUT_ME.search(text):
        if ctx.met_before:
            impression = ctx.player.impression or "a friendly visitor"
            parts.append(f"Of course I remember you. To me you're {impression}.")
        else:
            parts.append("I don't think we've met before today.")
    if _WHERE.search(text):
        parts.append(f"I'm at {ctx.place.split(',')[0] or ctx.home}" + (f", in the {ctx.place.split(',')[1].strip()}."
                                                                          if "," in ctx.place else "."))
    if _NEEDS.search(text) and not _HOW_ARE.search(text):
        parts.append(f"Honestly? I feel {ctx.feeling}." if ctx.feeling != "fine" else "No, I'm fine, thanks.")
    if _HOW_ARE.search(text):
        mood = {"fine": "I'm doing fine", "rested": "I feel well rested"}.get(ctx.feeling, f"I'm a bit {ctx.feeling}")
        parts.append(f"{mood}, thanks for asking. Right now I'm {_doing(ctx)}.")
    if _TOMORROW.search(text):
        work = (f"work at {ctx.workplace} from {hhmm(me.work[0])}" if me.work and ctx.workplace
                else "take it easy")
        parts.append(f"Tomorrow? Probably the usual: I'll {work}.")
    elif _PLANS.search(text) and not _HOW_ARE.search(text):
        later = _plan_lines(ctx, ctx.minute, 2)
        now = f"Right now I'm {_doing(ctx)}."
        parts.append(now + (" Then " + ", and ".join(later) + "." if later else " After that, bed!"))
    if _WORK.search(text) and not _TOMORROW.search(text):
        parts.append(_work_line(ctx))
    if _HOME.search(text) and not _WORK.search(text):
        parts.append(f"I live at {ctx.home}.")
    if _SELF.search(text):
        parts.append(f"I'm {me.name}, {me.age}. {sentence(me.backstory) if me.backstory else ''}".strip())
    if _GOALS.search(text) and me.goals:
        parts.append(f"I'm hoping to {first_person(rng.choice(me.goals))}.")
    if _BYE.search(text):
        parts.append(rng.choice(("Take care!", "See you around!", "Bye now, come by again.")))
    if not parts and warmth > 0:
        parts.append(rng.choice(("That's kind of you to say!", "Oh, thank you!", "You're sweet. Thanks!"))
                     if not thanks else "You're welcome!")
    if not parts:
        parts.append(_small_talk(ctx, rng))
    return ChatAnswer(reply=" ".join(p for p in parts if p), impression=_impression(ctx, warmth), warmth=warmth)


_AGE = re.compile(r"\bhow old\b|\byour age\b", re.IGNORECASE)
_TALKED = re.compile(r"\bwho (did|have) you (talk|talked|speak|spoken|chat|chatted|meet|met)\b|"
                     r"\b(talked|spoken|chatted) (to|with) (anyone|anybody|someone)\b", re.IGNORECASE)
_TALKED_ABOUT = re.compile(r"\bwhat did you and (\w+)(?: \w+)? talk about\b|\bwhat did you talk about with (\w+)",
                           re.IGNORECASE)
_AT_TIME = re.compile(r"\b(?:where|what)\b.*\bat (\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", re.IGNORECASE)
_EVENTS = re.compile(r"\b(part(y|ies)|events?|gatherings?|celebrations?|invited|invitations?|concerts?|hosting|host)\b",
                     re.IGNORECASE)
_WHO_COMES = re.compile(r"\bwho(?:'s| is| are|'re| will| did you| have you)?\b.{0,20}\b(coming|come|invited?|"
                        r"attending|going)\b", re.IGNORECASE)
_HUNGRY_IF = re.compile(r"\bif you (were|are|felt|feel|get|got) (very )?hungry\b", re.IGNORECASE)
_SKIP_WORK = re.compile(r"\b(skip|miss|leave) (your |the )?(work|shift|job)\b", re.IGNORECASE)
_THINKING = re.compile(r"\b(thinking about|on your mind|been thinking|reflect|what have you learned|realised|"
                       r"realized)\b", re.IGNORECASE)
_WHO_WHAT = re.compile(r"^\s*(who|what|where|when)\b", re.IGNORECASE)


def _names(names: list[str]) -> str:
    first = [n.split()[0] for n in names]
    return ", ".join(first[:-1]) + " and " + first[-1] if len(first) > 1 else first[0]


def _guest_list(ctx: ChatContext) -> str:
    """A host on who is coming: the yeses heard face to face, then who has not answered yet."""
    waiting = [n for n in ctx.asked if n not in ctx.coming and n not in ctx.not_coming]
    parts = [f"So far {_names(ctx.coming)} said they'll come." if ctx.coming else "Nobody has said yes yet."]
    if ctx.not_coming:
        parts.append(f"{_names(ctx.not_coming)} can't make it.")
    if waiting:
        parts.append(f"I've also asked {_names(waiting)}.")
    return " ".join(parts)


_INSTEAD = {"restaurant": "cafe", "cafe": "restaurant"}  # where to send someone when the town has none of a kind


def _work_line(ctx: ChatContext) -> str:
    me = ctx.persona
    if me.work and ctx.workplace:
        return f"I work as {with_article(me.occupation)} at {ctx.workplace}, {hhmm(me.work[0])} to {hhmm(me.work[1])}."
    return f"I'm {with_article(me.occupation)}; I don't go to a job."


def _where_to_find(ctx: ChatContext, thing: str) -> str:
    """Where in town to go for `thing` (bread, a book, dinner), with the place's hours; '' if no kind of place
    fits the words (a person or a named place is answered by the other rules)."""
    low = f" {thing.lower()} "
    kind = next((k for k, words in _FOUND_AT.items() if any(f" {w}" in low for w in words)), None)
    if kind is None:
        return ""
    what = thing.strip(" ?.!").removeprefix("some ").removeprefix("a ").removeprefix("an ").removeprefix("the ")
    what = re.sub(rf"\s+(?:in town|in {re.escape(ctx.town)}|around here|nearby|here)$", "", what, flags=re.IGNORECASE)
    lead = f"{what[:1].upper()}{what[1:]}? " if what else ""
    found = _place_for(ctx, kind) or (_place_for(ctx, _INSTEAD[kind]) if kind in _INSTEAD else None)
    if found is None:
        return f"{lead}I'm afraid {ctx.town} has no {kind} yet. Maybe the mayor will build one."
    # No restaurant: the cafe serves meals too.
    instead = f"There's no {kind} in {ctx.town} yet, but " if found[1] != kind else ""
    return lead + _send_to(ctx, *found, instead)


def _place_for(ctx: ChatContext, kind: str) -> tuple[str, str] | None:
    """The place of a kind to send someone to (where I work first, then a place I go to today, then any), with
    its kind; None if the town has none."""
    places = [name for name, k in ctx.places.items() if k == kind]
    if not places:
        return None
    planned = [i.place for i in ctx.plan if i.place in places]
    return (ctx.workplace if ctx.workplace in places else (planned[0] if planned else places[0])), kind


def _send_to(ctx: ChatContext, place: str, kind: str, instead: str = "") -> str:
    """'Try X, open 06:30 to 21:00.', or that it is closed at this hour and when it opens."""
    hours = hours_text(kind)
    when = "" if hours == "always open" else f", open {hours.replace('-', ' to ')}"
    if not is_open(kind, ctx.minute):
        where = f"{place}, where I work," if place == ctx.workplace else place
        return f"{where} is closed at this hour; it opens at {hours.split('-')[0]}."
    if place == ctx.workplace:
        return f"{instead}{'right' if instead else 'Right'} here at {place}, where I work{when}. Come by!"
    return f"{instead}{'try' if instead else 'Try'} {place}{when}."


# A question's kin words, the relations that answer it, and what to say when there are none.
_KIN: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("married", "husband", "wife", "single"), ("husband", "wife", "partner", "spouse", "fianc"),
     "No, I'm not married."),
    (("kid", "child", "son", "daughter"), ("son", "daughter", "child"), "No kids, no."),
    (("parent", "mum", "mom", "dad", "mother", "father"), ("mother", "father", "mum", "dad"), "Not here in town, no."),
    (("sibling", "brother", "sister"), ("brother", "sister"), "Not here in town, no."),
)


def _phrases(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


_TALK_WORDS = frozenset("talk talked chat chatted say said ask asked tell told remember yesterday today "
                        "earlier before about".split())


def _our_talk(ctx: ChatContext) -> str:
    """What the player said before, from the villager's memories of them, matched on the question's words."""
    words = keywords(ctx.text) - _TALK_WORDS
    said = [q for m in ctx.memories if (q := said_by_player(m))]
    said += [text for m in ctx.memories for who, text in talk_with_player(m) if who == "Player"]
    said = list(dict.fromkeys(q for q in said if q and ctx.text not in q))  # not the message being asked now
    if said:
        best = max(said, key=lambda q: len(words & keywords(q)))
        if words and not words & keywords(best):
            return "I don't remember us talking about that."
        return f'You asked me: "{best}"' if best.rstrip().endswith("?") else f'You told me: "{best}"'
    return "We've talked, but I can't recall the details." if ctx.met_before else "I don't think we've talked before."


def _family(ctx: ChatContext) -> list[tuple[str, str]]:
    return [(name.split()[0], bare(rel)) for name, rel, _a in ctx.circle if bond(rel) == "family"]


def _small_question(ctx: ChatContext, rng: random.Random) -> str:
    """The time, family, friends, news, a secret, what they like, their job, food, weather, an offer of help:
    answered from what the villager has and knows; '' for anything else."""
    text, me = ctx.text, ctx.persona
    if _TIME.search(text):
        shift = me.work[0] if me.work and ctx.workplace else -1
        soon = 0 < shift - ctx.minute <= 60
        return f"It's {hhmm(ctx.minute)}." + (f" My shift starts at {hhmm(shift)}, so not long now." if soon else "")
    if not _ASKS.search(text):  # a statement: only hunger or an offer of help gets its answer here
        return _hungry_or_offer(ctx, text)
    asked = _FAMILY_Q.search(text)
    if asked:
        word = asked.group(1).lower()
        kin = next((k for k in _KIN if any(word.startswith(w) for w in k[0])), None)
        family = [(n, r) for n, r in _family(ctx) if kin is None or any(r.startswith(w) for w in kin[1])]
        if not family:
            return kin[2] if kin else "No, it's just me. Friends are my family here."
        return ("Yes, " if len(family) == 1 else "Yes: ") + _phrases([f"{n} is my {r}" for n, r in family]) + "."
    if _FRIENDS_Q.search(text):
        friends = [(n.split()[0], bare(r)) for n, r, _a in ctx.circle if bond(r) == "friend"]
        others = [(n.split()[0], bare(r)) for n, r, a in ctx.circle if bond(r) not in ("family", "friend") and a > 0]
        if friends:
            name, rel = friends[0]
            more = f" I get on well with {_names([n for n, _ in others[:2]])} too." if others else ""
            return f"That would be {name}: {name} is my {rel}.{more}"
        if others:
            return f"I've been getting to know {_names([n for n, _ in others[:2]])}. Good people."
        return f"I'm still getting to know people in {ctx.town}."
    if _NEWS.search(text):
        if ctx.events:
            return f"Have you heard? I'm going to {ctx.events[0]}."
        told = [t for t in reversed(ctx.talked_today) if re.search(r" told | invited |said they want", t)]
        if told:
            name, _, gist = told[0].partition(":")
            return f"I was talking with {name.split()[0]} earlier. {_as_mine(gist.strip(), me.first_name)}"
        if ctx.talked_today:
            name, _, gist = ctx.talked_today[-1].partition(":")
            where = re.search(r" said hello at (.+?) and talked", gist)
            return f"Not much. I had a chat with {name.split()[0]}" + (f" at {where.group(1)}" if where else "") + "."
        seen = next((m for m in ctx.memories if worth_saying(m) and PLAYER not in m.lower()), None)
        return f"Not much. {_recall(seen, me.first_name)}" if seen else f"Quiet day in {ctx.town} so far."
    if _SECRET.search(text) and me.goals:
        return f"Between you and me? I'd love to {first_person(rng.choice(me.goals))}. Don't tell anyone!"
    if _LIKE_JOB.search(text):
        if me.work and ctx.workplace:
            return f"I do, most days. {_work_line(ctx)}"
        return f"I'm {with_article(me.occupation)}, and I like it that way."
    if _LIKES.search(text):
        return f"What do I like? Ask anyone here: {me.lifestyle}."
    if _WEATHER.search(text):
        inside = ctx.places.get(ctx.place.split(",")[0].strip()) not in (None, "park")
        return ("I've been indoors all day, so you tell me!" if inside
                else f"Fine enough to be out at {ctx.place.split(',')[0]}, I'd say.")
    return _hungry_or_offer(ctx, text)


def _hungry_or_offer(ctx: ChatContext, text: str) -> str:
    """Said or asked, hunger gets somewhere to eat and an offer of help a thank-you."""
    if _HUNGRY.search(text):
        # A restaurant, a cafe or a shop: the first open now, else the first and what to do until it opens.
        found = [f for kind in ("restaurant", "cafe", "store") if (f := _place_for(ctx, kind))]
        open_now = [f for f in found if is_open(f[1], ctx.minute)]
        if open_now:
            return _send_to(ctx, *open_now[0])
        return (_send_to(ctx, *found[0]) + " Until then, I'd cook something at home.") if found else \
            "I'd go home and cook something, if I were you."
    if _OFFER.search(text):
        if ctx.workplace:
            return f"That's kind of you! Come by {ctx.workplace} sometime and tell your friends about it."
        return "That's kind of you! Just say hello when you see me around."
    return ""


def _answer_question(ctx: ChatContext, rng: random.Random) -> str:
    """Interview questions answered from the villager's own state: age, today's talks, the plan at a time,
    events they know of, what they would do, what they have been thinking, and who/what from memory."""
    text = ctx.text
    me = ctx.persona
    if _AGE.search(text):
        return f"I'm {me.age}."
    about = _TALKED_ABOUT.search(text)
    if about:
        name = (about.group(1) or about.group(2) or "").lower()
        talk = next((t for t in reversed(ctx.talked_yesterday + ctx.talked_today)
                     if t.split(":")[0].lower().split()[0] == name), None)
        if talk is None:
            return "We haven't really talked lately."
        return f"Last time we talked: {_as_mine(talk.split(':', 1)[1].strip(), ctx.persona.first_name)}"
    if _TALKED.search(text):
        yesterday = "yesterday" in text.lower()
        talks = ctx.talked_yesterday if yesterday else ctx.talked_today
        if not talks:
            return f"Nobody {'yesterday' if yesterday else 'yet today'}, apart from you."
        names = list(dict.fromkeys(t.split(":")[0] for t in talks))
        last = talks[-1].split(":", 1)
        gist = last[1].strip() if len(last) > 1 else ""
        who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return f"{'Yesterday' if yesterday else 'Today'} I talked with {who}." + (
            f" With {last[0].split()[0]}: {gist}" if gist else "")
    at = _AT_TIME.search(text)
    if at:
        hour, mins, suffix = int(at.group(1)), int(at.group(2) or 0), (at.group(3) or "").lower()
        if suffix == "pm" and hour < 12:
            hour += 12
        minute = (hour % 24) * 60 + mins
        item = next((i for i in ctx.plan if i.start <= minute < i.end), None)
        if item is None:
            return f"At {hhmm(minute)}? I haven't planned that far."
        if item.use == "sleep":
            return f"At {hhmm(minute)} I'll be asleep at {item.place or ctx.home}."
        where = place_name(item.place) or ctx.home
        return f"At {hhmm(minute)} I'll be at {where}, {gerund(without_place(item.activity, where))}."
    if _WHO_COMES.search(text) and (ctx.asked or ctx.coming):
        return _guest_list(ctx)
    if _EVENTS.search(text):
        if ctx.events:
            return "Yes! I'm going to " + " and ".join(ctx.events[:2]) + "."
        if ctx.declined:
            return f"I was invited to {ctx.declined[0]}, but I can't make it."
        return "No, I haven't heard of any party. Do you know of one?"
    if _HUNGRY_IF.search(text):
        place = ctx.workplace if ctx.workplace and ctx.places.get(ctx.workplace) in ("cafe", "restaurant") \
            else ctx.home
        return f"I'd go and eat something at {place}." + (" I'm hungry right now, actually." if "hungry" in
                                                          ctx.feeling else "")
    if _SKIP_WORK.search(text):
        if me.work and ctx.workplace:
            return (f"I wouldn't skip my shift at {ctx.workplace}; people count on me. I'd help after "
                    f"{hhmm(me.work[1])}.")
        return "I don't have a job to skip, so yes, I'd have the time."
    found = _FIND.search(text)
    if found:
        answer = _where_to_find(ctx, (found.group("thing") or found.group("kind") or found.group("any") or "").strip())
        if answer:
            return (_work_line(ctx) + " " + answer) if _WORK.search(text) else answer
    if _OUR_TALK.search(text):
        return _our_talk(ctx)
    small = _small_question(ctx, rng)
    if small:
        return small
    if _THINKING.search(text):
        if ctx.reflections:
            return "Lately I've been thinking: " + first_person(ctx.reflections[0], me.name) + "."
        return "Nothing much beyond my day, to be honest."
    own = (_KNOW, _WORK, _HOME, _SELF, _PLANS, _GOALS, _HOW_ARE, _WHERE, _NEEDS, _ABOUT_ME)
    if _WHO_WHAT.search(text) and not any(p.search(text) for p in own):  # the rules below know these
        return _from_memory(ctx)
    return ""


def _as_mine(summary: str, me: str) -> str:
    """A conversation summary retold by one who was in it: 'Rosa said they want' -> 'I said I want'."""
    text = re.sub(rf"\b{me} said they want", "I said I want", summary)
    text = re.sub(rf"\b{me} (asked|told|invited|accepted|declined|was)\b", r"I \1", text)
    text = re.sub(rf"\b{me}'s\b", "my", text)
    return re.sub(rf"\b{me}\b", "me", text)


def _from_memory(ctx: ChatContext) -> str:
    """A who/what/where/when question: the memory that shares most words with it, retold."""
    words = keywords(ctx.text)
    if not words:
        return ""
    best, score = "", 0
    for memory in ctx.memories:
        if not worth_saying(memory) or PLAYER in memory:
            continue
        for fragment in re.split(r"[;:]\s*", memory.rstrip(".")):
            shared = len(words & keywords(fragment))
            if shared > score:
                best, score = fragment, shared
    if score == 0 or score < min(2, len(words)):
        return ""
    told = re.match(r"^(?:At [^,]+, )?(\w+) told (\w+) that (.+)$", best)
    if told:
        return f"{told.group(1)} told me that {told.group(3)}." if told.group(2) == ctx.persona.first_name else \
            f"I heard that {told.group(3)}."
    said = re.match(r"^(?:At [^,]+, )?(\w+) said they want to (.+)$", best)
    if said:
        return f"{said.group(1)} told me they want to {said.group(2)}."
    return "From what I remember: " + first_person(best, ctx.persona.name) + "."


def _place_in(ctx: ChatContext) -> str | None:
    """The town place the player asks about, by name or by kind ('the cafe')."""
    low = ctx.text.lower()
    for name in sorted(ctx.places, key=len, reverse=True):
        if name.lower() in low:
            return name
    for name, kind in ctx.places.items():
        if re.search(rf"\b{re.escape(kind)}\b", low) and (name in (ctx.workplace, ctx.home) or kind != "home"):
            return name if name == ctx.workplace else next(
                (i.place for i in ctx.plan if ctx.places.get(i.place) == kind), name)
    return None


def _about_place(ctx: ChatContext, place: str) -> str:
    """What the villager has to do with a place: work, plans there today, something seen there."""
    if place == ctx.workplace:
        said = f"{place}? That's where I work."
    elif place == ctx.home:
        said = f"{place} is my home."
    else:
        said = f"{place}? Nice place."
    visit = next((i for i in ctx.plan if i.place == place and i.start >= ctx.minute and i.use != "sleep"), None)
    if visit is not None:
        activity = re.sub(rf" (at|in) {re.escape(place)}$", "", visit.activity)
        said += (f" My shift starts at {hhmm(visit.start)}." if visit.use == "work"
                 else f" I'll be there at {hhmm(visit.start)} to {activity}.")
    seen = next((m for m in ctx.memories if place in m and PLAYER not in m.lower()
                 and worth_saying(m)), None)
    if seen is not None:
        said += " " + _recall(seen, ctx.persona.first_name)
    return said


_NOD_LEADS = ("Ha! ", "Mm. ", "Well! ", "")


def _small_talk(ctx: ChatContext, rng: random.Random) -> str:
    """Nothing matched: bring up what the retrieval found, or ask back."""
    words = {w for w in re.findall(r"[a-z']{4,}", ctx.text.lower())} - {"what", "that", "this", "with", "have", "your"}
    useful = [m for m in ctx.memories if worth_saying(m)
              and PLAYER not in m and words & set(re.findall(r"[a-z']{4,}", m.lower()))]
    if useful:
        return rng.choice(("Hmm, that reminds me. ", "Funny you say that. ", "You know what? ")) + _recall(
            useful[0], ctx.persona.first_name)
    said = {line.removeprefix(lead) for _who, line in ctx.history for lead in _NOD_LEADS}
    goals = [g for g in ctx.persona.goals if not any(first_person(g) in line for line in said)]
    later = _plan_lines(ctx, ctx.minute, 1)
    options = [
        *(f"Hmm. Lately I've been trying to {first_person(g)}." for g in goals[:1]),
        f"Right now I'm {_doing(ctx)}." + (f" Then {later[0]}." if later else ""),
        f"What brings you to {ctx.town}?", f"How are you finding {ctx.town}?", "Have you met many people here yet?",
        "I see. Tell me more?",
    ]
    fresh = [o for o in options if o not in said]
    if _NOD.search(ctx.text) or not fresh:  # 'ok', 'lol': a light answer, then something to go on with
        lead = rng.choice(_NOD_LEADS)
        return lead + (rng.choice(fresh) if fresh else f"Anyway, it's nice to chat. I'm {_doing(ctx)}.")
    return fresh[0] if not goals else rng.choice(fresh[:2])


def _impression(ctx: ChatContext, warmth: int) -> str:
    score = ctx.player.affinity + warmth
    if score >= 4:
        return "a good friend"
    if score >= 2:
        return "a friendly visitor"
    if score <= -4:
        return "someone to keep away from"
    if score < 0:
        return "an odd visitor"
    return "a visitor I'm getting to know"


def sleepy_answer() -> ChatAnswer:
    """Asleep villagers mumble and sleep on: they answer sleepily rather than not at all."""
    return ChatAnswer(reply="Mmh… zzz… wha…? I'm asleep… come back in the morning… zzz")
