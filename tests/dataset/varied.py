"""A varied generated dataset file, for comparing whole reports before and after a change to the pass.

It holds, on purpose, everything the pass treats differently: plain chats, repeated system prompts, duplicates,
blank lines, bad JSON, a lone surrogate, NaN, names, tool calls and definitions, image parts, wrong roles, empty
replies, personal data (emails, phones, card numbers, dates that are not phones), long blank runs, text in many
scripts, code, and a literal end-of-text token. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random

WORDS = ("soup tomato bake oven minutes salt pepper garlic onion stir simmer boil roast cup spoon fork knife "
         "naïve café Ωμέγα Привет 日本語 中文 한국어 🎉 é\u0301 1/2 3.5 (2) 10-15 x2 -- ... 2024-01-31").split()
SYSTEMS = ["You are a chef.", "You are a helpful assistant that answers briefly.", "Réponds en français."]
PII = ["mail me at ana.lopez@example.com", "call +1 (415) 555-0133 today", "card 4111 1111 1111 1111 ok",
       "order 4111-1111-1111-1112 is not a card", "on 2024-01-31 and 12/31/2023", "ring 020 7946 0958",
       "id A12345678901", "x@y", "tel 555 01", "(212) 555-7788", "+44 20 7946 0958"]


def _text(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), rng.choice(PII))
    if rng.random() < 0.03:
        words.append("\n    def f(x):\n        return x * 2\n")
    return " ".join(words)


def _plain(rng: random.Random) -> dict:
    messages = [{"role": "system", "content": rng.choice(SYSTEMS)}] if rng.random() < 0.8 else []
    for _ in range(rng.choice((1, 1, 1, 2))):
        messages += [{"role": "user", "content": _text(rng, 3, 25)},
                     {"role": "assistant", "content": _text(rng, 5, 60)}]
    return {"messages": messages}


def _odd(rng: random.Random, index: int) -> object:
    """One of the shapes that take the full checks."""
    user = {"role": "user", "content": _text(rng, 3, 10)}
    reply = {"role": "assistant", "content": _text(rng, 3, 10)}
    choices = [
        {"messages": [user, {**reply, "name": "chef"}]},
        {"messages": [user, {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": '{"q": "soup"}'}}]},
                      {"role": "tool", "content": "found", "tool_call_id": "c1"}, reply],
         "tools": [{"type": "function", "function": {"name": "lookup", "description": "Find a recipe.",
                                                      "parameters": {"type": "object", "properties": {
                                                          "q": {"type": "string", "description": "words"},
                                                          "kind": {"type": "string", "enum": ["a", "b"]}}}}}]},
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                   {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]},
                      reply]},
        {"messages": [user]},
        {"messages": [user, {"role": "assistant", "content": ""}]},
        {"messages": [{"role": "chef", "content": "hi"}, reply]},
        {"messages": [user, reply], "weight": 1},
        {"prompt": "Soup?", "completion": " Tomato."},
        {"messages": [user, {"role": "assistant", "content": "a" + " " * 9000 + "b"}]},
        {"messages": [user, {"role": "assistant", "content": "a" + " \t" * 5000 + "b"}]},
        {"messages": [user, {"role": "assistant", "content": "say <|endoftext|> and <|im_start|> " + str(index)}]},
        {"messages": [user, {"role": "assistant", "content": "nul \x00 inside 555 123 4567"}]},
        [1, 2, 3],
        "just a string",
    ]
    return rng.choice(choices)


def varied_lines(n: int = 3000, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    lines: list[str] = []
    for index in range(n):
        roll = rng.random()
        if roll < 0.02 and lines:
            lines.append(rng.choice(lines))  # an exact duplicate
        elif roll < 0.03:
            lines.append(rng.choice(["", "   ", '{"messages": [', "{bad json}", '{"messages": NaN}',
                                     '{"messages": [{"role": "user", "content": "\\ud800"}]}']))
        elif roll < 0.10:
            lines.append(json.dumps(_odd(rng, index), ensure_ascii=rng.random() < 0.5))
        else:
            lines.append(json.dumps(_plain(rng), ensure_ascii=rng.random() < 0.5))
    return lines


def varied_file(n: int = 3000, seed: int = 3) -> bytes:
    return ("\n".join(varied_lines(n, seed)) + "\n").encode("utf-8")
