"""Fine-Tune Advisor on the command line: the same engine as the app, for scripts and quick checks.

Examples:

  Get a verdict for a saved scenario (download it from the app, or write it by hand):
    python -m lib recommend --answers data/samples/demo_answers.json
    python -m lib recommend --answers answers.json --json

  Validate a fine-tuning file and count its tokens exactly (offline):
    python -m lib analyze data/samples/recipes.jsonl
    python -m lib analyze train.jsonl --model gpt-4.1-mini --epochs 2 --json
    python -m lib analyze train.jsonl --provider bedrock --json      # Bedrock's rules and tokenizer estimate

  Convert a file to the format a door takes, and see what could not be carried over:
    python -m lib convert train.jsonl --to vertex -o train_vertex.jsonl

  Cost of a fine-tuning job and of running it (prices from data/prices.toml, or your own):
    python -m lib cost --model gpt-3.5-turbo --as-of 2023-11-06 --training-tokens 100000 --epochs 3
    python -m lib cost --provider azure --model o4-mini --hours 720 --input-tokens 20000000 --output-tokens 40000000

  Price rows read more than 90 days ago (time to check them again), and your own price file beside the catalog:
    python -m lib prices --stale --today 2027-03-01
    python -m lib cost --provider azure --model gpt-4.1-mini --prices our_prices.csv --training-tokens 1000000

  Tokens per hour above which Azure's hosted fine-tuned model beats OpenAI's:
    python -m lib breakeven --model gpt-3.5-turbo --as-of 2023-11-06 --input-share 0.5

  GPU memory of fine-tuning an open-weight model yourself (GiB per GPU), and whether it fits your card:
    python -m lib memory --params 7.5e9 --method full --zero 3 --gpus 64
    python -m lib memory --model llama-65b --method qlora --rank 64 --targets q,k,v,o,gate,up,down
    python -m lib memory --config config.json --method qlora --gpu-gib 24 --json

Every mistake is reported as one sentence on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from lib.cli.common import USAGE_ERROR, CliError, Parser

# Each command: (the module that runs it, the function that adds its arguments, its one-line help). Only the
# chosen command's module is imported, so `--help` and a mistyped command answer at once.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "recommend": ("lib.cli.advice", "add_recommend", "verdict and reasons for a saved answers file"),
    "analyze": ("lib.cli.dataset", "add_analyze", "validate a fine-tuning dataset and count its tokens"),
    "convert": ("lib.cli.dataset", "add_convert", "write a dataset in the format another provider takes"),
    "cost": ("lib.cli.prices", "add_cost", "training, inference and hosting cost at dated prices"),
    "breakeven": ("lib.cli.prices", "add_breakeven", "tokens per hour where Azure beats OpenAI for a fine-tuned model"),
    "compare": ("lib.cli.advice", "add_compare", "every way to run the product priced, fine-tuned or not"),
    "prices": ("lib.cli.prices", "add_listing", "the price catalog's rows; --stale: those read long ago"),
    "memory": ("lib.cli.memory", "add_memory", "GPU memory to fine-tune an open-weight model yourself"),
}


def _chosen(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with the arguments of the command named in `argv` only: the others show their help line."""
    parser = Parser(prog="python -m lib", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    chosen = _chosen(argv)
    for name, (module, adder, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if name == chosen:
            getattr(importlib.import_module(module), adder)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    for stream in (sys.stdout, sys.stderr):
        # a terminal that cannot show "•" or an accent must not turn a report into a traceback
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        args = parser.parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader (`head`, a closed pager) stopped listening; say nothing more to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
