"""Fine-Tune Advisor on the command line: the same engine as the app, for scripts and quick checks.

Examples:

  Get a verdict for a saved scenario (download it from the app, or write it by hand):
    python -m lib recommend --answers data/samples/demo_answers.json
    python -m lib recommend --answers answers.json --json

  Validate a fine-tuning file and count its tokens exactly (offline):
    python -m lib analyze data/samples/recipes.jsonl
    python -m lib analyze train.jsonl --model gpt-4.1-mini --epochs 2 --json

Every mistake is reported as one sentence on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lib.dataset.analysis import DatasetReport, analyze
from lib.dataset.reading import UnreadableFile, from_path
from lib.decision import Verdict, evaluate
from lib.models import DEFAULT_MODEL, UnknownModel, load_models
from lib.questionnaire import AnswersError
from lib.scenario import answers_from_json

USAGE_ERROR = 2
MAX_JSON_PROBLEMS = 1000


class CliError(Exception):
    """A user mistake; its message is printed as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("python -m lib").strip()
        hint = f"python -m lib {command} --help" if command else "python -m lib --help"
        raise CliError(f"{message[0].upper()}{message[1:]}. Run '{hint}' for usage.")


def _read_bytes(path: str, what: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise CliError(f"No such {what}: {path}")
    if file.is_dir():
        raise CliError(f"{path} is a folder, not a {what}.")
    try:
        return file.read_bytes()
    except OSError as error:
        raise CliError(f"Cannot read {path}: {error.strerror}.") from None


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


def _recommend(args: argparse.Namespace) -> int:
    raw = _read_bytes(args.answers, "answers file")
    try:
        answers = answers_from_json(raw)
    except AnswersError as error:
        raise CliError(f"{args.answers}: {error}") from None
    verdict = evaluate(answers)
    if args.json:
        print(json.dumps(verdict.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_verdict(verdict)
    return 0


def _print_report(report: DatasetReport) -> None:
    print(f"{report.file_name}: {report.format_note}")
    for note in report.notes:
        print(f"  Note: {note}")
    print(f"Model {report.model} (encoding {report.encoding}, training limit {report.training_context:,} tokens)")
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
    if args.model not in load_models():
        raise CliError(str(UnknownModel(args.model)))
    if args.epochs is not None and not 1 <= args.epochs <= 50:
        raise CliError("--epochs must be between 1 and 50.")
    try:
        source = from_path(args.path)
        report = analyze(source, args.model, epochs=args.epochs, file_name=Path(args.path).name)
    except UnreadableFile as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps(report.to_dict(max_problems=MAX_JSON_PROBLEMS), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
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
    check.add_argument("--model", default=DEFAULT_MODEL, help=f"model whose encoding and limits apply "
                       f"(default {DEFAULT_MODEL}; one of {', '.join(load_models())})")
    check.add_argument("--epochs", type=int, help="epochs to bill (default: the Cookbook's rule)")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.set_defaults(run=_analyze)
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


if __name__ == "__main__":
    sys.exit(main())
