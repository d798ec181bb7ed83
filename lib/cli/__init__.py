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
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal

from lib.catalog.models import DEFAULT_MODEL, load_models
from lib.catalog.prices import provider_ids
from lib.cli import advice as advice_commands
from lib.cli import dataset as dataset_commands
from lib.cli import memory as memory_commands
from lib.cli import prices as price_commands
from lib.cli.common import (
    USAGE_ERROR,
    CliError,
    Parser,
    bounded,
    count_arg,
    epochs_arg,
    hours_arg,
    parse_date,
    price_arg,
    share_arg,
)
from lib.dataset.formats import WRITABLE
from lib.dataset.tokens import MAX_CHOSEN_EPOCHS
from lib.numbers import parse_amount, parse_whole
from lib.selfhost.memory import LOSSES, METHODS, OPTIMIZERS, PRECISIONS


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m lib", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    recommend = commands.add_parser("recommend", help="verdict and reasons for a saved answers file")
    recommend.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    recommend.add_argument("--json", action="store_true", help="print JSON instead of text")
    recommend.set_defaults(run=advice_commands.recommend)

    check = commands.add_parser("analyze", help="validate a fine-tuning dataset and count its tokens")
    check.add_argument("path", help="JSONL, JSON array, CSV or TSV file")
    check.add_argument("--provider", choices=provider_ids(), help="the door whose rules, limits and tokenizer "
                       "apply (default: the model's provider, else openai)")
    check.add_argument("--model", help=f"model whose tokenizer and limits apply (default: the door's default "
                       f"model, {DEFAULT_MODEL} at OpenAI; one of {', '.join(load_models())})")
    check.add_argument("--epochs", type=epochs_arg, help="epochs to bill (default: the Cookbook's rule)")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.set_defaults(run=dataset_commands.analyze)

    convert = commands.add_parser("convert", help="write a dataset in the format another door takes")
    convert.add_argument("path", help="JSONL, JSON array, pretty-printed JSON, CSV or TSV file")
    convert.add_argument("--to", required=True, type=dataset_commands.target,
                         help="a provider (its preferred format) or a format: "
                         + ", ".join(value.value for value in WRITABLE))
    convert.add_argument("-o", "--output", required=True, help="the file to write (never the input file)")
    convert.add_argument("--model", help="with a provider: the model to train, whose own rules apply (default: the "
                         "door's default model)")
    convert.set_defaults(run=dataset_commands.convert)

    cost = commands.add_parser("cost", help="training, inference and hosting cost at dated prices")
    cost.add_argument("--model", default=DEFAULT_MODEL, help=f"model id (default {DEFAULT_MODEL})")
    cost.add_argument("--provider", choices=provider_ids(), default="openai")
    cost.add_argument("--kind", choices=("fine_tuned", "base"), default="fine_tuned")
    cost.add_argument("--tier", help="the provider's tier, as in data/prices.toml (Azure: global, standard, "
                      "data_zone, developer; default: the provider's default tier)")
    cost.add_argument("--method", choices=("lora", "full"), help="how the weights are trained (default: the "
                      "cheaper the provider offers)")
    cost.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default today)")
    cost.add_argument("--training-tokens", type=count_arg, default=0, help="tokens per epoch")
    cost.add_argument("--epochs", type=epochs_arg, default=1, help=f"passes over the data, 1 to {MAX_CHOSEN_EPOCHS}")
    cost.add_argument("--training-hours", type=hours_arg, help="compute hours, for hourly training billing")
    cost.add_argument("--input-tokens", type=count_arg, default=0, help="input tokens in the period")
    cost.add_argument("--output-tokens", type=count_arg, default=0, help="output tokens in the period")
    cost.add_argument("--hours", type=hours_arg, default=Decimal(0), help="hours the deployment is hosted")
    cost.add_argument("--training-price", type=price_arg, help="USD per 1M training tokens (overrides the table)")
    cost.add_argument("--input-price", type=price_arg, help="USD per 1M input tokens")
    cost.add_argument("--output-price", type=price_arg, help="USD per 1M output tokens")
    cost.add_argument("--hosting-price", type=price_arg, help="USD per hosting hour")
    cost.add_argument("--json", action="store_true", help="print JSON instead of text")
    cost.set_defaults(run=price_commands.cost)

    breakeven = commands.add_parser("breakeven", help="tokens per hour where Azure beats OpenAI for a fine-tuned model")
    breakeven.add_argument("--model", default=DEFAULT_MODEL)
    breakeven.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default today)")
    breakeven.add_argument("--tier", help="Azure tier (default: its default tier)")
    breakeven.add_argument("--input-share", type=share_arg, default=Decimal("0.5"),
                           help="share of tokens that are input (default 0.5)")
    breakeven.add_argument("--json", action="store_true", help="print JSON instead of text")
    breakeven.set_defaults(run=price_commands.breakeven)

    comparison = commands.add_parser("compare", help="every fine-tuning door priced against the current model")
    comparison.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    comparison.add_argument("--today", type=parse_date, help="judge availability on this date (default today)")
    comparison.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default: --today)")
    comparison.add_argument("--horizon-months", type=bounded(parse_whole, 1, 120), default=12,
                            help="months the training cost is spread over (default 12)")
    comparison.add_argument("--json", action="store_true", help="print JSON instead of text")
    comparison.set_defaults(run=advice_commands.compare)

    memory = commands.add_parser("memory", help="GPU memory to fine-tune an open-weight model yourself")
    memory.add_argument("--config", help="a Hugging Face config.json: the model's real shape")
    memory.add_argument("--params", type=memory_commands.params,
                        help="parameter count, for example 7e9 (a typical shape is assumed, and said)")
    memory.add_argument("--model", help="a model from data/open_models.toml (gives layers and hidden size)")
    memory.add_argument("--loss", choices=LOSSES, default="full_logits", help="full_logits: Hugging Face Trainer; "
                        "chunked: torchtune or Unsloth, which never hold the full logits")
    memory.add_argument("--gpu-gib", type=bounded(parse_amount, 1, 10_000), help="your card's memory in GiB: "
                        "says whether the run fits, with its headroom and the longest sequence that fits")
    memory.add_argument("--method", choices=METHODS, default="lora")
    memory.add_argument("--precision", choices=PRECISIONS, default="bf16")
    memory.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    memory.add_argument("--zero", type=int, choices=(0, 1, 2, 3), default=0, help="DeepSpeed ZeRO stage")
    memory.add_argument("--gpus", type=bounded(parse_whole, 1, 100_000), default=1)
    memory.add_argument("--seq-len", type=bounded(parse_whole, 1, 10_000_000), default=2048)
    memory.add_argument("--batch", type=bounded(parse_whole, 1, 100_000), default=1, help="micro-batch size per GPU")
    memory.add_argument("--rank", type=bounded(parse_whole, 1, 65_536), default=16, help="LoRA rank")
    memory.add_argument("--targets", default="q,v", help="LoRA target matrices, from q,k,v,o,gate,up,down")
    memory.add_argument("--no-checkpointing", action="store_true", help="keep all activations")
    memory.add_argument("--no-flash-attention", action="store_true", help="eager attention: stores the scores")
    memory.add_argument("--json", action="store_true", help="print JSON instead of text")
    memory.set_defaults(run=memory_commands.memory)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
