"""Times `analyze` against a plain Cookbook-style loop on a generated chat JSONL, and measures memory.

    .venv/bin/python bench/bench_analyze.py            # 50 MB file
    .venv/bin/python bench/bench_analyze.py --mb 5     # quicker

Each measurement runs in a fresh process; memory is the growth of peak RSS over the same process
after imports and the encoding are loaded, so it counts what the analysis itself holds.
Goals: `analyze` at most 0.40x the Cookbook loop's time (aim 0.30x) and peak memory (the process's whole resident
set while it analyses) under 200 MB; each figure is printed beside its target, for the CLI's `analyze` (fastokens,
counting on one thread) and for `analyze --tiktoken` (tiktoken, the reference, on two threads: what the app counts
with). CPU seconds are
printed too: on a shared machine they move less than wall time. `--profile` adds where `analyze --tiktoken` spends its
time, by part (tokenizing, personal data, duplicates and door rules, parsing). The "floor" lines are the least time
any analysis can take here (parse, then tokenize the distinct texts on both cores: in two threads of one process, and
in two processes, each with half the file), for judging what is left.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "recipes.jsonl"


def _vocabulary() -> tuple[str, list[str]]:
    """The sample dataset's system prompt and words, so generated text is as varied as real recipes."""
    examples = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    system = examples[0]["messages"][0]["content"]
    words = [word for example in examples for message in example["messages"][1:]
             for word in message["content"].split()]
    return system, words


def generate(path: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    system, words = _vocabulary()
    target = int(megabytes * 1_000_000)
    written = 0
    count = 0
    with path.open("w", encoding="utf-8") as file:
        while written < target:
            user = " ".join(rng.choices(words, k=rng.randint(8, 40))) + "?"
            reply = "\n".join(" ".join(rng.choices(words, k=rng.randint(6, 18))) + "."
                              for _ in range(rng.randint(4, 30)))
            messages = [{"role": "system", "content": system}, {"role": "user", "content": user},
                        {"role": "assistant", "content": reply}]
            line = json.dumps({"messages": messages}) + "\n"
            file.write(line)
            written += len(line.encode())
            count += 1
    return count


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _start_measuring() -> int:
    """Reset the peak-RSS mark (Linux) so loading the encoding does not hide the analysis's own peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def _peak_kb() -> int:
    return _status_kb("VmHWM")


def run_cookbook(path: str) -> None:
    """The Cookbook's loop: json.loads each line, then encode each string field of each message."""
    from lib.catalog.encodings import get_encoding

    encoding = get_encoding("o200k_base")
    baseline = _start_measuring()
    start = time.perf_counter()
    total = 0
    with open(path, encoding="utf-8") as file:
        dataset = [json.loads(line) for line in file]
    for example in dataset:
        for message in example["messages"]:
            total += 3
            for value in message.values():
                total += len(encoding.encode(value))
        total += 3
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_growth_mb": (_peak_kb() - baseline) / 1024, "tokens": total}))


def run_analyze(path: str, fast: bool = False) -> None:
    from lib.dataset.analysis import analyze
    from lib.dataset.reading import from_path
    from lib.dataset.tokenizer import tokenizer_for

    tokenizer_for("gpt-4o-mini", fast)  # what the CLI (fast) or the app loads before analysing
    baseline = _start_measuring()
    start, cpu = time.perf_counter(), time.process_time()
    report = analyze(from_path(path), "gpt-4o-mini", fast=fast)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "cpu_seconds": time.process_time() - cpu,
                      "peak_growth_mb": (_peak_kb() - baseline) / 1024, "peak_mb": _peak_kb() / 1024,
                      "tokens": report.total_tokens, "examples": report.n_examples}))


PARTS = {"tokenizing": ("tokenizer.py", "tokens.py", "chat.py"), "personal data": ("pii.py",),
         "duplicates and door rules": ("doors.py", "validation.py", "checking.py"),
         "parsing": ("reading.py", "records.py", "formats", "json")}


def run_profile(path: str) -> None:
    """Where analyze's own time goes: each function's self time, summed by part (one thread is profiled, so the
    tokenizing on the worker thread shows only as the wait for it)."""
    import cProfile
    import pstats

    from lib.dataset.analysis import analyze
    from lib.dataset.reading import from_path
    from lib.dataset.tokenizer import tokenizer_for

    tokenizer_for("gpt-4o-mini")
    profile = cProfile.Profile()
    profile.runcall(analyze, from_path(path), "gpt-4o-mini")
    totals = dict.fromkeys([*PARTS, "other"], 0.0)
    for (filename, _, function), (_, _, self_time, _, _) in pstats.Stats(profile).stats.items():
        part = next((name for name, files in PARTS.items() if any(f in filename or f in function for f in files)),
                    "other")
        totals[part] += self_time
    print(json.dumps({"seconds": 0, "tokens": 0, "parts": totals}))


