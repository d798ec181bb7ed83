"""Each door's own rules for a training file (data/dataset_rules.toml), checked on every example read as chat.

The checks give stable keys, like the Cookbook's, so the page, the JSON and the tests can name them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from lib.dataset.formats import LABELS, Format
from lib.dataset.formats.base import MEDIA_PARTS, Chat, media_of, media_url, messages_of, text_of
from lib.dataset.validation import Finding
from lib.paths import data_file


@dataclass(frozen=True)
class ModelRules:
    """What one model at a door takes beyond the door's rules (Nova 2 Lite's reasoning, its tool-use gap)."""

    record_tokens: int = 0  # the most tokens one record may hold (0: not published)
    tools: bool | None = None  # None: as the door
    reasoning: bool | None = None
    media: tuple[str, ...] | None = None
    min_examples: int | None = None
    source: str = ""
    read_on: str = ""
    confidence: str = ""


@dataclass(frozen=True)
class DoorRules:
    provider: str
    formats: tuple[Format, ...]
    roles: tuple[str, ...]
    system_first_only: bool
    first_turn: str
    last_turn: str
    alternate: bool
    tools: bool
    images: bool
    reserved_words: tuple[str, ...]
    min_examples: int
    max_examples: int
    source: str
    read_on: str
    confidence: str
    media: tuple[str, ...] = ("image",)  # the media kinds (image, video, document) it trains on
    reasoning: bool = False  # whether assistants' reasoning (reasoning_content) is taken
    mixed_media: bool = True  # whether one file may hold both images and videos
    max_videos_per_record: int = 0  # 0: no limit found
    image_urls: tuple[str, ...] = ()  # how an image's url must start (Fireworks: base64 data only); () = any
    max_images_per_record: int = 0  # 0: no limit found
    media_roles: tuple[str, ...] = ()  # the roles whose messages may hold media; () = any
    max_media_examples: int = 0  # the most examples holding media, when lower than max_examples (0: none)
    schema_version: str = ""  # the schemaVersion its records carry ("" = none)
    tool_turn: str = ""  # the turn a tool's reply belongs to ("user" in Bedrock and Vertex), "" = its own turn
    preference: bool = False  # whether it trains on preference pairs as pairs
    weight_roles: tuple[str, ...] = ("assistant",)  # the roles whose messages may carry a weight
    models: dict[str, ModelRules] = field(default_factory=dict)

    @property
    def preferred_format(self) -> Format:
        return self.formats[0]

    def target_for(self, kind: Format) -> Format:
        """The format to convert a file of `kind` to: preference pairs stay pairs where the door trains on them."""
        return Format.PREFERENCE if kind == Format.PREFERENCE and self.preference else self.preferred_format

    def for_model(self, model: str) -> DoorRules:
        """The door's rules with what `model` changes (tools, reasoning)."""
        facts = self.models.get(model)
        if facts is None:
            return self
        return replace(self, tools=self.tools if facts.tools is None else facts.tools,
                       reasoning=self.reasoning if facts.reasoning is None else facts.reasoning,
                       media=self.media if facts.media is None else facts.media,
                       min_examples=self.min_examples if facts.min_examples is None else facts.min_examples)

    def takes(self, kind: Format) -> bool:
        return kind in self.formats


@cache
def load_door_rules(path: Path | None = None) -> dict[str, DoorRules]:
    with (path or data_file("dataset_rules.toml")).open("rb") as file:
        rows = tomllib.load(file)["doors"]
    rules = {}
    for row in rows:
        row = {**row, "formats": tuple(Format(value) for value in row["formats"]), "roles": tuple(row["roles"]),
               "reserved_words": tuple(row["reserved_words"]), "media": tuple(row.get("media", ("image",))),
               "image_urls": tuple(row.get("image_urls", ())), "media_roles": tuple(row.get("media_roles", ())),
               "weight_roles": tuple(row.get("weight_roles", ("assistant",))),
               "models": {model: _model_rules(facts) for model, facts in row.get("models", {}).items()}}
        rules[row["provider"]] = DoorRules(**row)
    return rules


def _model_rules(facts: dict) -> ModelRules:
    return ModelRules(**{**facts, **({"media": tuple(facts["media"])} if "media" in facts else {})})


def door_rules(provider: str) -> DoorRules | None:
    return load_door_rules().get(provider)


