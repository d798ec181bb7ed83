"""One interface for every tokenizer the app counts with: which one a model uses, whether its counts are exact,
and the fast way to count many texts.

Every door's model names an encoding in data/models.toml. OpenAI's and Azure's models use theirs exactly, Llama
3.x and Qwen models their makers' own files (see lib/catalog/encodings.py). Other doors' tokenizers (Gemini's,
Nova's, Claude's) are not available offline, so their texts are counted with the named encoding as an estimate;
`exact` is then False and `basis` says so in a sentence the page and the JSON show.

Counting speed: tiktoken counts a batch of texts joined with the end-of-text token in one call that runs without
the GIL (see `Tokenizer.counts`). On request (`fast`), fastokens counts a batch in one call instead, with
tiktoken's ids (tests compare them on a varied corpus) at several times its speed, for every encoding it builds
(data/encodings.toml, `fast`), at more memory (see `from_encoding`); a process counting with it never loads
tiktoken's tables or numpy as well.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass, field

import tiktoken

from lib.catalog.chat_formats import chat_formats
from lib.catalog.encodings import (
    FastEncoder,
    ToolOverheads,
    chat_format_name,
    encoding_files,
    fast_encoder,
    get_encoding,
    normalization,
    separator,
    tool_overheads,
)
from lib.catalog.models import ModelFacts, model_facts
from lib.dataset.chat import ChatRendering

# tiktoken's pretokenizer regex overflows its stack on a long run of whitespace (about 1M spaces with
# o200k_base, fewer when spaces and tabs mix) and panics, which Python sees as a BaseException.
# Runs this long are cut into pieces of PIECE characters and the pieces' counts added. BPE merges a
# run from its left end in power-of-two blocks, so for a run of plain spaces the sum equals one call
# (tested); runs mixing other whitespace can differ by under 1% and are reported as approximate.
# The last piece keeps more than PIECE spaces before what ends the run: the spaces just before a newline, a
# tab or a word merge with the blocks to their left before they merge with it, so a short last piece (15
# spaces and a newline) became one token where one call gives two (a block of 79 spaces, then the newline).
LONG_RUN = 8192
PIECE = 1536
_LONG_WHITESPACE = re.compile(rf"\s{{{LONG_RUN},}}")
_SPACES = re.compile(r" +")
_SPACE_STRETCH = re.compile(rf" {{{PIECE + 1},}}")


def _pieces(text: str) -> tuple[list[str], bool]:
    """The text cut inside its long whitespace runs, and whether the count of the pieces is exact."""
    pieces, start, exact = [], 0, True
    for run in _LONG_WHITESPACE.finditer(text):
        # cuts are measured from where the plain spaces begin, where BPE's blocks begin
        spaces = _SPACE_STRETCH.search(run.group())
        cut = run.start() + (spaces.start() if spaces else 0) + PIECE
        while cut + PIECE < run.end() - 1:
            pieces.append(text[start:cut])
            start, cut = cut, cut + PIECE
        # exact when every cut falls inside plain spaces; what follows the last cut is counted whole
        exact &= spaces is not None and bool(_SPACES.fullmatch(text[run.start() + spaces.start():start + 1]))
    pieces.append(text[start:])
    return pieces, exact


def has_long_whitespace(text: str) -> bool:
    return len(text) >= LONG_RUN and _LONG_WHITESPACE.search(text) is not None


def count_exactly(text: str) -> bool:
    """False when a long whitespace run makes the count of `text` approximate."""
    return not has_long_whitespace(text) or _pieces(text)[1]


@dataclass(frozen=True)
class Tokenizer:
    """Counts text the way one model's tokenizer does (or estimates it, when `exact` is False)."""

    name: str  # the encoding's, in data/encodings.toml
    tools: ToolOverheads
    chat: ChatRendering
    exact: bool = True
    basis: str = ""
    nfc: bool = False  # the tokenizer NFC-normalizes text first (Qwen's)
    separator: str = "<|endoftext|>"
    fast: FastEncoder | None = field(default=None, repr=False)  # fastokens' encoder, when asked for and available

    @property
    def encoding(self) -> tiktoken.Encoding:
        """tiktoken's encoder: the reference the counts are tested against, and the counter unless fastokens is.
        Built on first use, so a process counting with fastokens never holds tiktoken's tables as well."""
        return get_encoding(self.name)

    @property
    def fast_path(self) -> bool:
        """Whether many texts are counted in one native call (see `counts`)."""
        return self.fast is not None or self.separator in self.encoding.special_tokens_set

    def _lengths(self, texts: list[str]) -> list[int]:
        """Each text's token count as ordinary text; may raise what the encoder raises."""
        if self.fast is not None:
            return _fast_lengths(self.fast, texts)
        return [len(self.encoding.encode_ordinary(text)) for text in texts]

    def count(self, text: str) -> tuple[int, bool]:
        """(tokens, exact) for any text, however long its whitespace runs; never raises from the tokenizer."""
        if self.nfc and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        pieces, exact = _pieces(text) if has_long_whitespace(text) else ([text], True)
        total = 0
        for piece in pieces:
            try:
                total += self._lengths([piece])[0]
            except BaseException as error:  # noqa: BLE001 - tiktoken's Rust panic is a BaseException
                if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                    raise
                # about 4 characters a token in English text; said as approximate where it is used
                total += max(1, len(piece) // 4)
                exact = False
        return total, exact

    def counts_one_by_one(self, texts: list[str]) -> list[int]:
        return [self.count(text)[0] for text in texts]

    def counts(self, texts: list[str]) -> list[int]:
        """Token counts of many texts, each encoded as ordinary text on its own, in one native call.

        With fastokens, its batch call gives each text's count directly. With tiktoken, the texts are joined with
        the end-of-text special token, which the encoder never merges across (it encodes the pieces between
        allowed special tokens independently), encoded in one call of tiktoken's public `encode_to_numpy` that runs
        without the GIL, and the counts read off between the separators. Texts with a very long blank run go to
        `count`, one by one; tests check every path agrees with one tiktoken call per text.
        """
        if self.nfc:
            texts = [text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
                     for text in texts]
        long_runs = [index for index, text in enumerate(texts) if has_long_whitespace(text)]
        if long_runs:
            skipped = set(long_runs)
            counts = self._batch([text for index, text in enumerate(texts) if index not in skipped])
            for index in long_runs:
                counts.insert(index, self.count(texts[index])[0])
            return counts
        return self._batch(texts)

    def _batch(self, texts: list[str]) -> list[int]:
        if self.fast is not None:
            try:
                return _fast_lengths(self.fast, texts)
            except Exception:  # noqa: BLE001 - whatever fastokens refuses is counted text by text
                return self.counts_one_by_one(texts)
        encoding = self.encoding
        if self.separator not in encoding.special_tokens_set or any(self.separator in text for text in texts):
            return self.counts_one_by_one(texts)
        import numpy as np  # imported here: a process counting with fastokens does without its 15 MB

        try:
            ids = encoding.encode_to_numpy(self.separator.join(texts), allowed_special={self.separator},
                                           disallowed_special=())
        except (UnicodeEncodeError, ValueError, TypeError):
            return self.counts_one_by_one(texts)
        bounds = np.concatenate(([-1], np.flatnonzero(ids == encoding.encode_single_token(self.separator)),
                                 [len(ids)]))
        lengths = (np.diff(bounds) - 1).tolist()
        return lengths if len(lengths) == len(texts) else self.counts_one_by_one(texts)


def _fast_lengths(encoder: FastEncoder, texts: list[str]) -> list[int]:
    """Each text's count from one fastokens batch call, which returns where each text's ids end."""
    try:
        _, ends = encoder.encode_batch_flat(texts, split_special_tokens=True)
    except UnicodeEncodeError:  # a lone surrogate: replaced first, as tiktoken's encode_ordinary does
        texts = [text.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for text in texts]
        _, ends = encoder.encode_batch_flat(texts, split_special_tokens=True)
    offsets = array("Q", ends)  # len(texts) + 1 little-endian uint64s
    if sys.byteorder == "big":
        offsets.byteswap()
    return [end - start for start, end in zip(offsets[:-1], offsets[1:], strict=True)]


def from_encoding(name: str, exact: bool = True, basis: str = "", fast: bool = False) -> Tokenizer:
    """The tokenizer of encoding `name`: tiktoken, or with `fast` fastokens where it builds the file.

    fastokens counts several times faster with the same ids, but its tables take about 95 MB where tiktoken's take
    75 MB, and it builds about 60 MB more for each thread that calls it, so it is for one large file in one thread
    (the CLI's `analyze`), not for a server running each session in a thread of its own."""
    encoder = fast_encoder(name) if fast else None
    if encoder is None:
        get_encoding(name)  # a missing or altered file is said now, not at the first count
    chat = ChatRendering(chat_formats()[chat_format_name(name)], list(encoding_files()[name].special_tokens))
    return Tokenizer(name, tool_overheads(name), chat, exact, basis or f"exact: counted with {name}",
                     normalization(name) == "NFC", separator(name), encoder)


def basis_for(facts: ModelFacts) -> str:
    """A sentence for a non-expert; the encoding's name goes in hover help and the JSON's `encoding`."""
    chat = chat_formats()[chat_format_name(facts.encoding)]
    if facts.tokens_exact and chat.templated:
        return f"exact: counted with the tokenizer {facts.label} is billed by, and its chat template"
    if facts.tokens_exact:
        return f"exact: counted with the tokenizer {facts.label} is billed by"
    return (f"estimate: {facts.label}'s own tokenizer is not available offline, so its text is counted with "
            "OpenAI's tokenizer instead; the provider's bill may differ")


def tokenizer_for(model_id: str, fast: bool = False) -> Tokenizer:
    """The tokenizer a model is billed by, or the estimate standing in for it (`fast`: see `from_encoding`)."""
    facts = model_facts(model_id)
    return from_encoding(facts.encoding, facts.tokens_exact, basis_for(facts), fast)