def run_floor(path: str) -> None:
    """What no analysis can beat here: one JSON parse of every line, then the distinct texts tokenized once,
    split across both cores (tiktoken releases the GIL while it encodes)."""
    from concurrent.futures import ThreadPoolExecutor

    from lib.dataset.tokenizer import tokenizer_for

    tokenizer = tokenizer_for("gpt-4o-mini")
    baseline = _start_measuring()
    start = time.perf_counter()
    with open(path, encoding="utf-8") as file:
        dataset = [json.loads(line) for line in file]
    parsed = time.perf_counter() - start
    texts = list({value for example in dataset for message in example["messages"] for value in message.values()})
    chunks = [texts[index:index + 512] for index in range(0, len(texts), 512)]
    with ThreadPoolExecutor(2) as pool:
        sum(sum(counts) for counts in pool.map(tokenizer.counts, chunks))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "parse_seconds": parsed, "peak_growth_mb": (_peak_kb() - baseline) / 1024,
                      "tokens": 0}))


def _halves(path: str) -> list[tuple[int, int]]:
    """Two byte ranges of the file, split at the line ending nearest its middle."""
    size = Path(path).stat().st_size
    with open(path, "rb") as file:
        file.seek(size // 2)
        middle = size // 2 + len(file.readline())
    return [(0, middle), (middle, size)]


def _parse_and_count(path: str, start: int, end: int) -> int:
    from lib.dataset.tokenizer import tokenizer_for

    with open(path, "rb") as file:
        file.seek(start)
        dataset = [json.loads(line) for line in file.read(end - start).splitlines()]
    texts = list({value for example in dataset for message in example["messages"] for value in message.values()})
    return sum(tokenizer_for("gpt-4o-mini").counts(texts))


def run_floor_processes(path: str) -> None:
    """The floor again with no GIL shared: each half of the file parsed and its distinct texts tokenized in its
    own process (forked, so the loaded encoding comes along)."""
    import multiprocessing

    from lib.dataset.tokenizer import tokenizer_for

    tokenizer_for("gpt-4o-mini")
    baseline = _start_measuring()
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.starmap(_parse_and_count, [(path, *part) for part in _halves(path)])
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_growth_mb": (_peak_kb() - baseline) / 1024, "tokens": 0}))


def measure(mode: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the generated file in MB (default 50)")
    parser.add_argument("--profile", action="store_true", help="also show where analyze spends its time, by part")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        {"cookbook": run_cookbook, "analyze": run_analyze, "analyze_fast": lambda path: run_analyze(path, True),
         "floor": run_floor,
         "floor_processes": run_floor_processes, "profile": run_profile}[args.child[0]](args.child[1])
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        examples = generate(path, args.mb)
        size_mb = path.stat().st_size / 1_000_000
        print(f"file: {size_mb:.1f} MB, {examples:,} chat examples")
        cookbook = measure("cookbook", path)
        ours = measure("analyze_fast", path)
        reference = measure("analyze", path)
        floor = measure("floor", path)
        floor_processes = measure("floor_processes", path)
        assert cookbook["tokens"] == ours["tokens"] == reference["tokens"], "token totals differ"
        print(f"cookbook loop     : {cookbook['seconds']:6.2f} s, "
              f"peak memory growth {cookbook['peak_growth_mb']:.1f} MB")
        for name, result in (("analyze          ", ours), ("analyze --tiktoken", reference)):
            ratio = result["seconds"] / cookbook["seconds"]
            print(f"{name}: {result['seconds']:6.2f} s ({result['cpu_seconds']:.2f} s CPU), {ratio:.2f}x the cookbook "
                  f"loop (target at most {RATIO_TARGET:.2f}x: {_verdict(ratio <= RATIO_TARGET)}; aim {RATIO_AIM:.2f}x: "
                  f"{_verdict(ratio <= RATIO_AIM)}), peak memory {result['peak_mb']:.0f} MB (target under "
                  f"{PEAK_TARGET_MB} MB: {_verdict(result['peak_mb'] < PEAK_TARGET_MB)}), growth "
                  f"{result['peak_growth_mb']:.1f} MB")
        print(f"floor             : {floor['seconds']:6.2f} s (parse {floor['parse_seconds']:.2f} s, then the distinct "
              "texts tokenized with tiktoken on two threads, nothing checked)")
        print(f"floor, 2 procs    : {floor_processes['seconds']:6.2f} s (each half of the file parsed and its distinct "
              "texts tokenized in a process of its own)")
        print(f"floor / cookbook: {floor['seconds'] / cookbook['seconds']:.2f}x (threads), "
              f"{floor_processes['seconds'] / cookbook['seconds']:.2f}x (processes); same token total "
              f"({ours['tokens']:,}) from all three")
        if args.profile:
            parts = measure("profile", path)["parts"]
            print("analyze by part (self time, main thread): " + ", ".join(
                f"{name} {seconds:.2f} s ({seconds / size_mb * 50:.2f} s per 50 MB)"
                for name, seconds in parts.items()))


RATIO_TARGET, RATIO_AIM, PEAK_TARGET_MB = 0.40, 0.30, 200


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    main()