def _turns(example: dict, tool_turn: str = "") -> list[str]:
    """The conversation's turns after any leading system message. Tool replies are left out, or, where the door
    carries them in a turn of their own role (Bedrock's toolResult, Vertex's functionResponse, in a user turn),
    read as that turn, together with any text that follows them in it."""
    roles = [str(message.get("role")) for message in messages_of(example)]
    while roles and roles[0] == "system":
        roles = roles[1:]
    if not tool_turn:
        return [role for role in roles if role != "tool"]
    turns: list[str] = []
    open_reply = False  # the last turn holds tool replies, and text of its role may follow in it
    for role in roles:
        if role == "tool" or (role == tool_turn and open_reply):
            if not open_reply:
                turns.append(tool_turn)
            open_reply = role == "tool"
            continue
        turns.append(role)
        open_reply = False
    return turns


def _parts(message: dict) -> list[dict]:
    content = message.get("content")
    return [part for part in content if isinstance(part, dict)] if isinstance(content, list) else []


def _takes(part: dict, rules: DoorRules) -> bool:
    """Whether the door trains on this content part (text always; media of its kinds, from sources it reads)."""
    kind = MEDIA_PARTS.get(str(part.get("type")))
    if kind is None:
        return True
    if kind not in rules.media or (kind == "image" and not rules.images):
        return False
    return not (kind == "image" and rules.image_urls and not media_url(part).startswith(rules.image_urls))


def _media_findings(messages: list[dict], rules: DoorRules, label: str) -> list[Finding]:
    kinds = [kind for message in messages for kind in media_of(message.get("content"))]
    findings = []
    refused = sorted({kind for kind in kinds if kind not in rules.media or (kind == "image" and not rules.images)})
    if refused:
        findings.append(Finding("door_media", f"{label} does not train on {' or '.join(k + 's' for k in refused)} "
                                "in this format."))
    if rules.image_urls and any(not media_url(part).startswith(rules.image_urls) for message in messages
                                for part in _parts(message) if part.get("type") == "image_url"):
        findings.append(Finding("door_image_source", f"{label} takes images only as "
                                f"{' or '.join(prefix.rstrip(';') for prefix in rules.image_urls)} data "
                                "(base64 with its MIME type), not as an address."))
    if rules.max_images_per_record and kinds.count("image") > rules.max_images_per_record:
        findings.append(Finding("door_images_per_record", f"{label} takes at most {rules.max_images_per_record} "
                                f"images in one example; this one has {kinds.count('image')}."))
    elsewhere = sorted({str(message.get("role")) for message in messages if media_of(message.get("content"))
                        and message.get("role") not in rules.media_roles})
    if rules.media_roles and elsewhere:
        findings.append(Finding("door_media_role", f"{label} takes images, video and documents only in "
                                f"{' or '.join(rules.media_roles)} messages, not {', '.join(elsewhere)}."))
    videos = kinds.count("video")
    if rules.max_videos_per_record and videos > rules.max_videos_per_record:
        findings.append(Finding("door_videos_per_record", f"{label} takes at most {rules.max_videos_per_record} "
                                f"video(s) in one record; this one has {videos}."))
    if not rules.mixed_media and {"image", "video"} <= set(kinds):
        findings.append(Finding("door_mixed_media", f"{label} does not take images and videos in one dataset; "
                                "this record holds both."))
    return findings


