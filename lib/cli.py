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
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from lib import clock
from lib.advice import Advice, advise
from lib.availability import rule_for
from lib.base_prices import base_price
from lib.comparison import CostSettings, PricedOption, training_data
from lib.costs import HOURS_PER_MONTH, TrainingCost, azure_crossover, dollars, inference_usd, rate, training_cost
from lib.dataset.analysis import analyze, convert_file
from lib.dataset.doors import door_rules, load_door_rules
from lib.dataset.formats import WRITABLE, Format
from lib.dataset.reading import UnreadableFile, from_bytes, from_path
from lib.dataset.report import DatasetReport
from lib.dataset.tokens import MAX_CHOSEN_EPOCHS
from lib.decision import Verdict
from lib.files import FileProblem, read_checked
from lib.memory import (
    LOSSES,
    METHODS,
    OPTIMIZERS,
    PRECISIONS,
    Architecture,
    MemoryInputError,
    Setup,
    architecture_from_config,
    architecture_from_params,
    estimate,
    fit_on_card,
    load_open_models,
    open_model,
    params_billions,
)
from lib.models import DEFAULT_MODEL, UnknownModel, load_models
from lib.numbers import NumberError, parse_amount, parse_whole, shown
from lib.pricing import (
    MAX_PRICE,
    Price,
    PriceError,
    load_prices,
    models_priced,
    price_on,
    provider_ids,
    with_overrides,
)
from lib.questionnaire import Answers, AnswersError
from lib.scenario import MAX_ANSWERS_BYTES, answers_from_json
from lib.self_hosted import PROVIDER as SELF_HOSTED
from lib.self_hosted import plan as self_hosted_plan

USAGE_ERROR = 2
MAX_JSON_PROBLEMS = 1000


