"""`memory`: GPU memory of fine-tuning an open-weight model yourself, and whether it fits a card."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from lib.cli.common import CliError, bounded
from lib.files import FileProblem, read_checked
from lib.numbers import NumberError, parse_amount, parse_whole, shown
from lib.selfhost.configs import architecture_from_config
from lib.selfhost.memory import LOSSES, METHODS, OPTIMIZERS, PRECISIONS, Setup, estimate, fit_on_card
from lib.selfhost.shapes import (
    Architecture,
    MemoryInputError,
    architecture_from_params,
    load_open_models,
    open_model,
)


def params(text: str) -> int:
    """A parameter count as people write it (7e9, 7,000,000,000), through the shared parser and its bounds."""
    try:
        return int(parse_amount(text, "the value", 1, Decimal("1e13")))
    except NumberError as problem:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a plausible number of parameters (for example "
                                         f"7e9): {str(problem).removeprefix('the value ').rstrip('.')}") from None


def _architecture(args: argparse.Namespace) -> tuple[Architecture, str]:
    """The model's shape, and where it came from (said in the output)."""
    if args.config:
        try:
            config = json.loads(read_checked(args.config, "config.json", limit=1_000_001))
        except FileProblem as error:
            raise CliError(str(error)) from None
        except (ValueError, RecursionError):
            raise CliError(f"{args.config} is not a JSON file like a Hugging Face config.json.") from None
        return architecture_from_config(config), f"shape from {Path(args.config).name}"
    if args.model:
        architecture = open_model(args.model).architecture
        if args.params:
            architecture = replace(architecture, params=args.params)
        return architecture, f"shape of {args.model} from data/open_models.toml"
    if args.params:
        return architecture_from_params(args.params), ("estimated from the parameter count alone, with a typical "
                                                        "Llama-style shape; give --config for the real one")
    raise CliError("Give --config config.json, --model ID (one of "
                   f"{', '.join(model.id for model in load_open_models())}) or --params N.")


def memory(args: argparse.Namespace) -> int:
    try:
        architecture, shape_source = _architecture(args)
        setup = Setup(method=args.method, precision=args.precision, optimizer=args.optimizer, rank=args.rank,
                      targets=tuple(t.strip() for t in args.targets.split(",") if t.strip()), seq_len=args.seq_len,
                      micro_batch=args.batch, checkpointing=not args.no_checkpointing,
                      flash_attention=not args.no_flash_attention, zero_stage=args.zero, gpus=args.gpus,
                      loss=args.loss)
        result = estimate(setup, architecture)
        fit = fit_on_card(setup, architecture, float(args.gpu_gib)) if args.gpu_gib is not None else None
    except MemoryInputError as error:
        raise CliError(str(error)) from None
    data: dict[str, object] = {
        "model_states_gb": round(result.model_states_gb, 3), "weights_gb": round(result.weights_gb, 3),
        "gradients_gb": round(result.gradients_gb, 3), "optimizer_gb": round(result.optimizer_gb, 3),
        "activations_gb": round(result.activations_gb, 3), "total_gb": round(result.total_gb, 3),
        "total_gib": round(result.gib(result.total_gb), 3), "allocated_gib": round(result.gib(result.allocated_gb), 3),
        "weights_gib": round(result.gib(result.weights_gb), 3),
        "activations_gib": round(result.gib(result.activations_gb), 3),
        "logits_gib": round(result.gib(result.logits_gb), 3), "overhead_gib": round(result.gib(result.overhead_gb), 3),
        "trainable_params": result.trainable_params, "trainable_share": result.trainable_share,
        "params": architecture.params, "shape_source": shape_source,
    }
    if fit is not None:
        data["card"] = {"gib": fit.card_gib, "fits": fit.fits, "headroom_gib": round(fit.headroom_gib, 3),
                        "largest_seq_len": fit.largest_seq_len, "largest_batch": fit.largest_batch,
                        "advice": list(fit.advice)}
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"Per GPU ({args.gpus} GPU{'s' if args.gpus > 1 else ''}, ZeRO stage {args.zero}), in GiB ({shape_source}):")
    print(f"  weights {data['weights_gib']:,.2f}, activations {data['activations_gib']:,.2f}, logits and loss "
          f"{data['logits_gib']:,.2f}: {data['allocated_gib']:,.2f} of live tensors")
    print(f"  plus {data['overhead_gib']:,.2f} for the CUDA context and the allocator's reserve: "
          f"{data['total_gib']:,.2f} GiB in all")
    print(f"Trainable parameters: {result.trainable_params:,} ({result.trainable_share:.4%} of "
          f"{architecture.params:,})")
    if fit is not None:
        verdict = (f"fits, with {fit.headroom_gib:,.1f} GiB to spare" if fit.fits else
                   f"does not fit: {-fit.headroom_gib:,.1f} GiB short")
        print(f"On a {fit.card_gib:g} GiB card it {verdict}. At this batch, sequences up to {fit.largest_seq_len:,} "
              f"tokens fit; at this length, micro-batches up to {fit.largest_batch:,}.")
        for step in fit.advice:
            print(f"  To fit: {step}.")
    return 0


def add_memory(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="a Hugging Face config.json: the model's real shape")
    parser.add_argument("--params", type=params,
                        help="parameter count, for example 7e9 (a typical shape is assumed, and said)")
    parser.add_argument("--model", help="a model from data/open_models.toml (gives layers and hidden size)")
    parser.add_argument("--loss", choices=LOSSES, default="full_logits", help="full_logits: Hugging Face Trainer; "
                        "chunked: torchtune or Unsloth, which never hold the full logits")
    parser.add_argument("--gpu-gib", type=bounded(parse_amount, 1, 10_000), help="your card's memory in GiB: "
                        "says whether the run fits, with its headroom and the longest sequence that fits")
    parser.add_argument("--method", choices=METHODS, default="lora")
    parser.add_argument("--precision", choices=PRECISIONS, default="bf16")
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    parser.add_argument("--zero", type=int, choices=(0, 1, 2, 3), default=0, help="DeepSpeed ZeRO stage")
    parser.add_argument("--gpus", type=bounded(parse_whole, 1, 100_000), default=1)
    parser.add_argument("--seq-len", type=bounded(parse_whole, 1, 10_000_000), default=2048)
    parser.add_argument("--batch", type=bounded(parse_whole, 1, 100_000), default=1, help="micro-batch size per GPU")
    parser.add_argument("--rank", type=bounded(parse_whole, 1, 65_536), default=16, help="LoRA rank")
    parser.add_argument("--targets", default="q,v", help="LoRA target matrices, from q,k,v,o,gate,up,down")
    parser.add_argument("--no-checkpointing", action="store_true", help="keep all activations")
    parser.add_argument("--no-flash-attention", action="store_true", help="eager attention: stores the scores")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=memory)