def check_for_door(example: object, rules: DoorRules, label: str, chat_checks: bool = True) -> list[Finding]:
    """What `label`'s door refuses in this example (errors) or ignores (warnings)."""
    if not isinstance(example, dict):
        return []
    messages = messages_of(example)
    findings: list[Finding] = []
    if rules.schema_version and "schema_version" in example and not isinstance(example["schema_version"], str):
        findings.append(Finding("door_schema_version", f"{label} wants each record to carry \"schemaVersion\": "
                                f"\"{rules.schema_version}\"; this one has none."))
    if not chat_checks:
        return findings
    roles = [message.get("role") for message in messages]
    refused = sorted({str(role) for role in roles if role not in rules.roles})
    if refused:
        findings.append(Finding("door_role", f"{label} does not take the role(s) {', '.join(refused)}; it takes "
                                f"{', '.join(rules.roles)}."))
    if rules.system_first_only and "system" in roles[1:]:
        findings.append(Finding("door_system_position", f"{label} takes a system message only at the start."))
    turns = _turns(example, rules.tool_turn)
    if rules.first_turn and turns and turns[0] != rules.first_turn:
        findings.append(Finding("door_first_turn", f"{label} wants the conversation to start with a "
                                f"{rules.first_turn} message, not {turns[0]}."))
    if rules.last_turn and turns and turns[-1] != rules.last_turn:
        findings.append(Finding("door_last_turn", f"{label} wants the conversation to end with a "
                                f"{rules.last_turn} message, not {turns[-1]}."))
    if rules.alternate and any(first == second for first, second in zip(turns, turns[1:], strict=False)):
        findings.append(Finding("door_alternate", f"{label} wants user and assistant turns to alternate; this "
                                "example has two in a row."))
    if not rules.tools and (example.get("tools") or any(m.get("tool_calls") or m.get("function_call")
                                                        for m in messages)):
        findings.append(Finding("door_tools", f"{label} does not train on tool definitions or tool calls."))
    findings += _media_findings(messages, rules, label)
    if not rules.reasoning and any("reasoning_content" in message for message in messages):
        findings.append(Finding("door_reasoning", f"{label} does not train on assistants' reasoning "
                                "(reasoning_content / reasoningContent) with this model."))
    findings += reserved_words(messages, rules, label)
    weighted = sorted({str(message.get("role")) for message in messages
                       if "weight" in message and message.get("role") not in rules.weight_roles})
    if weighted and Format.CHAT in rules.formats:
        findings.append(Finding("door_weight_role", f"{label} takes a 'weight' only on "
                                f"{' or '.join(rules.weight_roles)} messages, not on {', '.join(weighted)}."))
    if any("weight" in message for message in messages) and Format.CHAT not in rules.formats:
        findings.append(Finding("door_weight_ignored", f"{label} has no per-message weight; it will be left out.",
                                is_error=False))
    return findings


def fit_for_door(chat: Chat, rules: DoorRules) -> tuple[Chat, list[str]]:
    """The example as the door can take it: media kinds and reasoning it does not train on taken out, and said."""
    lost: list[str] = []
    messages = []
    for message in messages_of(chat):
        content = message.get("content")
        if isinstance(content, list):
            kept = [part for part in content if not isinstance(part, dict) or _takes(part, rules)]
            if len(kept) < len(content):
                lost += [f"{MEDIA_PARTS[part['type']]}s this provider cannot read (of a kind it does not train on, or "
                         "not given as it wants them)" for part in _parts(message) if not _takes(part, rules)]
                message = {**message, "content": kept or ""}
        if "reasoning_content" in message and not rules.reasoning:
            lost.append("assistants' reasoning (this provider does not train on it)")
            message = {key: value for key, value in message.items() if key != "reasoning_content"}
        messages.append(message)
    return ({**chat, "messages": messages} if lost else chat), list(dict.fromkeys(lost))


def reserved_words(messages: list[dict], rules: DoorRules, label: str) -> list[Finding]:
    """The first word the door reserves that a prompt (any message but the assistant's) contains."""
    for word in rules.reserved_words:
        if any(word in (text_of(m.get("content")) or "") for m in messages if m.get("role") != "assistant"):
            return [Finding("door_reserved_word", f"{label} refuses prompts containing {word!r}; reword it.")]
    return []


def check_file_for_door(kind: Format, n_valid: int, rules: DoorRules, label: str, media_examples: int = 0,
                        media_kinds: frozenset[str] = frozenset()) -> list[Finding]:
    """Whole-file findings: the format the door takes, how many examples it allows, and its media mixing."""
    findings = []
    if kind not in rules.formats and kind != Format.UNKNOWN_JSONL:
        wanted = " or ".join(LABELS.get(value, value.value) for value in rules.formats)
        findings.append(Finding("door_format", f"{label} takes {wanted}, not {LABELS.get(kind, kind.value)}: "
                                "download it converted below before uploading.", is_error=False))
    if n_valid < max(rules.min_examples, 1):
        findings.append(Finding("too_few_examples", f"{n_valid:,} valid example(s); {label} needs at least "
                                f"{max(rules.min_examples, 1):,}."))
    if rules.max_examples and n_valid > rules.max_examples:
        findings.append(Finding("door_too_many_examples", f"{label} takes at most {rules.max_examples:,} examples; "
                                f"this file has {n_valid:,} valid ones."))
    if rules.max_media_examples and media_examples > rules.max_media_examples:
        findings.append(Finding("door_too_many_media_examples", f"{label} takes at most "
                                f"{rules.max_media_examples:,} examples holding images, video or documents; this "
                                f"file has {media_examples:,}."))
    if not rules.mixed_media and {"image", "video"} <= media_kinds:
        findings.append(Finding("door_mixed_media", f"{label} does not take images and videos in one dataset: "
                                "keep the examples of one kind."))
    return findings