class CliError(Exception):
    """A user mistake; its message is printed as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("python -m lib").strip()
        hint = f"python -m lib {command} --help" if command else "python -m lib --help"
        raise CliError(f"{message[0].upper()}{message[1:]}. Run '{hint}' for usage.")


def _print_verdict(verdict: Verdict) -> None:
    print(f"Verdict: {verdict.title} ({verdict.id})")
    print(f"  {verdict.summary}")
    if verdict.note:
        print(f"  Note: {verdict.note}")
    for heading, reasons in (("Reasons", verdict.votes), ("Also consider", verdict.advice)):
        if reasons:
            print(f"\n{heading}:")
            for reason in reasons:
                print(f"  - [{reason.rule_id}] {reason.message}")
                print(f"    Next: {reason.next_step}")
    if verdict.missing:
        print("\nUnanswered:")
        for label in verdict.missing:
            print(f"  - {label}")


def _read_answers(path: str) -> Answers:
    try:
        return answers_from_json(read_checked(path, "answers file", limit=MAX_ANSWERS_BYTES + 1))
    except FileProblem as error:
        raise CliError(str(error)) from None
    except AnswersError as error:
        raise CliError(f"{path}: {error}") from None


def _advice(answers: Answers, today: date | None = None, as_of: date | None = None,
            horizon_months: int = 12) -> Advice:
    today = today or clock.today()
    settings = CostSettings(as_of=as_of or today, today=today, horizon_months=horizon_months)
    return advise(answers, training_data(answers, None, None, None, None), settings, load_prices())


def _recommend(args: argparse.Namespace) -> int:
    answers = _read_answers(args.answers)
    verdict = _advice(answers).verdict
    if args.json:
        print(json.dumps(verdict.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_verdict(verdict)
    return 0


def _print_report(report: DatasetReport) -> None:
    print(f"{report.file_name}: {report.format_note}")
    for note in report.notes:
        print(f"  Note: {note}")
    limit = f"{report.training_context:,} tokens" if report.training_context else "not published"
    print(f"Checked for {report.door_label}: model {report.model}, training limit {limit}")
    print(f"Token counts: {report.tokens_basis}")
    print(f"Examples: {report.n_examples:,}, valid: {report.n_valid:,}")
    print(f"Tokens: {report.total_tokens:,} in all, {report.assistant_tokens:,} in assistant replies")
    print(f"Over the training limit: {report.n_over_limit:,} example(s), {report.over_limit_tokens:,} tokens truncated")
    source = "chosen" if report.epochs_chosen else "default rule"
    print(f"Epochs: {report.n_epochs} ({source}); billed training tokens: {report.billed_tokens:,}")
    for title, counts in (("Errors", report.errors), ("Warnings", report.warnings)):
        if counts:
            print(f"{title}: " + ", ".join(f"{key} {count:,}" for key, count in counts.items()))
    for problem in report.problems[:20]:
        where = f"line {problem.line}" if problem.line else "file"
        print(f"  {where}: [{problem.key}] {problem.message}")
    if report.problems_total > 20:
        print(f"  ... and {report.problems_total - 20:,} more (--json lists up to {MAX_JSON_PROBLEMS:,}).")


def _analyze(args: argparse.Namespace) -> int:
    if args.model is not None and args.model not in load_models():
        raise CliError(str(UnknownModel(args.model)))
    try:
        source = from_path(args.path)
        report = analyze(source, args.model, epochs=args.epochs, file_name=Path(args.path).name,
                         provider=args.provider)
    except UnreadableFile as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps(report.to_dict(max_problems=MAX_JSON_PROBLEMS), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
    return 0


def _target(text: str) -> tuple[str | None, Format]:
    """(the door, its preferred format) for a provider id, or (None, the format) for a format id."""
    rules = door_rules(text)
    if rules is not None:
        return text, rules.preferred_format
    try:
        target = Format(text)
    except ValueError:
        target = None
    if target not in WRITABLE:
        choices = ", ".join([*load_door_rules(), *(value.value for value in WRITABLE)])
        raise argparse.ArgumentTypeError(f"unknown target {text!r}; use a provider or a format: {choices}")
    return None, target


def _convert(args: argparse.Namespace) -> int:
    provider, target = args.to
    try:
        source = from_path(args.path)
        report = analyze(source, file_name=Path(args.path).name, door_checks=False)
    except UnreadableFile as error:
        raise CliError(str(error)) from None
    conversion = convert_file(source, report, target)
    if not conversion.records:
        lost = " ".join(conversion.summary()) or "the file has no valid examples."
        raise CliError(f"Nothing to write: {lost}")
    try:
        Path(args.output).write_text(conversion.text(), encoding="utf-8")
    except OSError as error:
        raise CliError(f"Could not write {args.output}: {error.strerror or error}.") from None
    print(f"Wrote {len(conversion.records):,} example(s) as {conversion.target_label} to {args.output} "
          f"(from {report.n_valid:,} valid of {report.n_examples:,} in {report.format_note}).")
    for line in conversion.summary():
        print(f"  {line}")
    if provider is not None:
        written = analyze(from_bytes(conversion.text().encode()), provider=provider)
        refused = ", ".join(f"{key} {count:,}" for key, count in written.errors.items())
        print(f"Checked for {written.door_label}: {written.n_valid:,} of {written.n_examples:,} example(s) valid"
              + (f"; still refused: {refused}." if refused else "."))
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# Bounds for what a person can mean on the command line; anything outside is a slip, said in one sentence.
MAX_TOKENS = 10**15
MAX_HOURS = Decimal(87_600)  # ten years


def _bounded(parse: Callable[..., object], *bounds: object) -> Callable[[str], object]:
    def read(text: str) -> object:
        try:
            return parse(text, "the value", *bounds)
        except NumberError as problem:
            raise argparse.ArgumentTypeError(str(problem).removeprefix("the value ").rstrip(".")) from None
    return read


_count = _bounded(parse_whole, 0, MAX_TOKENS)
_epochs = _bounded(parse_whole, 1, MAX_CHOSEN_EPOCHS)
_price = _bounded(parse_amount, 0, MAX_PRICE)
_hours = _bounded(parse_amount, 0, MAX_HOURS)
_share = _bounded(parse_amount, 0, 1)


def _number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount.quantize(Decimal("0.000001")))


def _price_json(price: Price) -> dict[str, object]:
    return {
        "provider": price.provider, "model": price.model, "kind": price.kind, "method": price.method or None,
        "tier": price.tier or None,
        "training_per_1m": _number(price.training_per_1m), "training_per_hour": _number(price.training_per_hour),
        "training_minimum": _number(price.training_minimum),
        "input_per_1m": _number(price.input_per_1m), "cached_input_per_1m": _number(price.cached_input_per_1m),
        "output_per_1m": _number(price.output_per_1m), "hosting_per_hour": _number(price.hosting_per_hour),
        "storage_per_month": _number(price.storage_per_month), "serving": price.serving,
        "source": price.source, "as_of": price.effective.isoformat(),
        "read_on": price.read_on.isoformat() if price.read_on else None, "confidence": price.confidence,
    }


def _find_price(provider: str, model: str, kind: str, on: date, tier: str | None, overrides: dict,
                method: str | None = None) -> Price:
    rule = rule_for(provider)
    tier = tier or rule.default_tier or None
    params_b = params_billions(model) if rule.open_weight else None
    if rule.open_weight and params_b is None and kind == "fine_tuned":
        known = ", ".join(entry.id for entry in load_open_models())
        raise CliError(f"{provider} prices open-weight models by size; give --model as one of {known}.")
    found = price_on(load_prices(), provider, model, kind, on, tier, method, params_b)
    if found is None and tier and tier == rule.default_tier:
        found = price_on(load_prices(), provider, model, kind, on, None, method, params_b)
    if found is None and kind == "base":
        found = base_price(model, on)
    if found is None and rule.status == "closed" and kind == "fine_tuned":
        raise CliError(f"{rule.label} is closed: {rule.note or rule.source}")
    if found is None:
        if not any(value is not None for value in overrides.values()):
            known = ", ".join(models_priced(load_prices(), provider, kind, on)) or "none"
            raise CliError(f"No {kind.replace('_', '-')} price for {provider} {model} on {on.isoformat()}"
                           f"{f' ({tier} tier)' if tier else ''}; priced then: {known}. Give prices with "
                           "--training-price, --input-price, --output-price and --hosting-price.")
        found = Price(provider, model, kind, on, "prices given on the command line", tier=tier or "")
    try:
        return with_overrides(found, **overrides)
    except PriceError as error:
        raise CliError(str(error)) from None


def _self_hosted_price(args: argparse.Namespace) -> tuple[Price, Decimal | None]:
    hours_hosted = args.hours or Decimal(HOURS_PER_MONTH)
    plan = self_hosted_plan(args.model, args.training_tokens * args.epochs,
                            float(args.output_tokens / hours_hosted), args.as_of)
    if plan is None:
        known = ", ".join(entry.id for entry in load_open_models())
        raise CliError(f"No priced GPU can train {args.model} yourself; give --model as one of {known}, or add a "
                       "GPU price to data/gpus.toml.")
    return plan.price, plan.training_hours


def _cost(args: argparse.Namespace) -> int:
    args.as_of = args.as_of or clock.today()
    overrides = {"training_per_1m": args.training_price, "input_per_1m": args.input_price,
                 "output_per_1m": args.output_price, "hosting_per_hour": args.hosting_price}
    if args.provider == SELF_HOSTED:
        price, estimated_hours = _self_hosted_price(args)
        price = with_overrides(price, **overrides)
    else:
        price = _find_price(args.provider, args.model, args.kind, args.as_of, args.tier, overrides, args.method)
        estimated_hours = None
    training = training_cost(price, args.training_tokens, args.epochs, args.training_hours or estimated_hours)
    if args.training_tokens == 0 and args.training_hours is None:
        training_usd: Decimal | None = Decimal(0)
        training = TrainingCost(training_usd, "no training asked for (give --training-tokens)")
    else:
        training_usd = training.usd
    inference = inference_usd(price, args.input_tokens, args.output_tokens)
    hosting = args.hours * price.hosting_per_hour
    total = None if training_usd is None else training_usd + inference + hosting
    result = {
        "training_usd": _number(training_usd), "inference_usd": _number(inference), "hosting_usd": _number(hosting),
        "total_usd": _number(total), "training_formula": training.formula, "price": _price_json(price),
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"Prices: {price.label}, in force from {price.effective.isoformat()}")
    print(f"  Source: {price.source}")
    print(f"Training:  {dollars(training_usd)}  ({training.formula})")
    print(f"Inference: {dollars(inference)}  ({args.input_tokens:,} input + {args.output_tokens:,} output tokens)")
    print(f"Hosting:   {dollars(hosting)}  ({args.hours} hours x {rate(price.hosting_per_hour)})")
    print(f"Total:     {dollars(total)}")
    return 0


def _breakeven(args: argparse.Namespace) -> int:
    args.as_of = args.as_of or clock.today()
    openai = _find_price("openai", args.model, "fine_tuned", args.as_of, None, {})
    azure = _find_price("azure", args.model, "fine_tuned", args.as_of, args.tier, {})
    crossover = azure_crossover(openai, azure, args.input_share)
    if args.json:
        print(json.dumps({"tokens_per_hour": _number(crossover.value), "reason": crossover.sentence,
                          "input_share": float(args.input_share), "openai_price": _price_json(openai),
                          "azure_price": _price_json(azure)}, indent=2, ensure_ascii=False))
        return 0
    print(crossover.sentence)
    print(f"  OpenAI: {openai.label}, from {openai.effective.isoformat()}: {openai.source}")
    print(f"  Azure:  {azure.label}, from {azure.effective.isoformat()}: {azure.source}")
    return 0


def _option_json(option: PricedOption, months: int) -> dict[str, object]:
    return {
        "id": option.id, "role": option.role, "provider": option.provider, "model": option.model,
        "kind": option.kind, "label": option.label, "availability": option.availability,
        "availability_reason": option.status.sentence if option.status else None,
        "fits": option.fits, "fit_notes": list(option.fit_notes),
        "training_usd": _number(option.training_usd), "project_usd": _number(option.project_usd),
        "monthly_usd": _number(option.monthly.total_usd), "horizon_usd": _number(option.horizon_usd(months)),
        "payback_months": _number(option.payback.value) if option.payback else None,
        "break_even_requests_per_month": (int(option.volume.value) if option.volume and option.volume.value
                                          is not None else None),
        "price": _price_json(option.price),
    }


def _compare(args: argparse.Namespace) -> int:
    answers = _read_answers(args.answers)
    advice = _advice(answers, args.today, args.as_of, args.horizon_months)
    comparison, verdict, route, settings = advice.comparison, advice.verdict, advice.route, advice.comparison.settings
    today = settings.today
    months = settings.horizon_months
    if args.json:
        current = comparison.current
        print(json.dumps({
            "verdict": verdict.id, "reasons": [reason.rule_id for reason in verdict.votes],
            "reason_sentences": [reason.message for reason in verdict.reasons],
            "route": {"provider": route.provider, "model": route.model, "option_id": route.option_id,
                      "sentence": route.sentence},
            "baseline": _option_json(current, months) if current else None,
            "options": [_option_json(option, months) for option in comparison.options],
            "today": today.isoformat(), "as_of": settings.as_of.isoformat(), "horizon_months": months,
            "gaps": list(comparison.gaps),
        }, indent=2, ensure_ascii=False))
        return 0
    print(f"Verdict: {verdict.title} ({verdict.id})")
    print(f"Route: {route.sentence}")
    print(f"\nOptions at {comparison.traffic.requests_per_month:,} requests a month, prices of "
          f"{settings.as_of.isoformat()}, over {months} months:")
    for option in comparison.options:
        horizon = option.horizon_usd(months)
        project = f", project {dollars(option.project_usd)}" if option.project_usd else ""
        print(f"  {option.label}: {option.availability}{'' if option.fits else ', does not fit'}; training "
              f"{dollars(option.training_usd)}{project}, {dollars(option.monthly.total_usd)} a month, "
              f"{dollars(horizon)} over {months} months")
    for gap in comparison.gaps:
        print(f"  Note: {gap}")
    return 0


def _params(text: str) -> int:
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


def _memory(args: argparse.Namespace) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m lib", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    recommend = commands.add_parser("recommend", help="verdict and reasons for a saved answers file")
    recommend.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    recommend.add_argument("--json", action="store_true", help="print JSON instead of text")
    recommend.set_defaults(run=_recommend)

    check = commands.add_parser("analyze", help="validate a fine-tuning dataset and count its tokens")
    check.add_argument("path", help="JSONL, JSON array, CSV or TSV file")
    check.add_argument("--provider", choices=provider_ids(), help="the door whose rules, limits and tokenizer "
                       "apply (default: the model's provider, else openai)")
    check.add_argument("--model", help=f"model whose tokenizer and limits apply (default: the door's default "
                       f"model, {DEFAULT_MODEL} at OpenAI; one of {', '.join(load_models())})")
    check.add_argument("--epochs", type=_epochs, help="epochs to bill (default: the Cookbook's rule)")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.set_defaults(run=_analyze)

    convert = commands.add_parser("convert", help="write a dataset in the format another door takes")
    convert.add_argument("path", help="JSONL, JSON array, pretty-printed JSON, CSV or TSV file")
    convert.add_argument("--to", required=True, type=_target, help="a provider (its preferred format) or a format: "
                         + ", ".join(value.value for value in WRITABLE))
    convert.add_argument("-o", "--output", required=True, help="the file to write")
    convert.set_defaults(run=_convert)

    cost = commands.add_parser("cost", help="training, inference and hosting cost at dated prices")
    cost.add_argument("--model", default=DEFAULT_MODEL, help=f"model id (default {DEFAULT_MODEL})")
    cost.add_argument("--provider", choices=provider_ids(), default="openai")
    cost.add_argument("--kind", choices=("fine_tuned", "base"), default="fine_tuned")
    cost.add_argument("--tier", help="the provider's tier, as in data/prices.toml (Azure: global, standard, "
                      "data_zone, developer; default: the provider's default tier)")
    cost.add_argument("--method", choices=("lora", "full"), help="how the weights are trained (default: the "
                      "cheaper the provider offers)")
    cost.add_argument("--as-of", type=_date, help="use prices in force on this date (default today)")
    cost.add_argument("--training-tokens", type=_count, default=0, help="tokens per epoch")
    cost.add_argument("--epochs", type=_epochs, default=1, help=f"passes over the data, 1 to {MAX_CHOSEN_EPOCHS}")
    cost.add_argument("--training-hours", type=_hours, help="compute hours, for hourly training billing")
    cost.add_argument("--input-tokens", type=_count, default=0, help="input tokens in the period")
    cost.add_argument("--output-tokens", type=_count, default=0, help="output tokens in the period")
    cost.add_argument("--hours", type=_hours, default=Decimal(0), help="hours the deployment is hosted")
    cost.add_argument("--training-price", type=_price, help="USD per 1M training tokens (overrides the table)")
    cost.add_argument("--input-price", type=_price, help="USD per 1M input tokens")
    cost.add_argument("--output-price", type=_price, help="USD per 1M output tokens")
    cost.add_argument("--hosting-price", type=_price, help="USD per hosting hour")
    cost.add_argument("--json", action="store_true", help="print JSON instead of text")
    cost.set_defaults(run=_cost)

    breakeven = commands.add_parser("breakeven", help="tokens per hour where Azure beats OpenAI for a fine-tuned model")
    breakeven.add_argument("--model", default=DEFAULT_MODEL)
    breakeven.add_argument("--as-of", type=_date, help="use prices in force on this date (default today)")
    breakeven.add_argument("--tier", help="Azure tier (default: its default tier)")
    breakeven.add_argument("--input-share", type=_share, default=Decimal("0.5"),
                           help="share of tokens that are input (default 0.5)")
    breakeven.add_argument("--json", action="store_true", help="print JSON instead of text")
    breakeven.set_defaults(run=_breakeven)

    comparison = commands.add_parser("compare", help="every fine-tuning door priced against the current model")
    comparison.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    comparison.add_argument("--today", type=_date, help="judge availability on this date (default today)")
    comparison.add_argument("--as-of", type=_date, help="use prices in force on this date (default: --today)")
    comparison.add_argument("--horizon-months", type=_bounded(parse_whole, 1, 120), default=12,
                            help="months the training cost is spread over (default 12)")
    comparison.add_argument("--json", action="store_true", help="print JSON instead of text")
    comparison.set_defaults(run=_compare)

    memory = commands.add_parser("memory", help="GPU memory to fine-tune an open-weight model yourself")
    memory.add_argument("--config", help="a Hugging Face config.json: the model's real shape")
    memory.add_argument("--params", type=_params, help="parameter count, for example 7e9 (a typical shape is "
                        "assumed, and said)")
    memory.add_argument("--model", help="a model from data/open_models.toml (gives layers and hidden size)")
    memory.add_argument("--loss", choices=LOSSES, default="full_logits", help="full_logits: Hugging Face Trainer; "
                        "chunked: torchtune or Unsloth, which never hold the full logits")
    memory.add_argument("--gpu-gib", type=_bounded(parse_amount, 1, 10_000), help="your card's memory in GiB: "
                        "says whether the run fits, with its headroom and the longest sequence that fits")
    memory.add_argument("--method", choices=METHODS, default="lora")
    memory.add_argument("--precision", choices=PRECISIONS, default="bf16")
    memory.add_argument("--optimizer", choices=OPTIMIZERS, default="adamw")
    memory.add_argument("--zero", type=int, choices=(0, 1, 2, 3), default=0, help="DeepSpeed ZeRO stage")
    memory.add_argument("--gpus", type=_bounded(parse_whole, 1, 100_000), default=1)
    memory.add_argument("--seq-len", type=_bounded(parse_whole, 1, 10_000_000), default=2048)
    memory.add_argument("--batch", type=_bounded(parse_whole, 1, 100_000), default=1, help="micro-batch size per GPU")
    memory.add_argument("--rank", type=_bounded(parse_whole, 1, 65_536), default=16, help="LoRA rank")
    memory.add_argument("--targets", default="q,v", help="LoRA target matrices, from q,k,v,o,gate,up,down")
    memory.add_argument("--no-checkpointing", action="store_true", help="keep all activations")
    memory.add_argument("--no-flash-attention", action="store_true", help="eager attention: stores the scores")
    memory.add_argument("--json", action="store_true", help="print JSON instead of text")
    memory.set_defaults(run=_memory)
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
