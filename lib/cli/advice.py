"""`recommend` and `compare`: the verdict for a saved answers file, and every option priced beside it."""

from __future__ import annotations

import argparse
import json
from datetime import date

from lib import clock
from lib.advice.advise import Advice, advise
from lib.advice.questionnaire import Answers, AnswersError
from lib.advice.rules import Verdict
from lib.advice.scenario import MAX_ANSWERS_BYTES, answers_from_json
from lib.catalog.prices import Price, load_prices
from lib.cli.common import CliError, bounded, number, parse_date, price_json
from lib.cli.prices import table
from lib.costs.money import dollars
from lib.costs.options import FINE_TUNED, PricedOption, training_data
from lib.costs.settings import CostSettings
from lib.files import FileProblem, read_checked
from lib.numbers import parse_whole


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


def _advice(answers: Answers, today: date | None = None, as_of: date | None = None,
            horizon_months: int = 12, prices: tuple[Price, ...] | None = None) -> Advice:
    today = today or clock.today()
    settings = CostSettings(as_of=as_of or today, today=today, horizon_months=horizon_months)
    return advise(answers, training_data(answers, None, None, None, None), settings,
                  prices if prices is not None else load_prices())


def recommend(args: argparse.Namespace) -> int:
    answers = read_answers(args.answers)
    verdict = _advice(answers).verdict
    if args.json:
        print(json.dumps(verdict.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_verdict(verdict)
    return 0


def _option_json(option: PricedOption, months: int) -> dict[str, object]:
    return {
        "id": option.id, "role": option.role, "provider": option.provider, "model": option.model,
        "kind": option.kind, "label": option.label, "availability": option.availability,
        "availability_reason": option.status.sentence if option.status else None,
        "fits": option.fits, "fit_notes": list(option.fit_notes),
        "training_usd": number(option.training_usd), "project_usd": number(option.project_usd),
        "monthly_usd": number(option.monthly.total_usd), "horizon_usd": number(option.horizon_usd(months)),
        "payback_months": number(option.payback.value) if option.payback else None,
        "break_even_requests_per_month": (int(option.volume.value) if option.volume and option.volume.value
                                          is not None else None),
        "replicas": option.replicas,
        "serving_until": option.serving_until.isoformat() if option.serving_until else None,
        "serving_months": number(option.serving_months) if option.serving_months is not None else (
            months if option.role == FINE_TUNED else None),
        "ends": option.ends or None,
        "other_one_off": [{"what": what, "usd": number(usd)} for what, usd in option.extra_one_off],
        "price": price_json(option.price),
    }


def compare(args: argparse.Namespace) -> int:
    answers = read_answers(args.answers)
    advice = _advice(answers, args.today, args.as_of, args.horizon_months, table(args.prices))
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
            "baseline": _option_json(comparison.baseline, months) if comparison.baseline else None,
            "current": _option_json(current, months) if current else None,
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


def add_recommend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=recommend)


def add_compare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", required=True, help="answers JSON (as downloaded from the app)")
    parser.add_argument("--today", type=parse_date, help="judge availability on this date (default today)")
    parser.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default: --today)")
    parser.add_argument("--horizon-months", type=bounded(parse_whole, 1, 120), default=12,
                            help="months the training cost is spread over (default 12)")
    parser.add_argument("--prices", help="your own price file (CSV or TOML with the catalog's columns)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=compare)


def read_answers(path: str) -> Answers:
    try:
        return answers_from_json(read_checked(path, "answers file", limit=MAX_ANSWERS_BYTES + 1))
    except FileProblem as error:
        raise CliError(str(error)) from None
    except AnswersError as error:
        raise CliError(f"{path}: {error}") from None
