"""`analyze` and `convert`: check a fine-tuning file and count its tokens; write it in another provider's format."""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

from lib.catalog.availability import rule_for
from lib.catalog.models import DEFAULT_MODEL, UnknownModel, load_models
from lib.catalog.prices import provider_ids
from lib.cli.common import MAX_JSON_PROBLEMS, CliError, epochs_arg
from lib.dataset import analysis, records
from lib.dataset.doors import door_rules, fit_for_door, load_door_rules
from lib.dataset.formats import WRITABLE, Format
from lib.dataset.reading import UnreadableFile, from_bytes, from_path
from lib.dataset.report import DatasetReport


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


def analyze(args: argparse.Namespace) -> int:
    if args.model is not None and args.model not in load_models():
        raise CliError(str(UnknownModel(args.model)))
    try:
        source = from_path(args.path)
        report = analysis.analyze(source, args.model, epochs=args.epochs, file_name=Path(args.path).name,
                                  provider=args.provider, fast=not args.tiktoken)
    except UnreadableFile as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps(report.to_dict(max_problems=MAX_JSON_PROBLEMS), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
    return 0


def target(text: str) -> tuple[str | None, Format]:
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


def _same_file(first: str, second: str) -> bool:
    try:
        return Path(first).resolve() == Path(second).resolve() or (
            Path(second).exists() and Path(first).samefile(second))
    except OSError:
        return False


def convert(args: argparse.Namespace) -> int:
    provider, target = args.to
    if _same_file(args.path, args.output):
        raise CliError(f"{args.output} is the file being converted: write the converted copy to another file, so "
                       "the dataset is not overwritten.")
    try:
        source = from_path(args.path)
        report = analysis.analyze(source, file_name=Path(args.path).name, door_checks=False)
    except UnreadableFile as error:
        raise CliError(str(error)) from None
    fit = None
    model = getattr(args, "model", None)
    if provider is not None:
        rules = door_rules(provider)
        if model is not None and model not in load_models() and (rules is None or model not in rules.models):
            raise CliError(str(UnknownModel(model)))
        model = model or rule_for(provider).default_model
        if rules is not None:
            target = rules.target_for(report.record_format)
            door = rules.for_model(model)
            fit = partial(fit_for_door, rules=door)
    conversion = records.convert_file(source, report, target, fit=fit)
    if not conversion.records:
        lost = " ".join(conversion.summary()) or "the file has no valid examples."
        raise CliError(f"Nothing to write: {lost}")
    try:
        Path(args.output).write_text(conversion.text(), encoding="utf-8")
    except UnicodeEncodeError as error:
        raise CliError(f"Could not write {args.output}: the text holds {error.object[error.start:error.end]!r}, "
                       "which is not a character UTF-8 can hold.") from None
    except OSError as error:
        raise CliError(f"Could not write {args.output}: {error.strerror or error}.") from None
    print(f"Wrote {len(conversion.records):,} example(s) as {conversion.target_label} to {args.output} "
          f"(from {report.n_valid:,} valid of {report.n_examples:,} in {report.format_note}).")
    for line in conversion.summary():
        print(f"  {line}")
    if provider is not None:
        # a model the door's rules know but the model table does not yet is checked with the door's default
        written = analysis.analyze(from_bytes(conversion.text().encode()), provider=provider,
                                   model=model if model in load_models() else None)
        refused = ", ".join(f"{key} {count:,}" for key, count in written.errors.items())
        # lines of the written file whose example lost something in the conversion
        lossy = {position + 1 for position in conversion.incomplete}
        whole = len(written.valid_lines - lossy)
        print(f"Checked for {written.door_label}: {whole:,} of {written.n_examples:,} example(s) valid and fully "
              "converted"
              + (f" ({len(lossy):,} lost something, said above)" if lossy else "")
              + (f"; still refused: {refused}." if refused else "."))
    return 0


def add_analyze(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="JSONL, JSON array, CSV or TSV file")
    parser.add_argument("--provider", choices=provider_ids(), help="the provider whose rules, limits and tokenizer "
                       "apply (default: the model's provider, else openai)")
    parser.add_argument("--model", help=f"model whose tokenizer and limits apply (default: the provider's default "
                       f"model, {DEFAULT_MODEL} at OpenAI; one of {', '.join(load_models())})")
    parser.add_argument("--epochs", type=epochs_arg, help="epochs to bill (default: the Cookbook's rule)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--tiktoken", action="store_true", help="count with tiktoken, the reference the default "
                        "tokenizer (fastokens) is tested against: the same counts, about half as fast on a large file, "
                        "in about 70 MB less memory")
    parser.set_defaults(run=analyze)


def add_convert(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="JSONL, JSON array, pretty-printed JSON, CSV or TSV file")
    parser.add_argument("--to", required=True, type=target,
                         help="a provider (its preferred format) or a format: "
                         + ", ".join(value.value for value in WRITABLE))
    parser.add_argument("-o", "--output", required=True, help="the file to write (never the input file)")
    parser.add_argument("--model", help="with a provider: the model to train, whose own rules apply (default: the "
                        "provider's default model)")
    parser.set_defaults(run=convert)
