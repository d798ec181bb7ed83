"""Fine-Tune Advisor on the command line: the same engine as the app, for scripts and quick checks.

Examples:

  Get a verdict for a saved scenario (download it from the app, or write it by hand):
    python -m lib recommend --answers data/samples/demo_answers.json
    python -m lib recommend --answers answers.json --json

Every mistake is reported as one sentence on stderr with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lib.decision import Verdict, evaluate
from lib.questionnaire import AnswersError
from lib.scenario import answers_from_json

USAGE_ERROR = 2


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
        print(json.dumps(verdict.to_dict(), indent=2))
    else:
        _print_verdict(verdict)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m lib", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    recommend = commands.add_parser("recommend", help="verdict and reasons for a saved answers file")
    recommend.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    recommend.add_argument("--json", action="store_true", help="print JSON instead of text")
    recommend.set_defaults(run=_recommend)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
