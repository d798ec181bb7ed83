"""The data never leaves the machine: the guard works, and the CLI runs under it from a fresh cache."""

import os
import socket
import subprocess
import sys

import pytest

from tests.conftest import NETWORK_GUARD, ROOT, SAMPLES
from tests.network_guard.network_guard_core import NetworkBlocked


def guarded_env(tmp_path):
    return {**os.environ, "PYTHONPATH": str(NETWORK_GUARD), "NETWORK_GUARD_LOG": str(tmp_path / "network.log"),
            "TIKTOKEN_CACHE_DIR": str(tmp_path / "fresh-cache")}


def test_this_test_process_cannot_reach_out():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.com", 443)


def test_the_guard_catches_and_records_a_child_process_reaching_out(tmp_path):
    code = ("import urllib.request\n"
            "try:\n urllib.request.urlopen('http://example.com', timeout=2)\n"
            "except Exception:\n pass")
    subprocess.run([sys.executable, "-c", code], env=guarded_env(tmp_path), check=True, timeout=30)
    assert "example.com" in (tmp_path / "network.log").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", str(SAMPLES / "recipes.jsonl"), "--json"],
        ["analyze", str(SAMPLES / "recipes.jsonl"), "--model", "gpt-3.5-turbo"],
        ["recommend", "--answers", str(SAMPLES / "demo_answers.json")],
        ["cost", "--model", "gpt-3.5-turbo", "--as-of", "2023-11-06", "--training-tokens", "100000", "--epochs", "3"],
        ["breakeven", "--model", "gpt-4.1-mini"],
        ["memory", "--model", "llama-65b", "--method", "qlora"],
    ],
)
def test_every_cli_command_runs_offline_from_a_fresh_tokenizer_cache(tmp_path, args):
    result = subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, env=guarded_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "network.log").exists()
