"""Encodings load offline, from files whose sha256 matches what tiktoken publishes."""

import hashlib
import inspect
import socket

import pytest
from tiktoken_ext import openai_public

from lib import encodings
from lib.encodings import EncodingUnavailable, encoding_files, get_encoding, seed_cache


def test_our_hashes_and_addresses_are_the_ones_tiktoken_publishes():
    for name, file in encoding_files().items():
        source = inspect.getsource(getattr(openai_public, name))
        assert file.sha256 in source and file.blobpath in source


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_bundled_rank_files_match_the_published_hash(name):
    assert hashlib.sha256(encodings.bundled_ranks(name)).hexdigest() == encoding_files()[name].sha256


def test_known_token_ids():
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert get_encoding("o200k_base").encode("hello world") == [24912, 2375]


def test_first_load_on_a_fresh_machine_makes_no_connection(tmp_path, monkeypatch):
    import tiktoken.registry

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert any(tmp_path.iterdir())


def test_a_tampered_bundled_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(encodings, "bundled_ranks", lambda name: b"not the real ranks")
    with pytest.raises(EncodingUnavailable, match="does not match"):
        seed_cache("cl100k_base", tmp_path)


def test_a_tampered_cache_file_is_replaced(tmp_path):
    target = seed_cache("cl100k_base", tmp_path)
    target.write_bytes(b"corrupted")
    assert seed_cache("cl100k_base", tmp_path) == target
    assert hashlib.sha256(target.read_bytes()).hexdigest() == encoding_files()["cl100k_base"].sha256
